/*
 * fetch.c — concurrent GETs with the libcurl multi interface and a single
 * POST, under the safety rules in fetch.h.
 *
 * Redirects are not left to libcurl: a 3xx answer's Location is checked
 * here and followed only when scheme, host and port stay the same, so the
 * bearer token is never sent to a host the user did not name.
 */
#include "net/fetch.h"
#include "net/http.h"
#include "core/fr.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_REDIRECTS 5

/* The soname of libcurl 4, the ABI this file is written against. */
#define FR_LIBCURL "libcurl.so.4"

enum { ST_WAIT, ST_ACTIVE, ST_DONE };

void
fr_fetch_opts_init(struct fr_fetch_opts *o)
{
	memset(o, 0, sizeof *o);
	o->timeout_ms = 30000;
	o->retries = 2;
	o->backoff_ms = 500;
	o->max_bytes = 256u << 20;
	o->parallel = 32;
}

/* Milliseconds on the monotonic clock, for the pauses between retries. */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * libcurl is loaded when the first URL is met, not when frfile starts: it
 * and the 25 libraries only it brings (gnutls, krb5, ldap …) cost every
 * frfile process about 10 ms, and only count's http sources, calendar
 * fetch and check --notify use it.
 * cu holds the functions this file calls, found in libcurl by name.
 */
static struct {
	CURLcode (*global_init)(long);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void (*easy_cleanup)(CURL *);
	const char *(*easy_strerror)(CURLcode);
	void (*free)(void *);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_add_handle)(CURLM *, CURL *);
	CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
	CURLMcode (*multi_perform)(CURLM *, int *);
	CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned int,
	    int, int *);
	CURLMsg *(*multi_info_read)(CURLM *, int *);
	CURLMcode (*multi_cleanup)(CURLM *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
	CURLU *(*url)(void);
	CURLUcode (*url_set)(CURLU *, CURLUPart, const char *, unsigned int);
	CURLUcode (*url_get)(const CURLU *, CURLUPart, char **, unsigned int);
	void (*url_cleanup)(CURLU *);
} cu;

static char *cu_error;	/* why libcurl could not be loaded, or NULL */

/* Loads libcurl and fills cu, once for the process. */
static void
cu_load(void)
{
#define CU(f) { "curl_" #f, (void **)&cu.f }
	static const struct {
		const char *name;
		void **slot;
	} fn[] = {
		CU(global_init), CU(easy_init), CU(easy_setopt),
		CU(easy_perform), CU(easy_getinfo), CU(easy_cleanup),
		CU(easy_strerror), CU(free), CU(multi_init),
		CU(multi_add_handle), CU(multi_remove_handle),
		CU(multi_perform), CU(multi_poll), CU(multi_info_read),
		CU(multi_cleanup), CU(slist_append), CU(slist_free_all),
		CU(url), CU(url_set), CU(url_get), CU(url_cleanup),
	};
#undef CU
	void *h = dlopen(FR_LIBCURL, RTLD_NOW | RTLD_LOCAL);
	size_t i;

	if (h == NULL) {
		cu_error = fr_xasprintf("cannot load %s (%s): install the "
		    "libcurl4 package", FR_LIBCURL, dlerror());
		return;
	}
	for (i = 0; i < sizeof fn / sizeof fn[0]; i++)
		if ((*fn[i].slot = dlsym(h, fn[i].name)) == NULL) {
			cu_error = fr_xasprintf("%s lacks %s: libcurl 7.85 "
			    "or later is needed", FR_LIBCURL, fn[i].name);
			return;
		}
	cu.global_init(CURL_GLOBAL_DEFAULT);
}

/* NULL once libcurl is loaded; otherwise why not, for the caller's error. */
static const char *
curl_missing(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, cu_load);
	return cu_error;
}

/*
 * fr_url_redact without libcurl, for the message that says it is missing:
 * the URL up to its query or fragment, without user and password.
 */
static char *
redact_plain(const char *url)
{
	const char *auth = strstr(url, "://"), *at, *end;

	auth = auth != NULL ? auth + 3 : url;
	end = auth + strcspn(auth, "/?#");
	at = memchr(auth, '@', (size_t)(end - auth));
	end = url + strcspn(url, "?#");
	if (at == NULL)
		return fr_xasprintf("%.*s", (int)(end - url), url);
	return fr_xasprintf("%.*s%.*s", (int)(auth - url), url,
	    (int)(end - at - 1), at + 1);
}

