/*
 * cmd.c — frfile's command table (alphabetical, exact names only) and main.
 */
#include "frfile/cmd.h"

#include <signal.h>
#include <stddef.h>

const struct cmd_entry *const frfile_commands[] = {
	&cmd_assess_entry,
	&cmd_calendar_entry,
	&cmd_check_entry,
	&cmd_count_entry,
	&cmd_deadline_entry,
	&cmd_diff_entry,
	&cmd_event_entry,
	&cmd_init_entry,
	&cmd_ledger_entry,
	&cmd_record_entry,
	&cmd_render_entry,
	&cmd_review_entry,
	&cmd_secret_entry,
	&cmd_validate_entry,
	NULL
};

static const char *const about[] = {
	"frfile prepares the filing that the Measures for the Security Management",
	"of Facial Recognition Technology Applications require once 100,000",
	"individuals' facial information is stored: count, deadlines, checks,",
	"assessment and the filing package.",
	NULL
};

int
main(int argc, char **argv)
{
	/*
	 * A write past the file size limit (ulimit -f) must fail with EFBIG
	 * and be reported in one line, not kill the process unseen.
	 */
	signal(SIGXFSZ, SIG_IGN);
	return cli_main("frfile", about, frfile_commands, argc, argv);
}
