/*
 * cli.c — the shared command-line frame: dispatch, errors, help, exit.
 */
#include "cli/cli.h"
#include "core/cleanup.h"
#include "core/date.h"
#include "core/fr.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *prog = "frfile";
static const struct cmd_entry *current;

static void print_usage(FILE *, int);

/* Set once by cli_main: the program name in every message. */
static void
cli_init(const char *p)
{
	prog = p;
}

/* Set by the dispatcher: the verb in every message and usage line. */
static void
cli_set_command(const struct cmd_entry *e)
{
	current = e;
}

/* One error line on stderr, "prog: verb: message", after flushing stdout. */
static void __attribute__((format(printf, 1, 0)))
verr(const char *fmt, va_list ap)
{
	fflush(stdout);
	if (current != NULL)
		fprintf(stderr, "%s: %s: ", prog, current->name);
	else
		fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
cli_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(fmt, ap);
	va_end(ap);
}

int
cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(fmt, ap);
	va_end(ap);
	if (current != NULL && current->opts != NULL)
		print_usage(stderr, 1);
	else if (current != NULL)
		fprintf(stderr, "usage: %s %s %s\n", prog, current->name,
		    current->usage);
	else
		fprintf(stderr, "usage: %s COMMAND [OPTIONS] (try %s --help)\n",
		    prog, prog);
	return FR_EXIT_USAGE;
}

/* "-v, --verbose" or "--name ARG": an option as help and usage show it. */
static void
opt_spec(const struct cli_opt *o, char *buf, size_t len)
{
	const char *sp = o->arg ? " " : "", *arg = o->arg ? o->arg : "";

	if (o->shortname)
		snprintf(buf, len, "-%c, --%s%s%s", o->shortname, o->name, sp,
		    arg);
	else
		snprintf(buf, len, "--%s%s%s", o->name, sp, arg);
}

/*
 * "usage: prog verb OPERANDS [--opt ARG] ...", wrapped before 80
 * columns, from the command's table. Short (the required options and
 * "[options]") after a usage error, where --help has the rest.
 */
static void
print_usage(FILE *fp, int brief)
{
	const struct cli_opt *o;
	char word[128], spec[100];
	size_t col, indent, n;

	col = (size_t)fprintf(fp, "usage: %s %s", prog, current->name);
	indent = col + 1;
	if (current->usage != NULL && *current->usage != '\0')
		col += (size_t)fprintf(fp, " %s", current->usage);
	for (o = current->opts; o != NULL && (o->name || o->help); o++) {
		if (o->name == NULL || o->help == NULL)
			continue;
		if (brief && !(o->flags & CLI_REQUIRED)) {
			brief = 2;	/* some left out */
			continue;
		}
		if (o->shortname && !o->arg)
			snprintf(spec, sizeof spec, "-%c", o->shortname);
		else
			snprintf(spec, sizeof spec, "--%s%s%s", o->name,
			    o->arg ? " " : "", o->arg ? o->arg : "");
		snprintf(word, sizeof word, o->flags & CLI_REQUIRED ? "%s%s" :
		    "[%s]%s", spec, o->flags & CLI_REPEAT ? " ..." : "");
		n = strlen(word);
		if (col + 1 + n > 79) {
			fprintf(fp, "\n%*s", (int)indent - 1, "");
			col = indent - 1;
		}
		col += (size_t)fprintf(fp, " %s", word);
	}
	if (brief == 2)
		fprintf(fp, " [options]");
	fputc('\n', fp);
}

/* The option list of --help: the table's rows, help aligned. */
static void
print_options(const struct cli_opt *t, FILE *fp)
{
	const struct cli_opt *o;
	const char *h, *nl;
	char spec[100];
	int w = 0, n;

	for (o = t; o->name || o->help; o++) {
		if (o->name == NULL || o->help == NULL)
			continue;
		opt_spec(o, spec, sizeof spec);
		if ((n = (int)strlen(spec)) > w && n <= 22)
			w = n;
	}
	for (o = t; o->name || o->help; o++) {
		if (o->help == NULL)
			continue;
		if (o->name == NULL) {
			fprintf(fp, "%s\n", o->help);
			continue;
		}
		opt_spec(o, spec, sizeof spec);
		if ((int)strlen(spec) > w)
			fprintf(fp, "  %s\n  %-*s", spec, w, "");
		else
			fprintf(fp, "  %-*s", w, spec);
		for (h = o->help; (nl = strchr(h, '\n')) != NULL; h = nl + 1)
			fprintf(fp, "  %.*s\n  %-*s", (int)(nl - h), h, w, "");
		fprintf(fp, "  %s\n", h);
	}
}

