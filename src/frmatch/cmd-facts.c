/*
 * cmd-facts.c — frmatch facts: the aggregate facts frfile counts and the
 * protection measures in force (docs/facts.md). No id, no template.
 */
#include "frmatch/cmd.h"
#include "frmatch/cmdutil.h"
#include "frmatch/crypto.h"
#include "frmatch/facts.h"
#include "frmatch/measure.h"
#include "core/fr.h"
#include "core/secret.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

enum { OPT_WITH_KEYS = FM_OPT_FIRST, OPT_SECRET, OPT_SECRET_FD };

/* The number under k in o; NaN when it is missing or not a number. */
static double
num(const cJSON *o, const char *k)
{
	return cJSON_GetNumberValue(cJSON_GetObjectItem(o, k));
}

/* The string under k in o, or "-" when it is missing or not a string. */
static const char *
str(const cJSON *o, const char *k)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(o, k));

	return s ? s : "-";
}

/* The measured Art. 14 facts, one line each. */
static void
print_measured(const cJSON *m)
{
	const cJSON *sf = cJSON_GetObjectItem(m, "store_file");
	const cJSON *kf = cJSON_GetObjectItem(m, "key_file");
	const cJSON *sv = cJSON_GetObjectItem(m, "serve");

	printf("store file mode %s (%s), key file mode %s (%s, %s)\n",
	    str(sf, "mode"), cJSON_IsTrue(cJSON_GetObjectItem(sf, "private")) ?
	    "private" : "OPEN TO OTHERS", str(kf, "mode"),
	    cJSON_IsTrue(cJSON_GetObjectItem(kf, "private")) ? "private" :
	    "OPEN TO OTHERS", cJSON_IsTrue(cJSON_GetObjectItem(kf,
	    "separate_directory")) ? "kept apart" : "beside the store");
	if (!cJSON_IsTrue(cJSON_GetObjectItem(sv, "configured")))
		printf("facts service: not configured\n");
	else
		printf("facts service: %s on %s (%s)\n",
		    cJSON_IsTrue(cJSON_GetObjectItem(sv, "running")) ?
		    "running" : "configured, not running", str(sv, "listen"),
		    cJSON_IsTrue(cJSON_GetObjectItem(sv, "loopback")) ?
		    "loopback only" : cJSON_IsTrue(cJSON_GetObjectItem(sv,
		    "tls")) ? "TLS and token" : "EXPOSED without TLS");
}

static const struct cli_opt facts_opts[] = {
	{ "json", 0, no_argument, CLI_OPT_JSON, NULL,
	    "the facts document (schema frmatch-facts/1)", 0 },
	{ "with-keys", 0, no_argument, OPT_WITH_KEYS, NULL,
	    "add HMAC-SHA256 keys of person ids under the\n"
	    "organisation secret, for de-duplication", 0 },
	{ "org-secret-file", 0, required_argument, OPT_SECRET, "FILE",
	    "the organisation secret (mode 0600, 16 bytes\n"
	    "or more; trailing newlines are not part of it)", 0 },
	{ "org-secret-fd", 0, required_argument, OPT_SECRET_FD, "N",
	    "the secret read from inherited descriptor N\n"
	    "to its end (how frfile count hands over a\n"
	    "key made for one run)", 0 },
	FM_STORE_CLI_OPTS,
	CLI_END
};

