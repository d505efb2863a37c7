/*
 * fuzz_facts.c — the facts document reader (core/factsdoc.h) on arbitrary
 * input: a document whose invariants hold, or diagnostics; never a crash
 * or a leak. A document the reader accepts then goes through the filing
 * package's use of it twice (render/pkgfacts.h), so the merge of the
 * protection facts and the de-duplication across files run too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/count.h"
#include "core/date.h"
#include "core/diag.h"
#include "core/factsdoc.h"
#include "core/fr.h"
#include "render/pkgfacts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 2026-11-27: a day inside the years the facts usually span. */
#define FUZZ_TODAY 20784

static void
check_doc(const struct fr_factsdoc *f, const struct fr_diags *d)
{
	unsigned char (*k)[FR_KEY_LEN] = NULL;
	size_t i, n;

	if (f == NULL || d->errors != 0 || f->individuals < 0 ||
	    f->root == NULL || (!f->has_keys && f->npersons != 0))
		abort();
	for (i = 0; i < f->npersons; i++)
		if (f->persons[i].until <= f->persons[i].from)
			abort();
	n = fr_factsdoc_keys_kept(f, FUZZ_TODAY, &k);
	if (n > f->npersons)
		abort();
	for (i = 1; i < n; i++)
		if (fr_factskey_cmp(k[i - 1], k[i]) >= 0)
			abort();
	free(k);
}

static void
check_package(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/fuzz-facts.XXXXXX";
	const char *paths[2], *dev = "gate-01";
	struct pkg_facts pf;
	struct fr_diags d;
	enum pkg_count_how how;
	int fd = mkstemp(path);

	if (fd == -1)
		return;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return;
	}
	close(fd);
	paths[0] = paths[1] = path;
	fr_diags_init(&d);
	pkg_facts_init(&pf);
	/* The reader accepted these bytes: so must the package. */
	if (pkg_facts_load(&pf, paths, 2, FUZZ_TODAY, &d) != FR_OK)
		abort();
	(void)pkg_facts_count_devices(&pf, &dev, 1, &how);
	pkg_facts_release(&pf);
	fr_diags_release(&d);
	unlink(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fr_factsdoc *f = NULL;
	struct fr_diags d;
	int ok;

	fr_diags_init(&d);
	ok = fr_factsdoc_parse((const char *)data, size, "fuzz.json", &d,
	    &f) == FR_OK;
	if (ok) {
		char head[65];
		long long entries;

		check_doc(f, &d);
		/* The audit head for the ledger: 64 hex digits when FR_OK. */
		switch (fr_factsdoc_audit(f, head, &entries)) {
		case FR_OK:
			if (strlen(head) != 64 || entries < 0 ||
			    strspn(head, "0123456789abcdef") != 64)
				abort();
			break;
		case FR_ENOENT:
		case FR_EINVAL:
			break;
		default:
			abort();
		}
	} else if (f != NULL || d.errors == 0)
		abort();
	fr_factsdoc_free(f);
	fr_diags_release(&d);
	if (ok)
		check_package(data, size);
	return 0;
}
