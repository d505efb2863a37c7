/*
 * main.c — frmatch's command table (alphabetical, exact names only).
 */
#include "frmatch/cmd.h"

#include <stddef.h>

const struct cmd_entry *const frmatch_commands[] = {
	&cmd_audit_entry,
	&cmd_delete_entry,
	&cmd_enroll_entry,
	&cmd_facts_entry,
	&cmd_identify_entry,
	&cmd_import_entry,
	&cmd_init_entry,
	&cmd_purge_entry,
	&cmd_serve_entry,
	&cmd_synth_entry,
	&cmd_upgrade_entry,
	&cmd_verify_entry,
	NULL
};

static const char *const about[] = {
	"frmatch is frfile's reference on-device face matcher: an encrypted",
	"template store with 1:1 and 1:N matching, consent withdrawal,",
	"retention purge, an audit log and the aggregate facts frfile counts.",
	NULL
};

int
main(int argc, char **argv)
{
	return cli_main("frmatch", about, frmatch_commands, argc, argv);
}
