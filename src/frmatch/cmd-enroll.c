/*
 * cmd-enroll.c — frmatch enroll: store one person's template.
 */
#include "frmatch/cmd.h"
#include "frmatch/cmdutil.h"
#include "core/date.h"
#include "core/fr.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

enum {
	OPT_PERSON = FM_OPT_FIRST, OPT_TEMPLATE, OPT_CONSENT, OPT_MINOR,
	OPT_GUARDIAN, OPT_DATE, OPT_RETENTION, OPT_ADD, OPT_SOURCE
};

static const struct cli_opt enroll_opts[] = {
	{ "person", 0, required_argument, OPT_PERSON, "ID",
	    "the person's id (stored encrypted)", CLI_REQUIRED },
	{ "template", 0, required_argument, OPT_TEMPLATE, "FILE",
	    "raw little-endian float32 or a JSON array;\n"
	    "- reads standard input", CLI_REQUIRED },
	{ "consent", 0, required_argument, OPT_CONSENT, "REF",
	    "the separate consent's reference (Art. 6)", 0 },
	{ "minor", 0, no_argument, OPT_MINOR, NULL,
	    "the person is under 14 (Art. 7)", 0 },
	{ "guardian-consent", 0, required_argument, OPT_GUARDIAN, "REF",
	    "the guardian's consent reference", 0 },
	{ "date", 0, required_argument, OPT_DATE, "YYYY-MM-DD",
	    "enrolment date (default today, CST)", 0 },
	{ "retention-days", 0, required_argument, OPT_RETENTION, "N",
	    "retention for this person (store default)", 0 },
	{ "source-device", 0, required_argument, OPT_SOURCE, "LABEL",
	    "where the template was captured", 0 },
	{ "add-template", 0, no_argument, OPT_ADD, NULL,
	    "add one more template to a stored person", 0 },
	FM_STORE_CLI_OPTS,
	{ "json", 0, no_argument, CLI_OPT_JSON, NULL,
	    "print the outcome as JSON", 0 },
	CLI_END
};

/* `frmatch enroll STORE`: stores a person's template, audited; an exit code. */
static int
enroll_exec(int argc, char **argv)
{
	struct cli_common common = { 0, 0 };
	struct fm_cmdopts so = { NULL, NULL };
	struct fm_err e = { "" };
	struct fm_enrol en = { NULL, NULL, -1, NULL, 0, NULL, 0, NULL };
	struct fm_store *s = NULL;
	const char *tpath = NULL;
	char subj[FM_SUBJECT_LEN + 1], buf[FR_DATE_LEN];
	float *v = NULL;
	long long days;
	int c, add = 0, rc;

	cli_getopt_reset();
	while ((c = cli_getopts(argc, argv, enroll_opts, 0, &common)) != -1) {
		switch (c) {
		case OPT_PERSON:
			if (!fm_text_ok(optarg, FM_PERSON_MAX))
				return cli_usage_error("--person: expected 1 to "
				    "%d printable bytes", FM_PERSON_MAX);
			en.person = optarg;
			break;
		case OPT_TEMPLATE:
			tpath = optarg;
			break;
		case OPT_CONSENT:
		case OPT_GUARDIAN:
		case OPT_SOURCE:
			if (!fm_text_ok(optarg, FM_REF_MAX))
				return cli_usage_error("%s: expected 1 to %d "
				    "printable bytes", c == OPT_CONSENT ?
				    "--consent" : c == OPT_GUARDIAN ?
				    "--guardian-consent" : "--source-device",
				    FM_REF_MAX);
			if (c == OPT_CONSENT)
				en.consent = optarg;
			else if (c == OPT_GUARDIAN)
				en.guardian_consent = optarg;
			else
				en.device = optarg;
			break;
		case OPT_MINOR:
			en.minor = 1;
			break;
		case OPT_DATE:
			if (fr_date_parse(optarg, &en.enrolled) != FR_OK)
				return cli_usage_error("--date: '%s' is not a "
				    "valid date, expected YYYY-MM-DD", optarg);
			break;
		case OPT_RETENTION:
			if (fr_parse_ll(optarg, 1, FM_RETENTION_MAX, &days)
			    != FR_OK)
				return cli_usage_error("--retention-days: "
				    "expected 1 to %d", FM_RETENTION_MAX);
			en.retention_days = (int)days;
			break;
		case OPT_ADD:
			add = 1;
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
	if (en.person == NULL || tpath == NULL)
		return cli_usage_error("--person and --template are required");
	if (en.guardian_consent != NULL && !en.minor)
		return cli_usage_error("--guardian-consent is for a minor "
		    "(give --minor too)");
	if (en.enrolled < 0)
		en.enrolled = fr_date_today();
	if (en.enrolled > fr_date_today())
		return cli_usage_error("--date: %s is after today",
		    fr_date_format(en.enrolled, buf));
	if ((rc = fm_cli_open(argv[optind], &so, 1, &s)) != FR_EXIT_OK)
		return rc;
	if ((rc = fm_cli_template(tpath, (size_t)fm_store_info(s)->dim, &v))
	    != FR_EXIT_OK)
		goto out;
	en.tmpl = v;
	fm_store_subject(s, en.person, subj);
	rc = FR_EXIT_DATA;
	if (fm_store_begin(s, &e) != FR_OK)
		goto fail;
	if (fm_store_enrol(s, &en, add, &e) != FR_OK)
		goto fail;
	if (fm_store_audit(s, fm_operator(&so), add ? "add-template" :
	    "enroll", subj, "ok", &e) != FR_OK)
		goto fail;
	if (fm_store_commit(s, &e) != FR_OK)
		goto fail;
	if (common.json) {
		cJSON *j = cJSON_CreateObject();

		cJSON_AddStringToObject(j, "action", add ? "add-template" :
		    "enroll");
		cJSON_AddStringToObject(j, "enrolled",
		    fr_date_format(en.enrolled, buf));
		cJSON_AddStringToObject(j, "audit_subject", subj);
		cli_print_json(j);
	} else
		printf("%s: 1 template stored (enrolled %s)\n", add ?
		    "added" : "enrolled", fr_date_format(en.enrolled, buf));
	rc = FR_EXIT_OK;
	goto out;
fail:
	fm_store_rollback(s);
	cli_err("%s", e.msg);
out:
	free(v);
	fm_store_close(s);
	return rc;
}

const struct cmd_entry cmd_enroll_entry = {
	.name = "enroll",
	.usage = "STORE",
	.summary = "store one person's face template (encrypted)",
	.exec = enroll_exec,
	.opts = enroll_opts,
};
