/*
 * cmd-serve.c — frmatch serve: offer the facts to frfile over HTTP,
 * loopback only unless --allow-remote.
 */
#include "frmatch/cmd.h"
#include "frmatch/cmdutil.h"
#include "frmatch/crypto.h"
#include "frmatch/measure.h"
#include "frmatch/serve.h"
#include "core/fr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_LISTEN = FM_OPT_FIRST, OPT_TOKEN, OPT_SECRET, OPT_REMOTE,
	OPT_MAXCONN, OPT_TIMEOUT, OPT_PERADDR, OPT_REQTIMEOUT
};

/*
 * The clear token and the organisation secret live in this process for
 * its whole run: no core file, and not dumpable (which also keeps other
 * processes of the same user from attaching to it or reading its memory
 * through /proc).
 */
static int
no_core_dumps(void)
{
	struct rlimit rl = { 0, 0 };

	if (setrlimit(RLIMIT_CORE, &rl) != 0)
		return -1;
	return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 ? 0 : -1;
}

/*
 * "127.0.0.1:8765", "localhost:8765" or "[::1]:8765" into ss. Sets
 * *loopback. Returns 0 or -1.
 */
static int
parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len,
    int *loopback)
{
	char host[64];
	const char *colon;
	long long port;
	size_t n;

	memset(ss, 0, sizeof *ss);
	if (s[0] == '[') {
		const char *end = strchr(s, ']');

		if (end == NULL || end[1] != ':')
			return -1;
		n = (size_t)(end - s - 1);
		colon = end + 1;
		if (n >= sizeof host)
			return -1;
		memcpy(host, s + 1, n);
	} else {
		if ((colon = strrchr(s, ':')) == NULL)
			return -1;
		n = (size_t)(colon - s);
		if (n >= sizeof host)
			return -1;
		memcpy(host, s, n);
	}
	host[n] = '\0';
	if (fr_parse_ll(colon + 1, 0, 65535, &port) != FR_OK)
		return -1;
	if (strcmp(host, "localhost") == 0)
		snprintf(host, sizeof host, "127.0.0.1");
	if (s[0] != '[') {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;

		if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
			return -1;
		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
		*loopback = (ntohl(a->sin_addr.s_addr) >> 24) == 127;
		*len = sizeof *a;
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;

		if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1)
			return -1;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		*loopback = IN6_IS_ADDR_LOOPBACK(&a->sin6_addr);
		*len = sizeof *a;
	}
	return 0;
}

static const struct cli_opt serve_opts[] = {
	{ "listen", 0, required_argument, OPT_LISTEN, "HOST:PORT",
	    "where to listen (127.0.0.1:8765; port 0\n"
	    "picks a free port, printed on stderr)", 0 },
	{ "token-file", 0, required_argument, OPT_TOKEN, "FILE",
	    "the bearer token (mode 0600, 16+ bytes)", CLI_REQUIRED },
	{ "org-secret-file", 0, required_argument, OPT_SECRET, "FILE",
	    "enables GET /facts?with_keys=1", 0 },
	{ "allow-remote", 0, no_argument, OPT_REMOTE, NULL,
	    "permit a non-loopback address", 0 },
	{ "max-connections", 0, required_argument, OPT_MAXCONN, "N",
	    "concurrent connections (64)", 0 },
	{ "max-per-address", 0, required_argument, OPT_PERADDR, "N",
	    "concurrent connections from one address (8)", 0 },
	{ "timeout", 0, required_argument, OPT_TIMEOUT, "SECONDS",
	    "idle time before a connection is closed (10)", 0 },
	{ "request-timeout", 0, required_argument, OPT_REQTIMEOUT, "SECONDS",
	    "time for a whole request to arrive (5)", 0 },
	FM_STORE_CLI_OPTS,
	CLI_TEXT("  Stops cleanly on SIGTERM or SIGINT."),
	CLI_END
};

/*
 * `frmatch serve STORE`: serves the facts over HTTP until SIGTERM or
 * SIGINT; an exit code.
 */