char *
fr_url_redact(const char *url)
{
	CURLU *u;
	char *s = NULL, *out;

	if (curl_missing() != NULL)
		return redact_plain(url);
	u = cu.url();
	if (u == NULL || cu.url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		cu.url_cleanup(u);
		return fr_xstrdup("(invalid URL)");
	}
	cu.url_set(u, CURLUPART_USER, NULL, 0);
	cu.url_set(u, CURLUPART_PASSWORD, NULL, 0);
	cu.url_set(u, CURLUPART_QUERY, NULL, 0);
	cu.url_set(u, CURLUPART_FRAGMENT, NULL, 0);
	if (cu.url_get(u, CURLUPART_URL, &s, 0) != CURLUE_OK) {
		cu.url_cleanup(u);
		return fr_xstrdup("(invalid URL)");
	}
	out = fr_xstrdup(s);
	cu.free(s);
	cu.url_cleanup(u);
	return out;
}

/* scheme://host:port of a URL, for the same-origin redirect rule. */
static char *
origin(const char *url)
{
	CURLU *u = cu.url();
	char *sc = NULL, *h = NULL, *p = NULL, *out = NULL;

	if (u != NULL && cu.url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    cu.url_get(u, CURLUPART_SCHEME, &sc, 0) == CURLUE_OK &&
	    cu.url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK &&
	    cu.url_get(u, CURLUPART_PORT, &p, CURLU_DEFAULT_PORT) == CURLUE_OK)
		out = fr_xasprintf("%s://%s:%s", sc, h, p);
	cu.free(sc);
	cu.free(h);
	cu.free(p);
	cu.url_cleanup(u);
	return out;
}

/* The host of a URL for a message, "?" when there is none; caller frees. */
static char *
host_of(const char *url)
{
	CURLU *u = cu.url();
	char *h = NULL, *out;

	if (u == NULL || cu.url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    cu.url_get(u, CURLUPART_HOST, &h, 0) != CURLUE_OK)
		out = fr_xstrdup("?");
	else
		out = fr_xstrdup(h);
	cu.free(h);
	cu.url_cleanup(u);
	return out;
}

/* libcurl's write callback: appends to the body, or stops past the limit. */
static size_t
on_data(char *p, size_t size, size_t nmemb, void *arg)
{
	struct fr_fetch *f = arg;
	size_t n = size * nmemb;

	if (n > f->max || f->len > f->max - n) {
		f->toolarge = 1;
		return 0;	/* stops the transfer: CURLE_WRITE_ERROR */
	}
	f->body = fr_xrealloc(f->body, f->len + n + 1);
	memcpy(f->body + f->len, p, n);
	f->len += n;
	f->body[f->len] = '\0';
	return n;
}

/*
 * The request headers: Accept, the content type if given, the bearer token
 * if set. Caller frees them with slist_free_all.
 */
static struct curl_slist *
headers(const struct fr_fetch_opts *o, const char *content_type)
{
	struct curl_slist *h = NULL;
	char *line;

	h = cu.slist_append(h, "Accept: application/json");
	if (content_type != NULL) {
		line = fr_xasprintf("Content-Type: %s", content_type);
		h = cu.slist_append(h, line);
		free(line);
	}
	if (o->token != NULL) {
		line = fr_xasprintf("Authorization: Bearer %s", o->token);
		h = cu.slist_append(h, line);
		memset(line, 0, strlen(line));
		free(line);
	}
	return h;
}

/*
 * Sets a handle up for url under the rules of fetch.h: http and https only,
 * no redirect followed by libcurl, the peer verified, timeouts and the size
 * limit; the answer goes to f.
 */
static void
setup(CURL *e, const char *url, const struct fr_fetch_opts *o,
    struct curl_slist *hdr, struct fr_fetch *f)
{
	long ct = o->timeout_ms < 10000 ? o->timeout_ms : 10000;

