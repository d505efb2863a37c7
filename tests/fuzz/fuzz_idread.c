/*
 * fuzz_idread.c — libFuzzer target for the CSV and NDJSON id readers.
 * The first byte picks the format and options, the second a split point:
 * the input fed whole and fed in two pieces must give the same rows and
 * the same verdict (a push parser must not care where blocks end), and
 * nothing may crash or leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/fr.h"
#include "core/idread.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct sum {
	uint64_t h;
	size_t rows;
};

static int
row(void *arg, struct fr_idread *r, const struct fr_idrow *w)
{
	struct sum *s = arg;
	size_t i;

	(void)r;
	if (w->idlen == 0)
		abort();	/* empty ids are reported, never delivered */
	for (i = 0; i < w->idlen; i++)
		s->h = (s->h ^ (unsigned char)w->id[i]) * 1099511628211ULL;
	for (i = 0; w->from != NULL && i < w->fromlen; i++)
		s->h = (s->h ^ (unsigned char)w->from[i]) * 1099511628211ULL;
	s->h = (s->h ^ 0xff) * 1099511628211ULL;
	s->rows++;
	return FR_OK;
}

static int
run(const struct fr_idread_opts *o, enum fr_idfmt f, const char *p,
    size_t len, size_t cut, struct sum *s)
{
	struct fr_diags d;
	struct fr_idread *r;
	int rc;

	memset(s, 0, sizeof *s);
	fr_diags_init(&d);
	r = fr_idread_new(f, o, "fuzz", &d, row, s);
	rc = fr_idread_feed(r, p, cut);
	if (rc == FR_OK)
		rc = fr_idread_feed(r, p + cut, len - cut);
	if (rc == FR_OK)
		rc = fr_idread_end(r);
	if (rc != FR_OK && d.errors == 0)
		abort();	/* a failure always says why */
	fr_idread_free(r);
	fr_diags_release(&d);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct fr_idread_opts o;
	struct sum a, b;
	enum fr_idfmt f;
	const char *p = (const char *)data + 2;
	size_t n, cut;
	int ra, rb;

	if (len < 2)
		return 0;
	n = len - 2;
	memset(&o, 0, sizeof o);
	f = data[0] & 1 ? FR_IDFMT_NDJSON : FR_IDFMT_CSV;
	o.no_header = (data[0] >> 1) & 1;
	o.skip_invalid = (data[0] >> 2) & 1;
	if ((data[0] >> 3) & 1) {
		o.id_column = "2";
		o.id_field = "k";
	}
	if ((data[0] >> 4) & 1) {
		o.from_column = "from";
		o.from_field = "from";
	}
	cut = n ? data[1] % (n + 1) : 0;
	ra = run(&o, f, p, n, n, &a);
	rb = run(&o, f, p, n, cut, &b);
	if (ra != rb || a.rows != b.rows || a.h != b.h)
		abort();
	return 0;
}
