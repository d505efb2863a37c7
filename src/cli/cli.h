/*
 * cli.h — what frfile's and frmatch's commands share: the command table
 * entry, one-line errors, --help text, common options and a checked exit.
 *
 * One file per verb (src/frfile/cmd-<verb>.c) exports one struct cmd_entry
 * named cmd_<verb>_entry, whose exec is the file's static <verb>_exec and
 * whose opts is its option table <verb>_opts; the table in cmd.c lists
 * the entries alphabetically. Exact names only.
 */
#ifndef FR_CLI_H
#define FR_CLI_H

#include <getopt.h>
#include <stdio.h>

struct cli_opt;

struct cmd_entry {
	const char *name;
	const char *usage;	/* the part after "frfile VERB " (with opts:
				   the operands, the options follow) */
	const char *summary;	/* one line for the command list */
	const char *help;	/* without opts: the options, one per line;
				   with opts: text after the option list */
	int (*exec)(int argc, char **argv);	/* argv[0] is the verb */
	const struct cli_opt *opts;	/* the option table, or NULL */
};

/*
 * One option of a command. A command's table of these is the one place
 * its options are written: getopt_long's array (cli_getopts), the usage
 * line and --help (cli_help), the completion's list (`VERB
 * --list-options`) and the test that holds the man page's SYNOPSIS to
 * it all come from the table. A row with no name and some help is a
 * line of text in the option list (a heading); a row of zeros ends it.
 */
struct cli_opt {
	const char *name;	/* long name without "--" */
	int shortname;		/* 'v' for -v, or 0 */
	int has_arg;		/* no_argument or required_argument */
	int val;		/* what cli_getopts returns for it */
	const char *arg;	/* the value's name in help ("FILE"), or NULL */
	const char *help;	/* lines (split at '\n') for --help */
	int flags;		/* CLI_REQUIRED, CLI_REPEAT */
};
#define CLI_REQUIRED	0x1	/* no brackets in the usage line */
#define CLI_REPEAT	0x2	/* may be given more than once ("...") */
#define CLI_TEXT(s)	{ NULL, 0, 0, 0, NULL, (s), 0 }
#define CLI_END		{ NULL, 0, 0, 0, NULL, NULL, 0 }
/* The common options' rows, with each command's own words. */
#define CLI_JSON_OPT(h)	{ "json", 0, no_argument, CLI_OPT_JSON, NULL, (h), 0 }
#define CLI_TODAY_OPT(h) \
	{ "today", 0, required_argument, CLI_OPT_TODAY, "DATE", (h), 0 }

/*
 * getopt_long over a command's table. --help, --today and --json are
 * accepted by every command, listed or not, and taken here into *common
 * (--today sets the day); the command sees its own codes only, '?' for
 * anything wrong (already reported as one usage line) and -1 at the end.
 * With CLI_INORDER, operands come back in place as code 1 (getopt's "-").
 * Call cli_getopt_reset first.
 */
#define CLI_INORDER	0x1
struct cli_common;
int cli_getopts(int argc, char **argv, const struct cli_opt *, int flags,
    struct cli_common *common);

/* "prog: verb: message" on stderr. */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same plus "usage: …"; returns FR_EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Full --help of the current command on stdout; returns FR_EXIT_OK. */
int cli_help(void);

/*
 * The common long options, --help, --today DATE and --json, which
 * cli_getopts takes for every command into a struct cli_common.
 */
enum {
	CLI_OPT_HELP = 0x1000,
	CLI_OPT_TODAY,
	CLI_OPT_JSON,
	CLI_OPT_FIRST_COMMAND = 0x1100	/* commands number their own from here */
};
#define CLI_COMMON_OPTS \
	{ "help", no_argument, NULL, CLI_OPT_HELP }, \
	{ "today", required_argument, NULL, CLI_OPT_TODAY }, \
	{ "json", no_argument, NULL, CLI_OPT_JSON }, \
	{ NULL, 0, NULL, 0 }

struct cli_common {
	int json;
	int help;
};

/*
 * Before a verb's option loop: resets optind and silences getopt's own
 * messages (cli_getopts reports them as one line).
 */
void cli_getopt_reset(void);

/* Print a cJSON value (void * keeps cJSON out of this header) and free it. */
void cli_print_json(void *json);

/* The dispatcher both programs' main() use. */
int cli_main(const char *prog, const char *const *about,
    const struct cmd_entry *const *table, int argc, char **argv);

#endif