	cu.easy_setopt(e, CURLOPT_URL, url);
	cu.easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	cu.easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	cu.easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	cu.easy_setopt(e, CURLOPT_TIMEOUT_MS, o->timeout_ms);
	cu.easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, ct);
	cu.easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	cu.easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (o->ca_file != NULL)
		cu.easy_setopt(e, CURLOPT_CAINFO, o->ca_file);
	cu.easy_setopt(e, CURLOPT_HTTPHEADER, hdr);
	cu.easy_setopt(e, CURLOPT_USERAGENT, "frfile/" FR_VERSION);
	/* Sizes are checked after decoding: a compressed bomb trips too. */
	cu.easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	cu.easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_bytes);
	cu.easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data);
	cu.easy_setopt(e, CURLOPT_WRITEDATA, f);
	cu.easy_setopt(e, CURLOPT_ERRORBUFFER, f->errbuf);
	cu.easy_setopt(e, CURLOPT_PRIVATE, f);
}

/* Drops an attempt's body and error text before the next one. */
static void
reset_body(struct fr_fetch *f)
{
	free(f->body);
	f->body = NULL;
	f->len = 0;
	f->toolarge = 0;
	f->errbuf[0] = '\0';
}

/* Takes msg as the error (NULL for none); the kind becomes OK or TRANSFER. */
static void
set_err(struct fr_fetch *f, char *msg)
{
	free(f->err);
	f->err = msg;
	f->kind = msg == NULL ? FR_FETCH_OK : FR_FETCH_TRANSFER;
}

/*
 * Decide what a finished attempt means: done, retry later, or follow a
 * same-origin redirect now. Returns the new state.
 */
static int
finish(struct fr_fetch *f, CURLcode res, const struct fr_fetch_opts *o)
{
	CURL *e = f->easy;
	char *loc = NULL, *a, *b, *host;
	int retry = 0;

	f->status = 0;
	cu.easy_getinfo(e, CURLINFO_RESPONSE_CODE, &f->status);
	if (res == CURLE_OK && f->status >= 200 && f->status < 300) {
		set_err(f, NULL);
		if (f->body == NULL)
			f->body = fr_xstrdup("");
		return ST_DONE;
	}
	if (res == CURLE_OK && f->status >= 300 && f->status < 400) {
		cu.easy_getinfo(e, CURLINFO_REDIRECT_URL, &loc);
		if (loc == NULL) {
			set_err(f, fr_xasprintf("HTTP %ld without a Location",
			    f->status));
			f->kind = FR_FETCH_REDIRECT;
			goto fail;
		}
		a = origin(f->cur);
		b = origin(loc);
		if (a == NULL || b == NULL || strcmp(a, b) != 0) {
			host = host_of(loc);
			set_err(f, fr_xasprintf("redirect to another host (%s) "
			    "refused", host));
			f->kind = FR_FETCH_REDIRECT;
			free(host);
			free(a);
			free(b);
			goto fail;
		}
		free(a);
		free(b);
		if (++f->redirects > MAX_REDIRECTS) {
			set_err(f, fr_xasprintf("more than %d redirects",
			    MAX_REDIRECTS));
			f->kind = FR_FETCH_REDIRECT;
			goto fail;
		}
		a = fr_xstrdup(loc);
		free(f->cur);
		f->cur = a;
		f->attempts--;	/* a redirect is not a retry */
		f->next_ms = 0;
		reset_body(f);
		return ST_WAIT;
	}
	if (res == CURLE_OK) {
		if ((f->status == 401 || f->status == 403) && o->token != NULL)
			set_err(f, fr_xasprintf("HTTP %ld: the bearer token was "
			    "refused (--token-file or FRFILE_TOKEN)", f->status));
		else {
			set_err(f, fr_xasprintf("HTTP %ld", f->status));
			retry = f->status == 429 || f->status >= 500;
		}
		f->kind = FR_FETCH_STATUS;
	} else if (f->toolarge || res == CURLE_FILESIZE_EXCEEDED) {
		set_err(f, fr_xasprintf("response larger than the limit of %zu "
		    "bytes", o->max_bytes));
		f->kind = FR_FETCH_SIZE;
	} else if (res == CURLE_OPERATION_TIMEDOUT) {
		set_err(f, fr_xasprintf("no complete answer within %ld ms",
		    o->timeout_ms));
		retry = 1;
	} else {
		set_err(f, fr_xasprintf("%s%s%s", cu.easy_strerror(res),
		    f->errbuf[0] ? ": " : "", f->errbuf));
		retry = res == CURLE_COULDNT_CONNECT ||
		    res == CURLE_COULDNT_RESOLVE_HOST ||
		    res == CURLE_GOT_NOTHING || res == CURLE_RECV_ERROR ||
		    res == CURLE_SEND_ERROR || res == CURLE_PARTIAL_FILE;
	}
	if (retry && f->attempts <= o->retries) {
		/* Exponential backoff: 1, 2, 4 … times the first pause. */
		f->next_ms = now_ms() + (o->backoff_ms << (f->attempts - 1));
		reset_body(f);
		return ST_WAIT;
	}
fail:
	reset_body(f);
	if (f->attempts > 1) {
		char *m = fr_xasprintf("%s (after %d attempts)", f->err,
		    f->attempts);
		int kind = f->kind;

		set_err(f, m);
		f->kind = kind;
	}
	return ST_DONE;
}

