/*
 * test_util.c — the hex helpers every module uses: fr_hex and fr_unhex
 * round-trip, and fr_unhex takes exactly 2n hex digits of either case,
 * nothing else (no sign, no space, no short or long string).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/fr.h"

static void
test_util__unhex(void **state)
{
	static const struct {
		const char *in;
		size_t n;
		int rc;
		unsigned char out[3];
		const char *why;
	} rows[] = {
		{ "00ff7a", 3, FR_OK, { 0x00, 0xff, 0x7a }, "lowercase" },
		{ "00FF7A", 3, FR_OK, { 0x00, 0xff, 0x7a }, "uppercase" },
		{ "", 0, FR_OK, { 0 }, "nothing" },
		{ "+1ff7a", 3, FR_EINVAL, { 0 }, "a sign (sscanf took it)" },
		{ " 1ff7a", 3, FR_EINVAL, { 0 }, "a space" },
		{ "00ff7", 3, FR_EINVAL, { 0 }, "one digit short" },
		{ "00ff7a0", 3, FR_EINVAL, { 0 }, "one digit over" },
		{ "00fg7a", 3, FR_EINVAL, { 0 }, "not a hex digit" },
	};
	unsigned char out[3];
	char back[7];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int rc = fr_unhex(rows[i].in, rows[i].n, out);

		if (rc != rows[i].rc)
			fail_msg("%s: rc %d, want %d", rows[i].why, rc, rows[i].rc);
		if (rc != FR_OK)
			continue;
		assert_memory_equal(out, rows[i].out, rows[i].n);
		fr_hex(out, rows[i].n, back);
		if (strcasecmp(back, rows[i].in) != 0)
			fail_msg("%s: %s back as %s", rows[i].why, rows[i].in, back);
	}
	assert_int_equal(fr_hexval('F'), 15);
	assert_int_equal(fr_hexval('/'), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_util__unhex),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
