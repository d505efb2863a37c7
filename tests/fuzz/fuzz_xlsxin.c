/*
 * fuzz_xlsxin.c — libFuzzer target for the XLSX reader (xlsxin.h).
 *
 * Random bytes seldom make a ZIP archive, so the target builds one: the
 * input is split at "\n--\n" into the sheet, the shared strings and the
 * workbook XML, stored (not deflated) in a minimal archive written here;
 * the first byte picks the options. Every tenth input (by its last byte)
 * also goes to the reader as it is, for the archive code. Nothing may
 * crash or leak, a failure always says why, and rows are never empty.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/fr.h"
#include "core/idread.h"
#include "core/xlsxin.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char rels[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\"><Relationship Id=\"rId1\" Target=\"worksheets/"
    "sheet1.xml\"/></Relationships>";
static const char workbook[] =
    "<workbook><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\" "
    "xmlns:r=\"x\"/></sheets></workbook>";

struct zbuf {
	unsigned char *p;
	size_t n, cap;
};

static void
put(struct zbuf *b, const void *s, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2;
		b->p = realloc(b->p, b->cap);
		if (b->p == NULL)
			abort();
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

static void
le(struct zbuf *b, uint32_t v, int n)
{
	unsigned char c[4];
	int i;

	for (i = 0; i < n; i++)
		c[i] = (unsigned char)(v >> (8 * i));
	put(b, c, (size_t)n);
}

static uint32_t
crc32(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0xedb88320u : c >> 1;
	}
	return ~c;
}

/* A stored ZIP archive of n members. */
static void
zip(struct zbuf *z, const char *const *names, const char *const *data,
    const size_t *len, int n)
{
	struct zbuf cd = { 0 };
	uint32_t off[4], crc;
	size_t nl;
	int i;

	for (i = 0; i < n; i++) {
		off[i] = (uint32_t)z->n;
		nl = strlen(names[i]);
		crc = crc32((const unsigned char *)data[i], len[i]);
		le(z, 0x04034b50, 4); le(z, 20, 2); le(z, 0, 2); le(z, 0, 2);
		le(z, 0, 2); le(z, 0, 2); le(z, crc, 4);
		le(z, (uint32_t)len[i], 4); le(z, (uint32_t)len[i], 4);
		le(z, (uint32_t)nl, 2); le(z, 0, 2);
		put(z, names[i], nl);
		put(z, data[i], len[i]);
		le(&cd, 0x02014b50, 4); le(&cd, 20, 2); le(&cd, 20, 2);
		le(&cd, 0, 2); le(&cd, 0, 2); le(&cd, 0, 2); le(&cd, 0, 2);
		le(&cd, crc, 4); le(&cd, (uint32_t)len[i], 4);
		le(&cd, (uint32_t)len[i], 4); le(&cd, (uint32_t)nl, 2);
		le(&cd, 0, 2); le(&cd, 0, 2); le(&cd, 0, 2); le(&cd, 0, 2);
		le(&cd, 0, 4); le(&cd, off[i], 4);
		put(&cd, names[i], nl);
	}
	off[0] = (uint32_t)z->n;
	put(z, cd.p, cd.n);
	le(z, 0x06054b50, 4); le(z, 0, 2); le(z, 0, 2);
	le(z, (uint32_t)n, 2); le(z, (uint32_t)n, 2);
	le(z, (uint32_t)cd.n, 4); le(z, off[0], 4); le(z, 0, 2);
	free(cd.p);
}

static int
row(void *arg, struct fr_idread *r, const struct fr_idrow *w)
{
	(void)arg;
	(void)r;
	if (w->idlen == 0)
		abort();	/* empty ids are reported, never delivered */
	return FR_OK;
}

static void
run(const char *data, size_t len, const struct fr_idread_opts *o,
    const char *sheet)
{
	struct fr_diags d;
	struct fr_idread *r;
	int rc;

	fr_diags_init(&d);
	r = fr_idread_new(FR_IDFMT_CSV, o, "fuzz", &d, row, NULL);
	rc = fr_xlsx_read(data, len, sheet, o, r, "fuzz", &d);
	if (rc != FR_OK && d.errors == 0)
		abort();	/* a failure always says why */
	fr_idread_free(r);
	fr_diags_release(&d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "xl/worksheets/sheet1.xml",
	    "xl/sharedStrings.xml", "xl/workbook.xml",
	    "xl/_rels/workbook.xml.rels" };
	struct fr_idread_opts o;
	const char *part[4], *p, *end, *q;
	size_t plen[4];
	struct zbuf z = { 0 };
	int n = 0, i;

	if (size < 1)
		return 0;
	memset(&o, 0, sizeof o);
	o.id_column = data[0] & 1 ? "2" : NULL;
	o.from_column = data[0] & 2 ? "d" : NULL;
	o.until_column = data[0] & 4 ? "3" : NULL;
	o.no_header = (data[0] & 8) != 0;
	o.skip_invalid = (data[0] & 16) != 0;
	if (o.no_header && o.from_column != NULL)
		o.from_column = "1";
	p = (const char *)data + 1;
	end = (const char *)data + size;
	while (n < 3 && p <= end) {
		q = p;
		while (q + 4 <= end && memcmp(q, "\n--\n", 4) != 0)
			q++;
		if (q + 4 > end)
			q = end;
		part[n] = p;
		plen[n++] = (size_t)(q - p);
		p = q + 4;
	}
	for (i = n; i < 3; i++) {
		part[i] = i == 2 ? workbook : "";
		plen[i] = strlen(part[i]);
	}
	part[3] = rels;
	plen[3] = strlen(rels);
	zip(&z, names, part, plen, 4);
	run((const char *)z.p, z.n, &o, data[0] & 32 ? "S" : NULL);
	free(z.p);
	if (data[size - 1] % 10 == 0)
		run((const char *)data, size, &o, NULL);
	return 0;
}
