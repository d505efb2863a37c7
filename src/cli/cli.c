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

void
cli_init(const char *p)
{
	prog = p;
}

void
cli_set_command(const struct cmd_entry *e)
{
	current = e;
}

const char *
cli_prog(void)
{
	return prog;
}

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
	if (current != NULL)
		fprintf(stderr, "usage: %s %s %s\n", prog, current->name,
		    current->usage);
	else
		fprintf(stderr, "usage: %s COMMAND [OPTIONS] (try %s --help)\n",
		    prog, prog);
	return FR_EXIT_USAGE;
}

int
cli_help(void)
{
	printf("usage: %s %s %s\n\n%s\n", prog, current->name, current->usage,
	    current->summary);
	if (current->help != NULL && *current->help != '\0')
		printf("\n%s", current->help);
	printf("\nSee %s(1) for details and exit codes.\n", prog);
	return FR_EXIT_OK;
}

int
cli_common_option(struct cli_common *c, int opt, const char *arg)
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

void
cli_getopt_reset(void)
{
	optind = 1;
	opterr = 0;
}

int
cli_getopt(int argc, char **argv, const char *shortopts,
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

int
cli_finish(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		current = NULL;
		fprintf(stderr, "%s: error writing standard output: %s\n", prog,
		    strerror(errno));
		return rc == FR_EXIT_OK ? FR_EXIT_DATA : rc;
	}
	return rc;
}

const struct cmd_entry *
cli_find(const struct cmd_entry *const *table, const char *name)
{
	for (; *table != NULL; table++)
		if (strcmp((*table)->name, name) == 0)
			return *table;
	return NULL;
}

void
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
		return cli_finish(FR_EXIT_OK);
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
		return cli_finish(FR_EXIT_OK);
	}
	if (strcmp(argv[1], "help") == 0) {
		if ((e = cli_find(table, argv[2])) == NULL)
			return cli_usage_error("help: unknown command '%s'",
			    argv[2]);
		cli_set_command(e);
		return cli_finish(cli_help());
	}
	if ((e = cli_find(table, argv[1])) == NULL) {
		cli_usage_error("unknown command '%s'", argv[1]);
		return FR_EXIT_USAGE;
	}
	cli_set_command(e);
	return cli_finish(e->exec(argc - 1, argv + 1));
}
