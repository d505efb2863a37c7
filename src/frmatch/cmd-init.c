/*
 * cmd-init.c — frmatch init: create an empty store and its key file.
 */
#include "frmatch/cmd.h"
#include "frmatch/cmdutil.h"
#include "core/fr.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_DIM = FM_OPT_FIRST, OPT_DEVICE, OPT_RETENTION };

static const struct cli_opt init_opts[] = {
	{ "dim", 0, required_argument, OPT_DIM, "N",
	    "template dimension, 64 to 2048 (required)", CLI_REQUIRED },
	{ "device", 0, required_argument, OPT_DEVICE, "LABEL",
	    "this device's name in the facts", 0 },
	{ "retention-days", 0, required_argument, OPT_RETENTION, "N",
	    "default retention for new persons (365)", 0 },
	FM_STORE_CLI_OPTS,
	{ "json", 0, no_argument, CLI_OPT_JSON, NULL,
	    "print what was created as JSON", 0 },
	CLI_END
};

/* `frmatch init STORE`: an empty store and its key file; an exit code. */
static int
init_exec(int argc, char **argv)
{
	struct cli_common common = { 0, 0 };
	struct fm_cmdopts so = { NULL, NULL };
	struct fm_err e = { "" };
	const char *device = "device";
	long long dim = 0, days = FM_RETENTION_DEFAULT;
	char *kp;
	int c;

	cli_getopt_reset();
	while ((c = cli_getopts(argc, argv, init_opts, 0, &common)) != -1) {
		switch (c) {
		case OPT_DIM:
			if (fr_parse_ll(optarg, FM_DIM_MIN, FM_DIM_MAX, &dim)
			    != FR_OK)
				return cli_usage_error("--dim: expected a "
				    "whole number from %d to %d", FM_DIM_MIN,
				    FM_DIM_MAX);
			break;
		case OPT_DEVICE:
			if (!fm_text_ok(optarg, 64))
				return cli_usage_error("--device: expected a "
				    "label of 1 to 64 printable bytes");
			device = optarg;
			break;
		case OPT_RETENTION:
			if (fr_parse_ll(optarg, 1, FM_RETENTION_MAX, &days)
			    != FR_OK)
				return cli_usage_error("--retention-days: "
				    "expected 1 to %d", FM_RETENTION_MAX);
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
	if (dim == 0)
		return cli_usage_error("--dim is required (the template "
		    "dimension, %d to %d)", FM_DIM_MIN, FM_DIM_MAX);
	kp = fm_keypath(argv[optind], &so);
	if (fm_store_create(argv[optind], kp, (int)dim, device, (int)days,
	    &e) != FR_OK) {
		cli_err("%s", e.msg);
		free(kp);
		return FR_EXIT_DATA;
	}
	if (common.json) {
		cJSON *j = cJSON_CreateObject();

		cJSON_AddStringToObject(j, "store", argv[optind]);
		cJSON_AddStringToObject(j, "key_file", kp);
		cJSON_AddNumberToObject(j, "dimension", (double)dim);
		cJSON_AddStringToObject(j, "device", device);
		cJSON_AddNumberToObject(j, "retention_days", (double)days);
		cli_print_json(j);
	} else
		printf("created %s (dimension %lld, device %s, retention %lld "
		    "days)\nkey file %s (mode 0600): keep it apart from the "
		    "store and back it up\n", argv[optind], dim, device, days,
		    kp);
	free(kp);
	return FR_EXIT_OK;
}

const struct cmd_entry cmd_init_entry = {
	.name = "init",
	.usage = "STORE",
	.summary = "create an empty encrypted store and its key file",
	.exec = init_exec,
	.opts = init_opts,
};
