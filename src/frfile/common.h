/*
 * common.h — small helpers several frfile commands share: argument
 * parsing that reports one line, loading the calendar and the ledger with
 * their errors printed, and the "year not loaded" message.
 *
 * Each returns an exit code (FR_EXIT_*) and prints its own error line.
 */
#ifndef FRFILE_COMMON_H
#define FRFILE_COMMON_H

#include "core/calendar.h"
#include "core/diag.h"
#include "store/ledger.h"

/* --ledger PATH, shared by the commands that use the ledger. */
#define FRF_OPT_LEDGER (CLI_OPT_FIRST_COMMAND + 0x80)
#define FRF_OPT_THRESHOLD (CLI_OPT_FIRST_COMMAND + 0x81)
#define FRF_OPT_ASSUME_WEEKENDS (CLI_OPT_FIRST_COMMAND + 0x82)

/* "what: 'x' is not a valid date, expected YYYY-MM-DD"; FR_EXIT_USAGE. */
int frf_date_arg(const char *what, const char *s, int *date);
/*
 * A day that has happened: s as frf_date_arg, today when s is NULL;
 * a date after today is refused with one line.
 */
int frf_past_date_arg(const char *what, const char *s, int *date);
/* A whole number in [min, max]; one line naming what on error. */
int frf_number_arg(const char *what, const char *s, long long min,
    long long max, long long *v);

/* Prints every diagnostic as "frfile: verb: …". */
void frf_print_diags(const struct fr_diags *);

/* The standard calendar (built-in plus imported). FR_EXIT_DATA on error. */
int frf_load_calendar(struct fr_calendar **out);
/* One line naming the missing year and how to load it; FR_EXIT_DATA. */
int frf_no_calendar(int year);

struct fr_check_opts;
/*
 * The stored count's bands from forms/changes.json into the check's
 * options (Art. 15 para. 1 item 3). A file that cannot be read is one
 * line on stderr and leaves the bands out; returns -1 then, else 0.
 */
int frf_check_bands(struct fr_check_opts *);

/* Opens the ledger at ledger_default_path(opt); prints errors. Returns an
 * fr_err (FR_ENOENT when missing in LEDGER_READ) so callers can choose
 * their exit code. */
int frf_open_ledger(const char *opt, enum ledger_mode, struct ledger **,
    int quiet_missing);

#endif
