/*
 * cmd.h — frmatch's command entries; each is defined in cmd-<verb>.c and
 * listed once, alphabetically, in main.c.
 */
#ifndef FRMATCH_CMD_H
#define FRMATCH_CMD_H

#include "cli/cli.h"

extern const struct cmd_entry *const frmatch_commands[];

#endif
