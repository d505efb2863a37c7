/*
 * fuzz_facts.c — the facts reader of the filing package (person keys,
 * de-duplication, merging of the protection facts) on arbitrary input,
 * read twice so the merge and the de-duplication across files run too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/fr.h"
#include "render/pkgfacts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/fuzz-facts.XXXXXX";
	const char *paths[2];
	struct pkg_facts pf;
	struct fr_diags d;
	int fd = mkstemp(path);

	if (fd == -1)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	paths[0] = paths[1] = path;
	fr_diags_init(&d);
	pkg_facts_init(&pf);
	if (pkg_facts_load(&pf, paths, 2, "2026-11-27", &d) == FR_OK) {
		const char *dev = "gate-01";
		enum pkg_count_how how;

		(void)pkg_facts_count_devices(&pf, &dev, 1, &how);
	}
	pkg_facts_release(&pf);
	fr_diags_release(&d);
	unlink(path);
	return 0;
}
