/*
 * http.c — a single-URL GET with libcurl for `calendar fetch`.
 *
 * Redirects are followed by hand: libcurl can follow them, but it cannot
 * be told "only to the same host", and a calendar fetched from one host
 * must not silently come from another.
 */
#include "net/http.h"
#include "core/fr.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

struct sink {
	char *buf;
	size_t len, max;
	int too_big;
};

static size_t
on_data(char *p, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t add = size * n;

	/* Enforced while receiving: a lying or absent Content-Length
	 * cannot make us buffer more than max. */
	if (s->len + add > s->max) {
		s->too_big = 1;
		return 0;
	}
	s->buf = fr_xrealloc(s->buf, s->len + add + 1);
	memcpy(s->buf + s->len, p, add);
	s->len += add;
	s->buf[s->len] = '\0';
	return add;
}

/* scheme and host of a URL (lowercase as curl normalises them). */
static int
url_parts(const char *url, char **scheme, char **host)
{
	CURLU *u = curl_url();
	int rc = FR_EINVAL;

	*scheme = *host = NULL;
	if (u == NULL)
		return FR_EIO;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, host, 0) == CURLUE_OK)
		rc = FR_OK;
	curl_url_cleanup(u);
	return rc;
}

static int
once(void)
{
	static int done;

	if (!done) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return FR_EIO;
		done = 1;
	}
	return FR_OK;
}

int
fr_http_get(const char *url, const struct fr_http_opts *opts, char **body,
    size_t *lenp, struct fr_diags *d)
{
	struct fr_http_opts o = *opts;
	struct sink s = { NULL, 0, 0, 0 };
	CURL *c = NULL;
	char *scheme = NULL, *host = NULL, *cur = fr_xstrdup(url);
	char errbuf[CURL_ERROR_SIZE];
	int rc = FR_EIO, hops;

	*body = NULL;
	if (o.connect_timeout <= 0)
		o.connect_timeout = 10;
	if (o.timeout <= 0)
		o.timeout = 30;
	if (o.max_size == 0)
		o.max_size = 1024 * 1024;
	if (o.max_redirects <= 0)
		o.max_redirects = 5;
	s.max = o.max_size;

	if (url_parts(url, &scheme, &host) != FR_OK ||
	    (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0)) {
		fr_diag_add(d, FR_SEV_ERROR, url, NULL, 0, 0, "http.url",
		    "not an http or https URL");
		rc = FR_EINVAL;
		goto out;
	}
	if (once() != FR_OK || (c = curl_easy_init()) == NULL) {
		fr_diag_add(d, FR_SEV_ERROR, url, NULL, 0, 0, "http.init",
		    "cannot initialise libcurl");
		goto out;
	}
	for (hops = 0;; hops++) {
		CURLcode cc;
		long status = 0;
		char *loc = NULL, *ns = NULL, *nh = NULL;

		curl_easy_reset(c);
		errbuf[0] = '\0';
		free(s.buf);
		s.buf = NULL;
		s.len = 0;
		s.too_big = 0;
		curl_easy_setopt(c, CURLOPT_URL, cur);
		curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
		if (o.ca_file != NULL)
			curl_easy_setopt(c, CURLOPT_CAINFO, o.ca_file);
		curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, o.connect_timeout);
		curl_easy_setopt(c, CURLOPT_TIMEOUT, o.timeout);
		curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
		    (curl_off_t)o.max_size);
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
		curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
		curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
		curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(c, CURLOPT_USERAGENT, "frfile/" FR_VERSION);
		cc = curl_easy_perform(c);
		if (s.too_big || cc == CURLE_FILESIZE_EXCEEDED) {
			fr_diag_add(d, FR_SEV_ERROR, url, NULL, 0, 0,
			    "http.size", "the response is larger than the "
			    "limit of %zu bytes", o.max_size);
			rc = FR_ERANGE;
			goto out;
		}
		if (cc != CURLE_OK) {
			fr_diag_add(d, FR_SEV_ERROR, url, NULL, 0, 0,
			    "http.transfer", "%s", errbuf[0] ? errbuf :
			    curl_easy_strerror(cc));
			goto out;
		}
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		if (status >= 300 && status < 400 &&
		    curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &loc) ==
		    CURLE_OK && loc != NULL) {
			int same;

			if (hops >= o.max_redirects) {
				fr_diag_add(d, FR_SEV_ERROR, url, NULL, 0, 0,
				    "http.redirect", "more than %d redirects",
				    o.max_redirects);
				goto out;
			}
			same = url_parts(loc, &ns, &nh) == FR_OK &&
			    strcmp(ns, scheme) == 0 &&
			    strcmp(nh, host) == 0;
			if (!same) {
				fr_diag_add(d, FR_SEV_ERROR, url, NULL, 0, 0,
				    "http.redirect", "redirected to another "
				    "host or scheme (%.200s): refused", loc);
				curl_free(ns);
				curl_free(nh);
				goto out;
			}
			curl_free(ns);
			curl_free(nh);
			free(cur);
			cur = fr_xstrdup(loc);
			continue;
		}
		if (status != 200) {
			fr_diag_add(d, FR_SEV_ERROR, url, NULL, 0, 0,
			    "http.status", "the server answered HTTP %ld, "
			    "expected 200", status);
			goto out;
		}
		break;
	}
	if (s.buf == NULL)
		s.buf = fr_xstrdup("");
	*body = s.buf;
	s.buf = NULL;
	if (lenp != NULL)
		*lenp = s.len;
	rc = FR_OK;
out:
	free(s.buf);
	free(cur);
	curl_free(scheme);
	curl_free(host);
	if (c != NULL)
		curl_easy_cleanup(c);
	return rc;
}
