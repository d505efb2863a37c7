/*
 * fuzz_calendar.c — libFuzzer target for the holiday-cn calendar parser:
 * any input must be either a valid year (whose invariants hold) or one or
 * more diagnostics, never a crash or a leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/diag.h"
#include "core/fr.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct fr_cal_year *y = NULL;
	struct fr_diags d;
	size_t i;

	fr_diags_init(&d);
	if (fr_cal_year_parse((const char *)data, len, "fuzz.json", &y,
	    &d) == FR_OK) {
		int jan1 = fr_date_from_ymd(y->year, 1, 1);
		int next = fr_date_from_ymd(y->year + 1, 1, 1);

		if (d.errors != 0 || y->ndays == 0)
			abort();
		for (i = 0; i < y->ndays; i++) {
			if (y->days[i].date < jan1 || y->days[i].date >= next)
				abort();
			if (i > 0 && y->days[i].date <= y->days[i - 1].date)
				abort();
			if (!y->days[i].off &&
			    fr_date_weekday(y->days[i].date) < 5)
				abort();
		}
		(void)fr_cal_year_workdays(y);
		fr_cal_year_free(y);
	} else if (y != NULL || d.n == 0)
		abort();
	fr_diags_release(&d);
	return 0;
}
