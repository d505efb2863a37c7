/*
 * fetch.h — many HTTP(S) GETs at once (the libcurl multi interface) for
 * gathering a fleet's facts, and one POST for webhooks.
 *
 * This is frfile's one libcurl GET path: the fleet's facts and `calendar
 * fetch` (net/http.h, one request through the same code) alike.
 *
 * Safety rules every request follows: TLS verification on (a CA file may
 * be named); only http and https; a bearer token sent as a header, never
 * in a URL or a message; a per-request time limit; a response size limit,
 * enforced while the body streams in; redirects followed only within the
 * same scheme, host and port (a redirect to another host is refused, so
 * the token never leaves); bounded retries with exponential backoff for
 * connection failures, time-outs, 429 and 5xx.
 *
 * Ownership: the options are borrowed. Each struct fr_fetch owns its body
 * and error message (fr_fetch_release).
 */
#ifndef FR_FETCH_H
#define FR_FETCH_H

#include <stddef.h>

struct fr_fetch_opts {
	const char *token;	/* bearer token, NULL for none */
	const char *ca_file;	/* NULL: the system's CA store */
	long timeout_ms;	/* per attempt, whole transfer */
	int retries;		/* extra attempts after the first */
	long backoff_ms;	/* first pause; doubles each retry */
	size_t max_bytes;	/* response size limit */
	int parallel;		/* transfers at once */
};

/* What kind of failure err describes. */
enum fr_fetch_kind {
	FR_FETCH_OK,
	FR_FETCH_TRANSFER,	/* connection, TLS, time-out */
	FR_FETCH_STATUS,	/* an HTTP status that is not 2xx or 3xx */
	FR_FETCH_SIZE,		/* the body is over the limit */
	FR_FETCH_REDIRECT,	/* elsewhere, too many, or no Location */
	FR_FETCH_URL		/* not an http or https URL */
};

struct fr_fetch {
	const char *url;	/* borrowed */
	char *body;		/* NUL-terminated, NULL on failure */
	size_t len;
	long status;		/* HTTP status of the last attempt */
	int attempts;
	char *err;		/* one line, NULL on success */
	int kind;		/* enum fr_fetch_kind */
	/* private */
	void *easy;
	char *cur;		/* current URL after same-host redirects */
	int redirects;
	int toolarge;
	size_t max;
	long long next_ms;
	int state;
	char errbuf[256];
};

void fr_fetch_opts_init(struct fr_fetch_opts *);
/* Fetch all; each request's err says how it failed. Returns failures. */
size_t fr_fetch_all(struct fr_fetch *, size_t n, const struct fr_fetch_opts *);
void fr_fetch_release(struct fr_fetch *);

/*
 * POST body to url. FR_OK when the server answered 2xx (the body, up to
 * the size limit, is returned in *resp when resp is not NULL); otherwise
 * an error and a one-line *err.
 */
int fr_http_post(const char *url, const char *content_type, const char *body,
    const struct fr_fetch_opts *, long *status, char **resp, char **err);

/* The URL for messages: no user info, no query (tokens live there). */
char *fr_url_redact(const char *url);

#endif