int
cli_help(void)
{
	if (current->opts != NULL)
		print_usage(stdout, 0);
	else
		printf("usage: %s %s %s\n", prog, current->name,
		    current->usage);
	printf("\n%s\n", current->summary);
	if (current->opts != NULL) {
		putchar('\n');
		print_options(current->opts, stdout);
	}
	if (current->help != NULL && *current->help != '\0')
		printf("%s%s", current->opts != NULL ? "" : "\n",
		    current->help);
	printf("\nSee %s(1) for details and exit codes.\n", prog);
	return FR_EXIT_OK;
}

/* `VERB --list-options`: one "--name ARG" line per option, for completion. */
static void
cli_list_options(const struct cli_opt *t, FILE *fp)
{
	const struct cli_opt *o;

	for (o = t; o->name || o->help; o++) {
		if (o->name == NULL)
			continue;
		if (o->shortname)
			fprintf(fp, "-%c%s%s\n", o->shortname, o->arg ? " " : "",
			    o->arg ? o->arg : "");
		fprintf(fp, "--%s%s%s\n", o->name, o->arg ? " " : "",
		    o->arg ? o->arg : "");
	}
}

/* The common options every command takes, listed in its table or not. */
static const struct option common_opts[] = { CLI_COMMON_OPTS };

/*
 * One getopt_long step; an unknown option or a missing value is reported
 * as one usage line and returned as '?'.
 */
static int
getopt_quiet(int argc, char **argv, const char *shortopts,
    const struct option *longopts)
{
	int c, prev = optind;

	c = getopt_long(argc, argv, shortopts, longopts, NULL);
	if (c == '?') {
		const char *arg = argv[prev < argc ? prev : argc - 1];

		if (optopt != 0 && optopt < 0x1000 && strchr(shortopts, optopt))
			cli_usage_error("option -%c needs a value", optopt);
		else if (optopt != 0 && optopt < 0x1000)
			cli_usage_error("unknown option -%c", optopt);
		else if (optopt != 0)
			cli_usage_error("option %s needs a value", arg);
		else
			cli_usage_error("unknown option %s", arg);
	} else if (c == ':') {
		cli_usage_error("option %s needs a value", argv[prev]);
		c = '?';
	}
	return c;
}

/*
 * Takes opt when it is a common option: 1 taken, 0 not one, -1 a bad
 * value (reported).
 */
static int
common_option(struct cli_common *c, int opt, const char *arg)
{
	int d;

	switch (opt) {
	case CLI_OPT_HELP:
		c->help = 1;
		return 1;
	case CLI_OPT_JSON:
		c->json = 1;
		return 1;
	case CLI_OPT_TODAY:
		if (fr_date_parse(arg, &d) != FR_OK) {
			cli_usage_error("--today: '%s' is not a valid date, "
			    "expected YYYY-MM-DD", arg);
			return -1;
		}
		fr_date_set_today(d);
		return 1;
	}
	return 0;
}

int
cli_getopts(int argc, char **argv, const struct cli_opt *t, int flags,
    struct cli_common *common)
{
	static const struct cli_opt *built;
	static struct option *longopts;
	static char shortopts[128];
	const struct cli_opt *o;
	size_t n = 0, k, s = 0;