/* `frmatch facts STORE`: the aggregate facts, as text or JSON; an exit code. */
static int
facts_exec(int argc, char **argv)
{
	struct cli_common common = { 0, 0 };
	struct fm_cmdopts so = { NULL, NULL };
	struct fm_err e = { "" };
	struct fm_store *s = NULL;
	struct fm_facts_opts fo = { NULL, 0, NULL };
	unsigned char *secret = NULL;
	const char *secret_file = NULL;
	long long secret_fd = -1;
	char *fdsecret = NULL, *fderr = NULL;
	void *doc = NULL;
	cJSON *d, *al;
	size_t slen = 0;
	int c, rc, with_keys = 0;

	cli_getopt_reset();
	while ((c = cli_getopts(argc, argv, facts_opts, 0, &common)) != -1) {
		switch (c) {
		case OPT_WITH_KEYS:
			with_keys = 1;
			break;
		case OPT_SECRET:
			secret_file = optarg;
			break;
		case OPT_SECRET_FD:
			/* frfile count hands over a key for one run this way. */
			if (fr_parse_ll(optarg, 3, 65535, &secret_fd) != FR_OK)
				return cli_usage_error("--org-secret-fd: '%s' is "
				    "not a descriptor number from 3", optarg);
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
	if (secret_file != NULL && secret_fd >= 0)
		return cli_usage_error("--org-secret-file or --org-secret-fd, "
		    "not both");
	if (with_keys && secret_file == NULL && secret_fd < 0)
		return cli_usage_error("--with-keys needs --org-secret-file");
	if (with_keys && !common.json)
		return cli_usage_error("--with-keys needs --json (keys are "
		    "for frfile, not for reading)");
	if (with_keys && secret_fd >= 0) {
		if (fr_secret_read_fd((int)secret_fd, 16, 4096, &fdsecret, &slen,
		    &fderr) != FR_OK) {
			cli_err("--org-secret-fd: %s", fderr);
			free(fderr);
			return FR_EXIT_DATA;
		}
		close((int)secret_fd);
		secret = (unsigned char *)fdsecret;
		fo.org_secret = secret;
		fo.org_secret_len = slen;
	} else if (with_keys) {
		if (fm_secret_read(secret_file, 16, 4096, &secret, &slen, &e)
		    != FR_OK) {
			cli_err("%s", e.msg);
			return FR_EXIT_DATA;
		}
		fo.org_secret = secret;
		fo.org_secret_len = slen;
	}
	if ((rc = fm_cli_open(argv[optind], &so, 0, &s)) != FR_EXIT_OK)
		goto out;
	if (fm_facts_build(s, &fo, &doc, &e) != FR_OK) {
		cli_err("%s", e.msg);
		rc = FR_EXIT_DATA;
		goto out;
	}
	d = doc;
	/* Art. 14: what can be measured, measured now (measure.h). */
	fm_measure_add(d, argv[optind], fm_store_keypath(s));
	if (common.json)
		cli_print_json(d);
	else {
		al = cJSON_GetObjectItem(cJSON_GetObjectItem(d, "protection"),
		    "audit_log");
		printf("store %s (device %s), dimension %.0f\n",
		    str(d, "store_id"), str(d, "device"), num(d, "dimension"));
		printf("individuals %.0f, templates %.0f\n",
		    num(d, "individuals"), num(d, "templates"));
		printf("minors under 14 %.0f (without guardian consent %.0f)\n",
		    num(d, "minors_under_14"),
		    num(d, "minors_without_guardian_consent"));
		printf("enrolled from %s to %s; past retention, not yet "
		    "purged: %.0f\n", str(d, "oldest_enrolment"),
		    str(d, "newest_enrolment"), num(d, "expired_pending_purge"));
		printf("raw images stored: no; external transmission: none\n");
		printf("encryption AES-256-GCM (templates and person ids); "
		    "audit log %.0f entries, chain %s\n", num(al, "entries"),
		    cJSON_IsTrue(cJSON_GetObjectItem(al, "chain_verified")) ?
		    "verified" : "BROKEN");
		print_measured(cJSON_GetObjectItem(cJSON_GetObjectItem(d,
		    "protection"), "measured"));
		cJSON_Delete(d);
	}
	rc = FR_EXIT_OK;
out:
	if (secret != NULL) {
		fm_cleanse(secret, slen);
		free(secret);
	}
	fm_store_close(s);
	return rc;
}

const struct cmd_entry cmd_facts_entry = {
	.name = "facts",
	.usage = "STORE",
	.summary = "print the store's aggregate facts for frfile (docs/facts.md)",
	.exec = facts_exec,
	.opts = facts_opts,
};
