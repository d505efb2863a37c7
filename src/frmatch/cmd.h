/*
 * cmd.h — frmatch's command entries; each is defined in cmd-<verb>.c and
 * listed once, alphabetically, in main.c.
 */
#ifndef FRMATCH_CMD_H
#define FRMATCH_CMD_H

#include "cli/cli.h"

extern const struct cmd_entry *const frmatch_commands[];

extern const struct cmd_entry cmd_audit_entry;
extern const struct cmd_entry cmd_delete_entry;
extern const struct cmd_entry cmd_enroll_entry;
extern const struct cmd_entry cmd_facts_entry;
extern const struct cmd_entry cmd_identify_entry;
extern const struct cmd_entry cmd_import_entry;
extern const struct cmd_entry cmd_init_entry;
extern const struct cmd_entry cmd_purge_entry;
extern const struct cmd_entry cmd_serve_entry;
extern const struct cmd_entry cmd_synth_entry;
extern const struct cmd_entry cmd_upgrade_entry;
extern const struct cmd_entry cmd_verify_entry;

#endif
