/*
 * fmutil.c — frmatch's small shared helpers (error buffer, text checks).
 */
#include "frmatch/fm.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void
fm_seterr(struct fm_err *e, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
}

int
fm_text_ok(const char *s, size_t max)
{
	size_t n;

	if (s == NULL)
		return 0;
	n = strlen(s);
	if (n == 0 || n > max)
		return 0;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}
