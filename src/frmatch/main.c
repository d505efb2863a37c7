/*
 * main.c — frmatch's command table (alphabetical, exact names only).
 */
#include "frmatch/cmd.h"

#include <stddef.h>

const struct cmd_entry *const frmatch_commands[] = {
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
