/*
 * cmd.h — frfile's command entries; each is defined in cmd-<verb>.c and
 * listed once, alphabetically, in cmd.c.
 */
#ifndef FRFILE_CMD_H
#define FRFILE_CMD_H

#include "cli/cli.h"

extern const struct cmd_entry *const frfile_commands[];

extern const struct cmd_entry cmd_assess_entry;
extern const struct cmd_entry cmd_calendar_entry;
extern const struct cmd_entry cmd_check_entry;
extern const struct cmd_entry cmd_count_entry;
extern const struct cmd_entry cmd_deadline_entry;
extern const struct cmd_entry cmd_diff_entry;
extern const struct cmd_entry cmd_event_entry;
extern const struct cmd_entry cmd_init_entry;
extern const struct cmd_entry cmd_ledger_entry;
extern const struct cmd_entry cmd_record_entry;
extern const struct cmd_entry cmd_render_entry;
extern const struct cmd_entry cmd_review_entry;
extern const struct cmd_entry cmd_secret_entry;
extern const struct cmd_entry cmd_validate_entry;

#endif
