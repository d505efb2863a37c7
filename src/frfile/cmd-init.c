/*
 * cmd-init.c — frfile init: a filing description skeleton with every key
 * of forms/schema.json, empty or defaulted, and a guide on what to fill
 * first. Never overwrites; files are created 0600 (they will hold
 * personal data: names, identity numbers, telephone numbers).
 */
#include "cli/cli.h"
#include "core/diag.h"
#include "core/forms.h"
#include "core/fr.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The skeleton value of a schema node. */
static cJSON *
skeleton(const struct fr_schema_node *n)
{
	cJSON *j;
	size_t i;
	int k;

	if (n->def != NULL)
		return cJSON_Duplicate(n->def, 1);
	switch (n->type) {
	case FR_T_OBJECT:
		j = cJSON_CreateObject();
		for (i = 0; i < n->nfields; i++)
			cJSON_AddItemToObject(j, n->fields[i].name,
			    skeleton(&n->fields[i]));
		return j;
	case FR_T_ARRAY:
		j = cJSON_CreateArray();
		for (k = 0; k < n->skeleton_items; k++)
			cJSON_AddItemToArray(j, skeleton(n->items));
		return j;
	case FR_T_STRING:
	case FR_T_DATE:
		return cJSON_CreateString("");
	default:
		/* null: "not answered yet", which validate reports */
		return cJSON_CreateNull();
	}
}

static const struct cli_opt init_opts[] = {
	{ "json", 0, no_argument, CLI_OPT_JSON, NULL,
	    "the paths written, as JSON", 0 },
	CLI_TEXT("DIR/filing.json has every key, empty or defaulted;"
	    " DIR/GUIDE.md says"),
	CLI_TEXT("what to fill first. Existing files are never overwritten."
	    " Both are"),
	CLI_TEXT("created with mode 0600."),
	CLI_END
};

/* `frfile init DIR`: writes a filing skeleton and guide; an exit code. */
static int
init_exec(int argc, char **argv)
{
	struct cli_common common = { 0, 0 };
	struct fr_diags d;
	struct fr_schema *s = NULL;
	struct stat st;
	cJSON *skel = NULL, *out;
	char *json = NULL, *guide = NULL, *gpath = NULL, *fpath = NULL;
	char *gdst = NULL, *withnl = NULL;
	size_t glen = 0;
	const char *dir;
	int c, exitc = FR_EXIT_DATA;

	cli_getopt_reset();
	while ((c = cli_getopts(argc, argv, init_opts, 0, &common)) != -1) {
		return FR_EXIT_USAGE;	/* '?': init has only common options */
	}
	if (common.help)
		return cli_help();
	if (argc - optind != 1)
		return cli_usage_error(argc - optind == 0 ? "no DIR given" :
		    "only one DIR at a time");
	dir = argv[optind];

	fr_diags_init(&d);
	if (fr_schema_load(NULL, &s, &d) != FR_OK) {
		fr_diags_print(&d, stderr, "frfile: init: ");
		goto out;
	}
	gpath = fr_datafile("templates", "init/GUIDE.md");
	if (fr_read_file(gpath, 1u << 20, &guide, &glen) != FR_OK) {
		cli_err("%s: cannot read the guide template", gpath);
		goto out;
	}
	fpath = fr_xasprintf("%s/filing.json", dir);
	gdst = fr_xasprintf("%s/GUIDE.md", dir);
	/* Refuse before writing anything: no half-initialised directory. */
	if (lstat(fpath, &st) == 0 || lstat(gdst, &st) == 0) {
		cli_err("%s: exists; not overwritten (choose another DIR or "
		    "move the file away)", lstat(fpath, &st) == 0 ? fpath :
		    gdst);
		goto out;
	}
	if (fr_mkdirs(dir, 0700) != FR_OK) {
		cli_err("%s: cannot create the directory: %s", dir,
		    strerror(errno));
		goto out;
	}
	skel = skeleton(&s->root);
	json = cJSON_Print(skel);
	withnl = fr_xasprintf("%s\n", json);
	if (fr_write_file_new(fpath, withnl, strlen(withnl), 0600) != FR_OK) {
		cli_err("%s: cannot create: %s", fpath, strerror(errno));
		goto out;
	}
	if (fr_write_file_new(gdst, guide, glen, 0600) != FR_OK) {
		cli_err("%s: cannot create: %s", gdst, strerror(errno));
		unlink(fpath);
		goto out;
	}
	if (common.json) {
		out = cJSON_CreateObject();
		cJSON_AddStringToObject(out, "filing", fpath);
		cJSON_AddStringToObject(out, "guide", gdst);
		cli_print_json(out);
	} else
		printf("wrote %s and %s; read the guide, then run: frfile "
		    "validate %s\n", fpath, gdst, fpath);
	exitc = FR_EXIT_OK;
out:
	cJSON_Delete(skel);
	free(json);
	free(withnl);
	free(guide);
	free(gpath);
	free(fpath);
	free(gdst);
	fr_schema_free(s);
	fr_diags_release(&d);
	return exitc;
}

const struct cmd_entry cmd_init_entry = {
	.name = "init",
	.usage = "DIR",
	.summary = "write a filing description skeleton and a guide into DIR",
	.exec = init_exec,
	.opts = init_opts,
};
