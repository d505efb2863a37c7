/*
 * serve.h — the facts over HTTP (libmicrohttpd): GET /facts and
 * GET /facts?with_keys=1, bearer token, nothing else. Only serve.c
 * includes microhttpd.h.
 */
#ifndef FM_SERVE_H
#define FM_SERVE_H

#include <stddef.h>
#include <sys/socket.h>

#include "frmatch/fm.h"

struct fm_serve_opts {
	const char *store, *keypath;
	const unsigned char *token;	/* the bearer token */
	size_t token_len;
	const unsigned char *org_secret;	/* NULL: with_keys refused */
	size_t org_secret_len;
	const struct sockaddr *addr;	/* where to listen */
	socklen_t addrlen;
	unsigned max_connections;
	unsigned max_per_address;	/* connections from one address */
	unsigned timeout;		/* idle seconds per connection */
	unsigned request_timeout;	/* seconds for a request to arrive */
};

/*
 * Serve until SIGTERM or SIGINT, then stop cleanly; logs one line per
 * request on stderr (time, method, path, status, bytes: never an id or a
 * token). Returns 0 after a clean stop.
 */
int fm_serve_run(const struct fm_serve_opts *, struct fm_err *);

#endif