size_t
fr_fetch_all(struct fr_fetch *v, size_t n, const struct fr_fetch_opts *o)
{
	CURLM *m;
	CURLMsg *msg;
	struct curl_slist *hdr;
	struct fr_fetch *f;
	size_t i, pending = n, failed = 0;
	int running, q, active = 0, par = o->parallel > 0 ? o->parallel : 1;
	long long now, wait;

	for (i = 0; i < n; i++) {
		f = &v[i];
		f->body = NULL;
		f->len = 0;
		f->err = NULL;
		f->kind = FR_FETCH_OK;
		f->status = 0;
		f->attempts = 0;
		f->redirects = 0;
		f->max = o->max_bytes;
		f->cur = fr_xstrdup(f->url);
		f->state = ST_WAIT;
		f->next_ms = 0;
		f->easy = NULL;
		f->errbuf[0] = '\0';
	}
	if (curl_missing() != NULL) {
		for (i = 0; i < n; i++) {
			v[i].err = fr_xstrdup(curl_missing());
			v[i].kind = FR_FETCH_TRANSFER;
		}
		return n;
	}
	m = cu.multi_init();
	hdr = headers(o, NULL);
	for (i = 0; i < n; i++)
		v[i].easy = cu.easy_init();
	while (pending > 0) {
		now = now_ms();
		wait = 1000;
		for (i = 0; i < n && active < par; i++) {
			f = &v[i];
			if (f->state != ST_WAIT)
				continue;
			if (f->next_ms > now) {
				if (f->next_ms - now < wait)
					wait = f->next_ms - now;
				continue;
			}
			setup(f->easy, f->cur, o, hdr, f);
			f->attempts++;
			f->state = ST_ACTIVE;
			cu.multi_add_handle(m, f->easy);
			active++;
		}
		cu.multi_perform(m, &running);
		while ((msg = cu.multi_info_read(m, &q)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			cu.easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
			    (char **)&f);
			cu.multi_remove_handle(m, msg->easy_handle);
			active--;
			f->state = finish(f, msg->data.result, o);
			if (f->state == ST_DONE) {
				pending--;
				if (f->err != NULL)
					failed++;
			} else
				wait = 0;
		}
		if (pending > 0)
			cu.multi_poll(m, NULL, 0, (int)(wait > 0 ? wait : 0), NULL);
	}
	for (i = 0; i < n; i++) {
		cu.easy_cleanup(v[i].easy);
		v[i].easy = NULL;
	}
	cu.slist_free_all(hdr);
	cu.multi_cleanup(m);
	return failed;
}

void
fr_fetch_release(struct fr_fetch *f)
{
	free(f->body);
	free(f->err);
	free(f->cur);
	f->body = f->err = f->cur = NULL;
}