static int
serve_exec(int argc, char **argv)
{
	struct cli_common common = { 0, 0 };
	struct fm_cmdopts so = { NULL, NULL };
	struct fm_err e = { "" };
	struct fm_serve_opts o;
	struct fm_store *s = NULL;
	struct sockaddr_storage ss;
	const char *listen = "127.0.0.1:8765", *token_file = NULL;
	const char *secret_file = NULL;
	unsigned char *token = NULL, *secret = NULL;
	size_t tlen = 0, slen = 0;
	long long maxconn = 64, timeout = 10, peraddr = 8, reqtimeout = 5;
	int c, rc, remote = 0, loopback = 0;
	char *kp = NULL;

	memset(&o, 0, sizeof o);
	cli_getopt_reset();
	while ((c = cli_getopts(argc, argv, serve_opts, 0, &common)) != -1) {
		switch (c) {
		case OPT_LISTEN:
			listen = optarg;
			break;
		case OPT_TOKEN:
			token_file = optarg;
			break;
		case OPT_SECRET:
			secret_file = optarg;
			break;
		case OPT_REMOTE:
			remote = 1;
			break;
		case OPT_MAXCONN:
			if (fr_parse_ll(optarg, 1, 1024, &maxconn) != FR_OK)
				return cli_usage_error("--max-connections: "
				    "expected 1 to 1024");
			break;
		case OPT_TIMEOUT:
			if (fr_parse_ll(optarg, 1, 3600, &timeout) != FR_OK)
				return cli_usage_error("--timeout: expected 1 "
				    "to 3600 seconds");
			break;
		case OPT_PERADDR:
			if (fr_parse_ll(optarg, 1, 1024, &peraddr) != FR_OK)
				return cli_usage_error("--max-per-address: "
				    "expected 1 to 1024");
			break;
		case OPT_REQTIMEOUT:
			if (fr_parse_ll(optarg, 1, 3600, &reqtimeout) != FR_OK)
				return cli_usage_error("--request-timeout: "
				    "expected 1 to 3600 seconds");
			break;
		default:	/* --key, --operator; '?' is not one */
			if (fm_store_option(&so, c, optarg) != 1)
				return FR_EXIT_USAGE;
		}
	}
	if (common.help)
		return cli_help();
	if (argc - optind != 1)
		return cli_usage_error("expected one STORE");
	if (token_file == NULL)
		return cli_usage_error("--token-file is required");
	if (parse_listen(listen, &ss, &o.addrlen, &loopback) != 0)
		return cli_usage_error("--listen: '%s' is not HOST:PORT "
		    "(e.g. 127.0.0.1:8765 or [::1]:8765)", listen);
	if (!loopback && !remote)
		return cli_usage_error("--listen: %s is not a loopback "
		    "address; give --allow-remote to expose the facts beyond "
		    "this machine", listen);
	if (peraddr > maxconn)
		peraddr = maxconn;
	rc = FR_EXIT_DATA;
	if (no_core_dumps() != 0) {
		cli_err("cannot disable core dumps: %s", strerror(errno));
		goto out;
	}
	if (fm_secret_read(token_file, 16, 1024, &token, &tlen, &e) != FR_OK) {
		cli_err("%s", e.msg);
		goto out;
	}
	if (secret_file != NULL && fm_secret_read(secret_file, 16, 4096,
	    &secret, &slen, &e) != FR_OK) {
		cli_err("%s", e.msg);
		goto out;
	}
	/* Fail now, not on the first request, if the store will not open. */
	if ((rc = fm_cli_open(argv[optind], &so, 0, &s)) != FR_EXIT_OK)
		goto out;
	fm_store_close(s);
	kp = fm_keypath(argv[optind], &so);
	o.store = argv[optind];
	o.keypath = kp;
	o.token = token;
	o.token_len = tlen;
	o.org_secret = secret;
	o.org_secret_len = slen;
	o.addr = (const struct sockaddr *)&ss;
	o.max_connections = (unsigned)maxconn;
	o.max_per_address = (unsigned)peraddr;
	o.timeout = (unsigned)timeout;
	o.request_timeout = (unsigned)reqtimeout;
	/*
	 * Art. 14: record how the facts are exposed, so `frmatch facts`
	 * reports it (no TLS here: a non-loopback address is exposed).
	 */
	if (fm_serve_state_write(argv[optind], listen, loopback, 0, 1) != 0)
		cli_err("%s.serve: cannot record the service state; facts "
		    "will not show it", argv[optind]);
	rc = fm_serve_run(&o, &e);
	fm_serve_state_remove(argv[optind]);
	if (rc != FR_OK) {
		cli_err("%s: %s", listen, e.msg);
		rc = FR_EXIT_DATA;
		goto out;
	}
	rc = FR_EXIT_OK;
out:
	free(kp);
	if (token != NULL) {
		fm_cleanse(token, tlen);
		free(token);
	}
	if (secret != NULL) {
		fm_cleanse(secret, slen);
		free(secret);
	}
	return rc;
}

const struct cmd_entry cmd_serve_entry = {
	.name = "serve",
	.usage = "STORE",
	.summary = "serve the facts over HTTP: GET /facts only, bearer token",
	.exec = serve_exec,
	.opts = serve_opts,
};
