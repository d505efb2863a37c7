/*
 * serve.c — frmatch's facts service on libmicrohttpd (see serve.h).
 *
 * Only the aggregate facts leave the device (Measures Art. 14: no facial
 * information is transmitted): enrolment, matching and deletion are not
 * reachable over the network. Limits: a connection cap, a per-address
 * cap well below it (one address cannot take every slot), an idle
 * timeout, a per-connection memory pool (which bounds the request line
 * and headers), a URI length cap answered with 414 at once, and a
 * deadline for the whole request to arrive; a request body is refused.
 *
 * libmicrohttpd 0.9.75 has only an idle timeout: a client sending one
 * byte every few seconds keeps a connection for hours. So every
 * connection is tracked from MHD's connection-notify callback (start
 * time and socket), and a watchdog thread shuts down the socket of any
 * connection whose request has not fully arrived by the deadline;
 * libmicrohttpd then sees end of input and closes it. Responses close
 * the connection, so the deadline covers every request.
 */
#include "frmatch/serve.h"
#include "frmatch/crypto.h"
#include "frmatch/facts.h"
#include "frmatch/measure.h"
#include "frmatch/store.h"
#include "core/date.h"
#include "core/fr.h"

#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define URI_MAX		8192	/* bytes of path and query */
#define POOL_SIZE	65536	/* per connection: request line, headers */

/* One open connection, from the notify callback's STARTED to CLOSED. */
struct conn {
	struct MHD_Connection *c;
	int fd;
	struct timespec start;
	int arrived;		/* the handler has seen its request */
	int cut;		/* shut down by the watchdog */
	struct conn *next;
};

/* Per request (the URI log callback's return value is *con_cls). */
struct req {
	size_t urilen;
	int seen;		/* the handler was called once */
};

struct server {
	const struct fm_serve_opts *o;
	unsigned char token_hash[FM_HASH_LEN];
	char listen[80];
	pthread_mutex_t lock;	/* one facts build at a time */
	pthread_mutex_t cmu;	/* conns, stop */
	pthread_cond_t wake;
	struct conn *conns;
	int stop;
};

/* Seconds from a to b. */
static double
since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/*
 * Connection notify: a started connection joins the list the watchdog reads,
 * with its socket and start time; a closed one leaves it.
 */
static void
notify(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode code)
{
	struct server *sv = cls;
	const union MHD_ConnectionInfo *ci;
	struct conn *k, **pp;

	pthread_mutex_lock(&sv->cmu);
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		k = fr_xcalloc(1, sizeof *k);
		k->c = c;
		ci = MHD_get_connection_info(c,
		    MHD_CONNECTION_INFO_CONNECTION_FD);
		k->fd = ci != NULL ? ci->connect_fd : -1;
		clock_gettime(CLOCK_MONOTONIC, &k->start);
		k->next = sv->conns;
		sv->conns = k;
		*socket_context = k;
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
		/* Before libmicrohttpd closes the socket: the watchdog,
		 * holding cmu, never shuts down a reused descriptor. */
		for (pp = &sv->conns; *pp != NULL; pp = &(*pp)->next)
			if (*pp == *socket_context) {
				k = *pp;
				*pp = k->next;
				free(k);
				break;
			}
		*socket_context = NULL;
	}
	pthread_mutex_unlock(&sv->cmu);
}

/* Marks the request on c as arrived, so the watchdog leaves it alone. */
static void
mark_arrived(struct server *sv, struct MHD_Connection *c)
{
	struct conn *k;

	pthread_mutex_lock(&sv->cmu);
	for (k = sv->conns; k != NULL; k = k->next)
		if (k->c == c)
			k->arrived = 1;
	pthread_mutex_unlock(&sv->cmu);
}

/* Cut connections whose request has not arrived within the deadline. */
static void *
watchdog(void *arg)
{
	struct server *sv = arg;
	struct timespec now, until;
	struct conn *k;
	unsigned ncut;

	pthread_mutex_lock(&sv->cmu);
	while (!sv->stop) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		ncut = 0;
		for (k = sv->conns; k != NULL; k = k->next)
			if (!k->arrived && !k->cut && k->fd != -1 &&
			    since(&k->start, &now) >= sv->o->request_timeout) {
				shutdown(k->fd, SHUT_RDWR);
				k->cut = 1;
				ncut++;
			}
		if (ncut > 0)
			fprintf(stderr, "frmatch: serve: %u connection%s cut: "
			    "no complete request within %u s\n", ncut,
			    ncut == 1 ? "" : "s", sv->o->request_timeout);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 200 * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&sv->wake, &sv->cmu, &until);
	}
	pthread_mutex_unlock(&sv->cmu);
	return NULL;
}