int
fr_http_post(const char *url, const char *content_type, const char *body,
    const struct fr_fetch_opts *o, long *status, char **resp, char **err)
{
	struct fr_fetch f;
	struct curl_slist *hdr;
	CURLcode res;
	int st, rc = FR_EIO;

	if (curl_missing() != NULL) {
		*status = 0;
		*err = fr_xstrdup(curl_missing());
		return FR_EIO;
	}
	memset(&f, 0, sizeof f);
	f.url = url;
	f.cur = fr_xstrdup(url);
	f.max = o->max_bytes;
	f.easy = cu.easy_init();
	hdr = headers(o, content_type);
	do {
		setup(f.easy, f.cur, o, hdr, &f);
		cu.easy_setopt(f.easy, CURLOPT_POSTFIELDS, body);
		cu.easy_setopt(f.easy, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)strlen(body));
		f.attempts++;
		res = cu.easy_perform(f.easy);
		st = finish(&f, res, o);
		if (st == ST_WAIT && f.next_ms > 0) {
			long long d = f.next_ms - now_ms();
			struct timespec ts;

			if (d > 0) {
				ts.tv_sec = d / 1000;
				ts.tv_nsec = (d % 1000) * 1000000;
				nanosleep(&ts, NULL);
			}
		}
	} while (st == ST_WAIT);
	*status = f.status;
	if (f.err == NULL) {
		rc = FR_OK;
		if (resp != NULL) {
			*resp = f.body;
			f.body = NULL;
		}
	} else {
		*err = f.err;
		f.err = NULL;
	}
	cu.easy_cleanup(f.easy);
	cu.slist_free_all(hdr);
	fr_fetch_release(&f);
	return rc;
}

/* http or https, by libcurl's own URL parser. */
static int
web_url(const char *url)
{
	CURLU *u = cu.url();
	char *sc = NULL;
	int ok;

	ok = u != NULL && cu.url_set(u, CURLUPART_URL, url, 0) ==
	    CURLUE_OK && cu.url_get(u, CURLUPART_SCHEME, &sc, 0) ==
	    CURLUE_OK && (strcmp(sc, "http") == 0 || strcmp(sc, "https") == 0);
	cu.free(sc);
	cu.url_cleanup(u);
	return ok;
}

/*
 * One GET through fr_fetch_all: the same TLS, size, protocol and
 * same-origin redirect rules as the fleet, no retries, 200 only.
 */
int
fr_http_get(const char *url, const struct fr_http_opts *opts, char **body,
    size_t *lenp, struct fr_diags *d)
{
	struct fr_fetch_opts fo;
	struct fr_fetch f;
	int rc = FR_EIO;

	*body = NULL;
	if (curl_missing() != NULL) {
		fr_diag_add(d, FR_SEV_ERROR, url, NULL, 0, 0, "http.transfer",
		    "%s", curl_missing());
		return FR_EIO;
	}
	if (!web_url(url)) {
		fr_diag_add(d, FR_SEV_ERROR, url, NULL, 0, 0, "http.url",
		    "not an http or https URL");
		return FR_EINVAL;
	}
	fr_fetch_opts_init(&fo);
	fo.ca_file = opts->ca_file;
	fo.timeout_ms = (opts->timeout > 0 ? opts->timeout : 30) * 1000;
	fo.retries = 0;
	fo.max_bytes = opts->max_size > 0 ? opts->max_size : 1024 * 1024;
	fo.parallel = 1;
	memset(&f, 0, sizeof f);
	f.url = url;
	fr_fetch_all(&f, 1, &fo);
	if (f.err == NULL && f.status != 200) {
		f.kind = FR_FETCH_STATUS;
		f.err = fr_xasprintf("HTTP %ld", f.status);
	}
	switch (f.err == NULL ? FR_FETCH_OK : f.kind) {
	case FR_FETCH_OK:
		*body = f.body;
		f.body = NULL;
		if (lenp != NULL)
			*lenp = f.len;
		rc = FR_OK;
		break;
	case FR_FETCH_STATUS:
		fr_diag_add(d, FR_SEV_ERROR, url, NULL, 0, 0, "http.status",
		    "the server answered HTTP %ld, expected 200", f.status);
		break;
	case FR_FETCH_SIZE:
		fr_diag_add(d, FR_SEV_ERROR, url, NULL, 0, 0, "http.size",
		    "the response is larger than the limit of %zu bytes",
		    fo.max_bytes);
		rc = FR_ERANGE;
		break;
	case FR_FETCH_REDIRECT:
		fr_diag_add(d, FR_SEV_ERROR, url, NULL, 0, 0, "http.redirect",
		    "%s", f.err);
		break;
	default:
		fr_diag_add(d, FR_SEV_ERROR, url, NULL, 0, 0, "http.transfer",
		    "%s", f.err);
		break;
	}
	fr_fetch_release(&f);
	return rc;
}
