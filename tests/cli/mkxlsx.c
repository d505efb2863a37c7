/*
 * mkxlsx.c — writes XLSX workbooks for the count tests and the benchmark
 * with libxlsxwriter, so that they read what Excel-compatible software
 * writes rather than hand-made XML.
 *
 *   mkxlsx OUT.xlsx <SPEC     a sheet per "#sheet NAME" line, then a row
 *                             per line, cells separated by tabs:
 *                               s:TEXT   a text cell (shared string)
 *                               n:NUM    a number
 *                               d:Y-M-D  a date cell (a serial, yyyy/m/d)
 *                               t:SERIAL a number formatted as a date
 *                               b:1      a boolean
 *                               (empty)  no cell
 *   mkxlsx OUT.xlsx --rows N --distinct D [--numeric] [--csv FILE]
 *                             a header "person_id,enrolled", then N rows
 *                             of D distinct ids (ZX-… text, or numbers),
 *                             written in constant-memory mode; --csv
 *                             also writes the same rows as CSV
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

static int
spec(const char *out)
{
	lxw_workbook_options o = { 0 };
	lxw_workbook *wb;
	lxw_worksheet *ws = NULL;
	lxw_format *df;
	char line[8192], *p, *cell, *save;
	int row = 0, col;

	wb = workbook_new_opt(out, &o);
	if (wb == NULL)
		return 1;
	df = workbook_add_format(wb);
	format_set_num_format(df, "yyyy/m/d");
	while (fgets(line, sizeof line, stdin) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "#sheet ", 7) == 0) {
			ws = workbook_add_worksheet(wb, line + 7);
			row = 0;
			continue;
		}
		if (ws == NULL)
			ws = workbook_add_worksheet(wb, NULL);
		col = 0;
		for (p = line; p != NULL; col++) {
			cell = p;
			if ((save = strchr(p, '\t')) != NULL) {
				*save = '\0';
				p = save + 1;
			} else
				p = NULL;
			if (cell[0] == '\0' || cell[1] != ':')
				continue;
			switch (cell[0]) {
			case 's':
				worksheet_write_string(ws, row, col, cell + 2, NULL);
				break;
			case 'n':
				worksheet_write_number(ws, row, col,
				    strtod(cell + 2, NULL), NULL);
				break;
			case 't':
				worksheet_write_number(ws, row, col,
				    strtod(cell + 2, NULL), df);
				break;
			case 'b':
				worksheet_write_boolean(ws, row, col,
				    atoi(cell + 2), NULL);
				break;
			case 'd': {
				lxw_datetime dt = { 0, 0, 0, 0, 0, 0 };

				sscanf(cell + 2, "%d-%d-%d", &dt.year, &dt.month,
				    &dt.day);
				worksheet_write_datetime(ws, row, col, &dt, df);
				break;
			}
			}
		}
		row++;
	}
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}

static int
bulk(const char *out, long rows, long distinct, int numeric, FILE *csv)
{
	lxw_workbook_options o = { .constant_memory = LXW_TRUE };
	lxw_workbook *wb = workbook_new_opt(out, &o);
	lxw_worksheet *ws;
	lxw_format *df;
	char id[32];
	unsigned long long x = 88172645463325252ull;
	long r, k;

	if (wb == NULL)
		return 1;
	ws = workbook_add_worksheet(wb, NULL);
	df = workbook_add_format(wb);
	format_set_num_format(df, "yyyy/m/d");
	worksheet_write_string(ws, 0, 0, "person_id", NULL);
	worksheet_write_string(ws, 0, 1, "enrolled", NULL);
	if (csv != NULL)
		fputs("person_id,enrolled\n", csv);
	for (r = 0; r < rows; r++) {
		/* Every distinct id once, then repeats (xorshift). */
		if (r < distinct)
			k = r;
		else {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			k = (long)(x % (unsigned long long)distinct);
		}
		if (numeric)
			worksheet_write_number(ws, (lxw_row_t)(r + 1), 0,
			    13900000000.0 + (double)k, NULL);
		else {
			snprintf(id, sizeof id, "ZX-%09ld", k);
			/* constant_memory writes inline strings, as exports do. */
			worksheet_write_string(ws, (lxw_row_t)(r + 1), 0, id,
			    NULL);
		}
		worksheet_write_number(ws, (lxw_row_t)(r + 1), 1,
		    45658.0 + (double)(k % 365), df);
		if (csv != NULL) {
			/* Serial 45658 is 2025-01-01. */
			int doy = (int)(k % 365), m = 0;
			static const int ml[] = { 31, 28, 31, 30, 31, 30, 31,
			    31, 30, 31, 30, 31 };

			while (doy >= ml[m])
				doy -= ml[m++];
			if (numeric)
				fprintf(csv, "%.0f,2025-%02d-%02d\n",
				    13900000000.0 + (double)k, m + 1, doy + 1);
			else
				fprintf(csv, "ZX-%09ld,2025-%02d-%02d\n", k, m + 1,
				    doy + 1);
		}
	}
	if (csv != NULL && fclose(csv) != 0)
		return 1;
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}

int
main(int argc, char **argv)
{
	if (argc == 2)
		return spec(argv[1]);
	if (argc >= 6 && strcmp(argv[2], "--rows") == 0 &&
	    strcmp(argv[4], "--distinct") == 0) {
		FILE *csv = NULL;
		int i, numeric = 0;

		for (i = 6; i < argc; i++)
			if (strcmp(argv[i], "--numeric") == 0)
				numeric = 1;
			else if (strcmp(argv[i], "--csv") == 0 && i + 1 < argc) {
				if ((csv = fopen(argv[++i], "w")) == NULL)
					return 1;
			} else
				return 2;
		return bulk(argv[1], atol(argv[3]), atol(argv[5]), numeric,
		    csv);
	}
	fprintf(stderr, "usage: mkxlsx OUT <SPEC | mkxlsx OUT --rows N "
	    "--distinct D [--numeric]\n");
	return 2;
}