/* Called once the request line is in: remember the URI's length. */
static void *
uri_log(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct req *r = fr_xcalloc(1, sizeof *r);

	(void)cls;
	(void)c;
	r->urilen = strlen(uri);
	return r;
}

/* One log line; the path is cut and made printable (it is client data). */
static void
log_request(const char *method, const char *url, int status, size_t bytes)
{
	char at[32], path[81];
	size_t i;

	for (i = 0; url[i] != '\0' && i < sizeof path - 1; i++)
		path[i] = (unsigned char)url[i] < 0x21 ||
		    (unsigned char)url[i] > 0x7e ? '?' : url[i];
	path[i] = '\0';
	fr_time_iso_cst(time(NULL), at);
	fprintf(stderr, "%s %.16s %s %d %zu\n", at, method, path, status,
	    bytes);
}

/*
 * Queues a response of status with body (taken over), the no-store and
 * close headers, and logs it.
 */
static enum MHD_Result
reply(struct MHD_Connection *c, const char *method, const char *url,
    int status, char *body, int json)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	size_t len = strlen(body);

	r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", json ?
	    "application/json" : "text/plain; charset=utf-8");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	/* One request per connection: the arrival deadline covers each. */
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (status == MHD_HTTP_UNAUTHORIZED)
		MHD_add_response_header(r, "WWW-Authenticate",
		    "Bearer realm=\"frmatch\"");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, "Allow", "GET");
	ret = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	log_request(method, url, status, len);
	return ret;
}

/* Answer with an error status and a JSON body naming the error. */
static enum MHD_Result
reply_error(struct MHD_Connection *c, const char *method, const char *url,
    int status, const char *msg)
{
	return reply(c, method, url, status,
	    fr_xasprintf("{\"error\": \"%s\"}\n", msg), 1);
}

/* 1 if the request carries the serve token as its bearer token, else 0. */
static int
authorised(struct server *sv, struct MHD_Connection *c)
{
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_AUTHORIZATION);
	unsigned char given[FM_HASH_LEN];

	if (h == NULL || strncmp(h, "Bearer ", 7) != 0)
		return 0;
	/* Compare hashes: equal length, constant time, no length leak. */
	fm_sha256(h + 7, strlen(h + 7), given);
	return fm_memeq(given, sv->token_hash, FM_HASH_LEN);
}

/*
 * Request handler: checks method, body, token and path, then builds the
 * facts from the store opened afresh and sends them.
 */
static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct server *sv = cls;
	struct req *rq = *con_cls;
	struct fm_facts_opts fo = { NULL, 0, NULL };
	struct fm_store *s = NULL;
	struct fm_err e = { "" };
	const char *wk;
	void *doc = NULL;
	char *body, *text;
	int with_keys, rc;

	mark_arrived(sv, c);
	if (rq != NULL && rq->urilen > URI_MAX)
		return reply_error(c, method, "(uri-too-long)", MHD_HTTP_URI_TOO_LONG,
		    "the request URI is too long");
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0)
		return reply_error(c, method, url, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "only GET is served");
	if (rq != NULL && !rq->seen) {
		rq->seen = 1;
		if (*upload_size == 0)
			return MHD_YES;
	}
	if (*upload_size != 0)
		return reply_error(c, method, url, MHD_HTTP_BAD_REQUEST,
		    "a request body is not accepted");
	if (!authorised(sv, c))
		return reply_error(c, method, url, MHD_HTTP_UNAUTHORIZED,
		    "a valid bearer token is required");
	if (strcmp(url, "/facts") != 0)
		return reply_error(c, method, url, MHD_HTTP_NOT_FOUND,
		    "only /facts is served");
	wk = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
	    "with_keys");
	with_keys = wk != NULL && strcmp(wk, "1") == 0;
	if (wk != NULL && !with_keys && strcmp(wk, "0") != 0)
		return reply_error(c, method, url, MHD_HTTP_BAD_REQUEST,
		    "with_keys must be 0 or 1");
	if (with_keys && sv->o->org_secret == NULL)
		return reply_error(c, method, url, MHD_HTTP_FORBIDDEN,
		    "keys are not enabled (serve was started without "
		    "--org-secret-file)");
	if (with_keys) {
		fo.org_secret = sv->o->org_secret;
		fo.org_secret_len = sv->o->org_secret_len;
	}
	fo.serving = sv->listen;
	pthread_mutex_lock(&sv->lock);
	rc = fm_store_open(sv->o->store, sv->o->keypath, 0, &s, &e);
	if (rc == FR_OK)
		rc = fm_facts_build(s, &fo, &doc, &e);
	if (rc == FR_OK)
		fm_measure_add(doc, sv->o->store, sv->o->keypath);
	fm_store_close(s);
	pthread_mutex_unlock(&sv->lock);
	if (rc != FR_OK) {
		/* The detail goes to the operator's log, not the client. */
		fprintf(stderr, "frmatch: serve: %s\n", e.msg);
		return reply_error(c, method, url, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the facts could not be generated");
	}
	body = cJSON_Print(doc);
	cJSON_Delete(doc);
	if (body == NULL)
		return MHD_NO;
	text = fr_xasprintf("%s\n", body);
	cJSON_free(body);
	return reply(c, method, url, MHD_HTTP_OK, text, 1);
}

