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
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_REDIRECTS 5

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

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
global_init(void)
{
	static int done;

	if (!done) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		done = 1;
	}
}

char *
fr_url_redact(const char *url)
{
	CURLU *u = curl_url();
	char *s = NULL, *out;

	if (u == NULL || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		curl_url_cleanup(u);
		return fr_xstrdup("(invalid URL)");
	}
	curl_url_set(u, CURLUPART_USER, NULL, 0);
	curl_url_set(u, CURLUPART_PASSWORD, NULL, 0);
	curl_url_set(u, CURLUPART_QUERY, NULL, 0);
	curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0);
	if (curl_url_get(u, CURLUPART_URL, &s, 0) != CURLUE_OK) {
		curl_url_cleanup(u);
		return fr_xstrdup("(invalid URL)");
	}
	out = fr_xstrdup(s);
	curl_free(s);
	curl_url_cleanup(u);
	return out;
}

/* scheme://host:port of a URL, for the same-origin redirect rule. */
static char *
origin(const char *url)
{
	CURLU *u = curl_url();
	char *sc = NULL, *h = NULL, *p = NULL, *out = NULL;

	if (u != NULL && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &sc, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &p, CURLU_DEFAULT_PORT) == CURLUE_OK)
		out = fr_xasprintf("%s://%s:%s", sc, h, p);
	curl_free(sc);
	curl_free(h);
	curl_free(p);
	curl_url_cleanup(u);
	return out;
}

static char *
host_of(const char *url)
{
	CURLU *u = curl_url();
	char *h = NULL, *out;

	if (u == NULL || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &h, 0) != CURLUE_OK)
		out = fr_xstrdup("?");
	else
		out = fr_xstrdup(h);
	curl_free(h);
	curl_url_cleanup(u);
	return out;
}

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

static struct curl_slist *
headers(const struct fr_fetch_opts *o, const char *content_type)
{
	struct curl_slist *h = NULL;
	char *line;

	h = curl_slist_append(h, "Accept: application/json");
	if (content_type != NULL) {
		line = fr_xasprintf("Content-Type: %s", content_type);
		h = curl_slist_append(h, line);
		free(line);
	}
	if (o->token != NULL) {
		line = fr_xasprintf("Authorization: Bearer %s", o->token);
		h = curl_slist_append(h, line);
		memset(line, 0, strlen(line));
		free(line);
	}
	return h;
}

static void
setup(CURL *e, const char *url, const struct fr_fetch_opts *o,
    struct curl_slist *hdr, struct fr_fetch *f)
{
	long ct = o->timeout_ms < 10000 ? o->timeout_ms : 10000;

	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, o->timeout_ms);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, ct);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (o->ca_file != NULL)
		curl_easy_setopt(e, CURLOPT_CAINFO, o->ca_file);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "frfile/" FR_VERSION);
	/* Sizes are checked after decoding: a compressed bomb trips too. */
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_bytes);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, f);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, f->errbuf);
	curl_easy_setopt(e, CURLOPT_PRIVATE, f);
}

static void
reset_body(struct fr_fetch *f)
{
	free(f->body);
	f->body = NULL;
	f->len = 0;
	f->toolarge = 0;
	f->errbuf[0] = '\0';
}

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
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &f->status);
	if (res == CURLE_OK && f->status >= 200 && f->status < 300) {
		set_err(f, NULL);
		if (f->body == NULL)
			f->body = fr_xstrdup("");
		return ST_DONE;
	}
	if (res == CURLE_OK && f->status >= 300 && f->status < 400) {
		curl_easy_getinfo(e, CURLINFO_REDIRECT_URL, &loc);
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
		set_err(f, fr_xasprintf("%s%s%s", curl_easy_strerror(res),
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

	global_init();
	m = curl_multi_init();
	hdr = headers(o, NULL);
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
		f->easy = curl_easy_init();
		f->errbuf[0] = '\0';
	}
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
			curl_multi_add_handle(m, f->easy);
			active++;
		}
		curl_multi_perform(m, &running);
		while ((msg = curl_multi_info_read(m, &q)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
			    (char **)&f);
			curl_multi_remove_handle(m, msg->easy_handle);
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
			curl_multi_poll(m, NULL, 0, (int)(wait > 0 ? wait : 0), NULL);
	}
	for (i = 0; i < n; i++) {
		curl_easy_cleanup(v[i].easy);
		v[i].easy = NULL;
	}
	curl_slist_free_all(hdr);
	curl_multi_cleanup(m);
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

	global_init();
	memset(&f, 0, sizeof f);
	f.url = url;
	f.cur = fr_xstrdup(url);
	f.max = o->max_bytes;
	f.easy = curl_easy_init();
	hdr = headers(o, content_type);
	do {
		setup(f.easy, f.cur, o, hdr, &f);
		curl_easy_setopt(f.easy, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(f.easy, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)strlen(body));
		f.attempts++;
		res = curl_easy_perform(f.easy);
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
	curl_easy_cleanup(f.easy);
	curl_slist_free_all(hdr);
	fr_fetch_release(&f);
	return rc;
}

/* http or https, by libcurl's own URL parser. */
static int
web_url(const char *url)
{
	CURLU *u = curl_url();
	char *sc = NULL;
	int ok;

	ok = u != NULL && curl_url_set(u, CURLUPART_URL, url, 0) ==
	    CURLUE_OK && curl_url_get(u, CURLUPART_SCHEME, &sc, 0) ==
	    CURLUE_OK && (strcmp(sc, "http") == 0 || strcmp(sc, "https") == 0);
	curl_free(sc);
	curl_url_cleanup(u);
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
