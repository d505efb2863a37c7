/*
 * http.h — one HTTP(S) GET of one URL into memory, with the safety a tool
 * run from cron needs: TLS verification always on (a CA file may be
 * given), connect and total timeouts, a size limit enforced while
 * receiving, http and https only, and redirects followed only within the
 * same scheme, host and port (at most five).
 *
 * Implemented in fetch.c on the fleet fetcher's code (one libcurl GET
 * path, one redirect rule: same scheme, host and port). Ownership: *body
 * is the caller's to free.
 */
#ifndef FR_HTTP_H
#define FR_HTTP_H

#include <stddef.h>

#include "core/diag.h"

struct fr_http_opts {
	const char *ca_file;	/* PEM bundle to verify with, or NULL */
	long timeout;		/* seconds for the whole transfer, 0 → 30 */
	size_t max_size;	/* bytes, 0 → 1 MiB */
};

/*
 * Fetches url. Returns FR_OK with the body (NUL-terminated) when the
 * server answered 200; FR_EINVAL for a URL that is not http(s),
 * FR_ERANGE for a body over the limit, FR_EIO otherwise. One diagnostic
 * (file = the URL) says what went wrong.
 */
int fr_http_get(const char *url, const struct fr_http_opts *,
    char **body, size_t *len, struct fr_diags *);

#endif