/* Request completed: frees what uri_log allocated for it. */
static void
done(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	free(*con_cls);
	*con_cls = NULL;
}

int
fm_serve_run(const struct fm_serve_opts *o, struct fm_err *e)
{
	struct server sv;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	sigset_t set;
	pthread_t wd;
	char host[64];
	int sig = 0, port = 0;

	memset(&sv, 0, sizeof sv);
	sv.o = o;
	fm_sha256(o->token, o->token_len, sv.token_hash);
	pthread_mutex_init(&sv.lock, NULL);
	pthread_mutex_init(&sv.cmu, NULL);
	pthread_cond_init(&sv.wake, NULL);
	/* Signals go to sigwait below, not to the server's threads. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	d = MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD |
	    (o->addr->sa_family == AF_INET6 ? MHD_USE_IPv6 : 0), 0, NULL,
	    NULL, handle, &sv,
	    MHD_OPTION_SOCK_ADDR, o->addr,
	    MHD_OPTION_THREAD_POOL_SIZE, 2u,
	    MHD_OPTION_CONNECTION_LIMIT, o->max_connections,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->max_per_address,
	    MHD_OPTION_CONNECTION_TIMEOUT, o->timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)POOL_SIZE,
	    MHD_OPTION_URI_LOG_CALLBACK, uri_log, &sv,
	    MHD_OPTION_NOTIFY_COMPLETED, done, &sv,
	    MHD_OPTION_NOTIFY_CONNECTION, notify, &sv,
	    MHD_OPTION_END);
	if (d == NULL) {
		fm_seterr(e, "cannot listen (address in use or not "
		    "permitted)");
		pthread_mutex_destroy(&sv.lock);
		pthread_mutex_destroy(&sv.cmu);
		pthread_cond_destroy(&sv.wake);
		return FR_EIO;
	}
	if (pthread_create(&wd, NULL, watchdog, &sv) != 0) {
		MHD_stop_daemon(d);
		fm_seterr(e, "cannot start the request watchdog");
		return FR_EIO;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_LISTEN_FD);
	if (info != NULL && getsockname(info->listen_fd,
	    (struct sockaddr *)&ss, &sl) == 0) {
		if (ss.ss_family == AF_INET) {
			struct sockaddr_in *a = (struct sockaddr_in *)&ss;

			inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
			port = ntohs(a->sin_port);
			snprintf(sv.listen, sizeof sv.listen, "%s:%d", host,
			    port);
		} else {
			struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

			inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
			port = ntohs(a->sin6_port);
			snprintf(sv.listen, sizeof sv.listen, "[%s]:%d", host,
			    port);
		}
	}
	fprintf(stderr, "frmatch: serve: listening on %s (GET /facts)\n",
	    sv.listen);
	fflush(stderr);
	while (sigwait(&set, &sig) != 0)
		;
	fprintf(stderr, "frmatch: serve: %s received, stopping\n",
	    sig == SIGTERM ? "SIGTERM" : "SIGINT");
	pthread_mutex_lock(&sv.cmu);
	sv.stop = 1;
	pthread_cond_signal(&sv.wake);
	pthread_mutex_unlock(&sv.cmu);
	pthread_join(wd, NULL);
	MHD_stop_daemon(d);
	pthread_mutex_destroy(&sv.lock);
	pthread_mutex_destroy(&sv.cmu);
	pthread_cond_destroy(&sv.wake);
	return FR_OK;
}
