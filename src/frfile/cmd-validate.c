/*
 * cmd-validate.c — frfile validate: every problem of a filing
 * description in one run, one line each, with path and line:column.
 */
#include "cli/cli.h"
#include "core/date.h"
#include "core/diag.h"
#include "core/filing.h"
#include "core/forms.h"
#include "core/fr.h"
#include "core/validate.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

static const struct cli_opt validate_opts[] = {
	{ "quiet", 'q', no_argument, 'q', NULL,
	    "no summary line, only the problems", 0 },
	{ "json", 0, no_argument, CLI_OPT_JSON, NULL,
	    "the result as JSON on standard output", 0 },
	{ "today", 0, required_argument, CLI_OPT_TODAY, "DATE",
	    "compare birth dates and event dates with DATE", 0 },
	CLI_TEXT("Exit 0: valid (warnings allowed); 1: problems found; 3:"
	    " FILE cannot"),
	CLI_TEXT("be read or is not JSON; 2: usage."),
	CLI_END
};

/* `frfile validate FILE`: every problem; 0 valid, 1 invalid, 3 unreadable. */
static int
validate_exec(int argc, char **argv)
{
	struct cli_common common = { 0, 0 };
	struct fr_diags d;
	struct fr_filing *f = NULL;
	struct fr_schema *s = NULL;
	const char *file;
	cJSON *out, *probs;
	FILE *mem;
	char *text = NULL;
	size_t textlen = 0;
	int c, quiet = 0, rc, exitc;

	cli_getopt_reset();
	while ((c = cli_getopts(argc, argv, validate_opts, 0, &common)) != -1) {
		switch (c) {
		case 'q':
			quiet = 1;
			break;
		default:	/* '?' */
			return FR_EXIT_USAGE;
		}
	}
	if (common.help)
		return cli_help();
	if (argc - optind != 1)
		return cli_usage_error(argc - optind == 0 ? "no FILE given" :
		    "only one FILE at a time");
	file = argv[optind];

	fr_diags_init(&d);
	if ((rc = fr_schema_load(NULL, &s, &d)) != FR_OK) {
		fr_diags_print(&d, stderr, "frfile: validate: ");
		exitc = FR_EXIT_DATA;
		goto out;
	}
	rc = fr_filing_load(file, &f, &d);
	if (rc == FR_OK)
		rc = fr_validate(f, s, fr_date_today(), &d);
	else
		fr_diags_sort(&d);
	/* Loading may already have found problems (duplicate keys). */
	if (rc == FR_OK && d.errors == 0)
		exitc = FR_EXIT_OK;
	else if (rc == FR_OK || rc == FR_EINVAL)
		exitc = FR_EXIT_NO;
	else
		exitc = FR_EXIT_DATA;	/* unreadable, or not JSON at all */

	if (common.json) {
		out = cJSON_CreateObject();
		cJSON_AddStringToObject(out, "file", file);
		cJSON_AddBoolToObject(out, "valid", exitc == FR_EXIT_OK);
		cJSON_AddBoolToObject(out, "readable", exitc != FR_EXIT_DATA);
		cJSON_AddNumberToObject(out, "errors", (double)d.errors);
		cJSON_AddNumberToObject(out, "warnings", (double)d.warnings);
		probs = fr_diags_json(&d);
		cJSON_AddItemToObject(out, "problems", probs);
		cli_print_json(out);
	} else {
		/* stderr is unbuffered: a file with many problems would take
		 * one write per fragment; collect the lines, write once. */
		fflush(stdout);
		if ((mem = open_memstream(&text, &textlen)) != NULL) {
			fr_diags_print(&d, mem, "frfile: validate: ");
			if (fclose(mem) == 0)
				fwrite(text, 1, textlen, stderr);
			free(text);
		} else
			fr_diags_print(&d, stderr, "frfile: validate: ");
		if (!quiet && exitc != FR_EXIT_DATA)
			printf("%s: %s, %zu error%s, %zu warning%s\n", file,
			    exitc == FR_EXIT_OK ? "valid" : "invalid",
			    d.errors, d.errors == 1 ? "" : "s", d.warnings,
			    d.warnings == 1 ? "" : "s");
	}
out:
	fr_filing_free(f);
	fr_schema_free(s);
	fr_diags_release(&d);
	return exitc;
}

const struct cmd_entry cmd_validate_entry = {
	.name = "validate",
	.usage = "FILE",
	.summary = "check a filing description and report every problem",
	.exec = validate_exec,
	.opts = validate_opts,
};
