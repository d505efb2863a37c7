/*
 * test_pkgfacts.c — facts files merged for the documents: the devices'
 * names are each listed once, and a name that is part of another one
 * ("gate-1" beside "gate-10") is still listed; counts add up.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "core/date.h"
#include "core/diag.h"
#include "core/fr.h"
#include "render/pkgfacts.h"

/*
 * Writes file k of dir: the facts of a store of device dev with 100
 * persons (each file its own store id); caller frees the path.
 */
static char *
facts_file(const char *dir, size_t k, const char *dev)
{
	char *path = fr_xasprintf("%s/f%zu.json", dir, k);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fprintf(f, "{\"schema\": \"frmatch-facts/1\", \"store_id\": "
	    "\"3f2a9c0e5b7d41e28a6f0c1d2e3b4a5%zu\", \"device\": \"%s\", "
	    "\"generated_at\": \"2026-11-22T09:47:00+08:00\", "
	    "\"individuals\": 100, \"templates\": 100, "
	    "\"raw_images_stored\": false}\n", k, dev);
	assert_int_equal(fclose(f), 0);
	return path;
}

static void
test_pkgfacts__device_names(void **state)
{
	static const struct {
		const char *a, *b, *c, *want;
	} rows[] = {
		{ "gate-10", "gate-1", NULL, "gate-10 / gate-1" },
		{ "gate-1", "gate-10", NULL, "gate-1 / gate-10" },
		{ "gate-1", "gate-1", NULL, "gate-1" },
		{ "a", "b", "a", "a / b" },
		{ "kiosk", "kiosk-2", "sk", "kiosk / kiosk-2 / sk" },
	};
	char dir[] = "/tmp/test_pkgfacts.XXXXXX";
	size_t i, j;

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const char *dev[3] = { rows[i].a, rows[i].b, rows[i].c };
		char *paths[3];
		struct pkg_facts pf;
		struct fr_diags d;
		const cJSON *v;
		size_t n = rows[i].c != NULL ? 3 : 2;
		char sub[64];

		snprintf(sub, sizeof sub, "%s/%zu", dir, i);
		assert_int_equal(fr_mkdirs(sub, 0700), FR_OK);
		for (j = 0; j < n; j++)
			paths[j] = facts_file(sub, j, dev[j]);
		pkg_facts_init(&pf);
		fr_diags_init(&d);
		assert_int_equal(pkg_facts_load(&pf, (const char *const *)paths,
		    n, fr_date_from_ymd(2026, 11, 27), &d), FR_OK);
		v = cJSON_GetObjectItemCaseSensitive(pf.merged, "device");
		assert_true(cJSON_IsString(v));
		assert_string_equal(v->valuestring, rows[i].want);
		v = cJSON_GetObjectItemCaseSensitive(pf.merged, "templates");
		assert_true(cJSON_IsNumber(v));
		assert_int_equal((int)v->valuedouble, 100 * (int)n);
		pkg_facts_release(&pf);
		fr_diags_release(&d);
		for (j = 0; j < n; j++) {
			unlink(paths[j]);
			free(paths[j]);
		}
		rmdir(sub);
	}
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pkgfacts__device_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