	if (built != t) {
		for (o = t; o->name || o->help; o++)
			n++;
		free(longopts);
		longopts = fr_xcalloc(n + 4, sizeof *longopts);
		if (flags & CLI_INORDER)
			shortopts[s++] = '-';
		for (n = 0, o = t; o->name || o->help; o++) {
			if (o->name == NULL)
				continue;
			longopts[n].name = o->name;
			longopts[n].has_arg = o->has_arg;
			longopts[n++].val = o->val;
			if (o->shortname && s + 3 < sizeof shortopts) {
				shortopts[s++] = (char)o->shortname;
				if (o->has_arg == required_argument)
					shortopts[s++] = ':';
			}
		}
		for (k = 0; common_opts[k].name != NULL; k++) {
			for (o = t; o->name || o->help; o++)
				if (o->name && strcmp(o->name,
				    common_opts[k].name) == 0)
					break;
			if (o->name == NULL && o->help == NULL)
				longopts[n++] = common_opts[k];
		}
		shortopts[s] = '\0';
		built = t;
	}
	for (;;) {
		int c = getopt_quiet(argc, argv, shortopts, longopts);

		switch (common_option(common, c, optarg)) {
		case 0:
			return c;
		case -1:
			return '?';
		}
	}
}

void
cli_getopt_reset(void)
{
	optind = 1;
	opterr = 0;
}

void
cli_print_json(void *json)
{
	char *s = cJSON_Print(json);

	if (s != NULL) {
		fputs(s, stdout);
		fputc('\n', stdout);
		free(s);
	}
	cJSON_Delete(json);
}

/*
 * Flush stdout and turn a write failure (full disk, closed pipe) into
 * FR_EXIT_DATA with a message: success must not be faked.
 */
static int
finish(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		current = NULL;
		fprintf(stderr, "%s: error writing standard output: %s\n", prog,
		    strerror(errno));
		return rc == FR_EXIT_OK ? FR_EXIT_DATA : rc;
	}
	return rc;
}

/* An entry by exact name in a NULL-terminated table (no prefixes). */
static const struct cmd_entry *
cli_find(const struct cmd_entry *const *table, const char *name)
{
	for (; *table != NULL; table++)
		if (strcmp((*table)->name, name) == 0)
			return *table;
	return NULL;
}

/* Program-level help: the list of commands. */
static void
cli_list(const struct cmd_entry *const *table, FILE *fp)
{
	fprintf(fp, "commands:\n");
	for (; *table != NULL; table++)
		fprintf(fp, "  %-10s %s\n", (*table)->name, (*table)->summary);
}

int
cli_main(const char *p, const char *const *about,
    const struct cmd_entry *const *table, int argc, char **argv)
{
	const struct cmd_entry *e;
	const char *const *line;

	cli_init(p);
	fr_cleanup_signals();
	/* cJSON's allocations follow the same out-of-memory policy. */
	{
		cJSON_Hooks hooks = { fr_xmalloc, free };

		cJSON_InitHooks(&hooks);
	}
	if (argc < 2) {
		cli_usage_error("no command given");
		return FR_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("%s %s\n", prog, FR_VERSION);
		return finish(FR_EXIT_OK);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    (strcmp(argv[1], "help") == 0 && argc == 2)) {
		printf("usage: %s COMMAND [OPTIONS] [ARGS]\n\n", prog);
		for (line = about; *line != NULL; line++)
			printf("%s\n", *line);
		putchar('\n');
		cli_list(table, stdout);
		printf("\n%s COMMAND --help shows a command's options; "
		    "%s --version the version.\n", prog, prog);
		return finish(FR_EXIT_OK);
	}
	if (strcmp(argv[1], "help") == 0) {
		if ((e = cli_find(table, argv[2])) == NULL)
			return cli_usage_error("help: unknown command '%s'",
			    argv[2]);
		cli_set_command(e);
		return finish(cli_help());
	}
	if ((e = cli_find(table, argv[1])) == NULL) {
		cli_usage_error("unknown command '%s'", argv[1]);
		return FR_EXIT_USAGE;
	}
	cli_set_command(e);
	/* Hidden: what the bash completion offers after the verb. */
	if (argc == 3 && strcmp(argv[2], "--list-options") == 0) {
		if (e->opts != NULL)
			cli_list_options(e->opts, stdout);
		return finish(FR_EXIT_OK);
	}
	return finish(e->exec(argc - 1, argv + 1));
}
