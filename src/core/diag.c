/*
 * diag.c — the list of problems found in an input, printed one per line.
 */
#include "core/diag.h"
#include "core/fr.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void
fr_diags_init(struct fr_diags *d)
{
	memset(d, 0, sizeof *d);
}

void
fr_diags_release(struct fr_diags *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].path);
		free(d->v[i].code);
		free(d->v[i].msg);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}

void
fr_diag_add(struct fr_diags *d, enum fr_severity sev, const char *file,
    const char *path, int line, int col, const char *code, const char *fmt, ...)
{
	struct fr_diag *e;
	va_list ap;

	if (d == NULL)
		return;
	FR_GROW(d->v, d->cap, d->n + 1, 8);
	e = &d->v[d->n++];
	e->sev = sev;
	e->file = file ? fr_xstrdup(file) : NULL;
	e->path = path && *path ? fr_xstrdup(path) : NULL;
	e->line = line;
	e->col = col;
	e->code = code ? fr_xstrdup(code) : NULL;
	va_start(ap, fmt);
	e->msg = fr_xvasprintf(fmt, ap);
	va_end(ap);
	if (sev == FR_SEV_ERROR)
		d->errors++;
	else if (sev == FR_SEV_WARNING)
		d->warnings++;
}

void
fr_diags_print(const struct fr_diags *d, FILE *fp, const char *prefix)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct fr_diag *e = &d->v[i];

		fputs(prefix ? prefix : "", fp);
		if (e->file) {
			fputs(e->file, fp);
			if (e->line > 0)
				fprintf(fp, ":%d", e->line);
			if (e->line > 0 && e->col > 0)
				fprintf(fp, ":%d", e->col);
			fputs(": ", fp);
		}
		if (e->sev == FR_SEV_WARNING)
			fputs("warning: ", fp);
		else if (e->sev == FR_SEV_NOTE)
			fputs("note: ", fp);
		if (e->path)
			fprintf(fp, "%s: ", e->path);
		fprintf(fp, "%s\n", e->msg);
	}
}

void *
fr_diags_json(const struct fr_diags *d)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i;
	static const char *sev[] = { "error", "warning", "note" };

	for (i = 0; i < d->n; i++) {
		const struct fr_diag *e = &d->v[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "severity", sev[e->sev]);
		if (e->file)
			cJSON_AddStringToObject(o, "file", e->file);
		if (e->path)
			cJSON_AddStringToObject(o, "path", e->path);
		if (e->line > 0) {
			cJSON_AddNumberToObject(o, "line", e->line);
			cJSON_AddNumberToObject(o, "column", e->col);
		}
		if (e->code)
			cJSON_AddStringToObject(o, "code", e->code);
		cJSON_AddStringToObject(o, "message", e->msg);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}
