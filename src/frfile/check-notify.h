/*
 * check-notify.h — `frfile check --notify`: post the status line to a
 * chat or webhook when the check's state changes, remembering the last
 * state sent in the ledger's state table (so an hourly cron job alerts
 * once, not every hour).
 */
#ifndef FRFILE_CHECK_NOTIFY_H
#define FRFILE_CHECK_NOTIFY_H

#include "core/check.h"
#include "store/ledger.h"

/* Long-option codes, clear of check's own. */
#define FRF_OPT_NOTIFY		(CLI_OPT_FIRST_COMMAND + 0x40)
#define FRF_OPT_NOTIFY_FORMAT	(CLI_OPT_FIRST_COMMAND + 0x41)
#define FRF_OPT_SECRET_FILE	(CLI_OPT_FIRST_COMMAND + 0x42)
#define FRF_OPT_NOTIFY_CA	(CLI_OPT_FIRST_COMMAND + 0x43)
#define FRF_OPT_NOTIFY_FILE	(CLI_OPT_FIRST_COMMAND + 0x44)
#define FRF_OPT_NOTIFY_LANG	(CLI_OPT_FIRST_COMMAND + 0x45)

struct frf_notify {
	const char *url, *format, *secret_file, *ca_file, *file, *lang;
	char *owned;		/* the URL read from the file or environment */
};

/*
 * Handles one of the options above: 1 taken, -1 bad value (reported),
 * 0 not a notify option.
 */
int frf_notify_option(struct frf_notify *, int c, const char *arg);
/*
 * After the options: reads the URL from --notify-file or
 * $FRFILE_NOTIFY_URL and checks the options fit together. FR_EXIT_OK,
 * usage, or FR_EXIT_DATA for an unreadable file (one line each).
 */
int frf_notify_ready(struct frf_notify *);
void frf_notify_release(struct frf_notify *);
/*
 * Posts when the state differs from the last one sent (the first time
 * only when not OK) and records it. Problems are one line on stderr and
 * leave the check's own exit status alone; returns 0 or -1.
 */
int frf_notify_run(const struct frf_notify *, struct ledger *,
    const struct fr_check_result *, int today);

#endif
