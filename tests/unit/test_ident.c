/*
 * test_ident.c — identifier checks: every vector of the reference notes
 * (USCC, resident ID, division codes) plus failures, shapes of other
 * documents, contact data and masking. One row per case.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/fr.h"
#include "core/ident.h"

static void
test_ident__uscc(void **state)
{
	static const struct {
		const char *s;
		enum fr_ident_status want;
		char got, expected;	/* for the check failures */
		const char *why;
	} rows[] = {
		{ "91440300708461136T", FR_IDENT_OK, 0, 0, "public example" },
		{ "91110000802100433B", FR_IDENT_OK, 0, 0, "public example" },
		{ "91330106MA2H7Q4K4M", FR_IDENT_OK, 0, 0, "the sample's" },
		{ "91440300708461136U", FR_IDENT_CHECK, 'U', 'T', "check char" },
		{ "91110000802100433A", FR_IDENT_CHECK, 'A', 'B', "check char" },
		{ "91440300708461137T", FR_IDENT_ORGCODE, '7', '6', "org digit" },
		{ "91330106MA2H7Q4L4M", FR_IDENT_ORGCODE, '4', '2', "org digit" },
		{ "9144030070846113T", FR_IDENT_LENGTH, 0, 0, "17 characters" },
		{ "91440300708461136TT", FR_IDENT_LENGTH, 0, 0, "19 characters" },
		{ "", FR_IDENT_LENGTH, 0, 0, "empty" },
		{ "91440300708461I36T", FR_IDENT_CHARSET, 'I', 0, "I not in set" },
		{ "9144030070846113OT", FR_IDENT_CHARSET, 'O', 0, "O not in set" },
		{ "91440300708461136t", FR_IDENT_CHARSET, 't', 0, "lower case" },
	};
	struct fr_ident_result r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		enum fr_ident_status st = fr_uscc_check(rows[i].s, &r);

		if (st != rows[i].want)
			fail_msg("%s (%s): got %d, want %d", rows[i].s,
			    rows[i].why, st, rows[i].want);
		if (rows[i].want == FR_IDENT_CHECK ||
		    rows[i].want == FR_IDENT_ORGCODE) {
			assert_int_equal(r.got, rows[i].got);
			assert_int_equal(r.expected, rows[i].expected);
		}
		if (rows[i].want == FR_IDENT_CHARSET)
			assert_int_equal(r.got, rows[i].got);
	}
	assert_int_equal(fr_uscc_check_char("91440300708461136"), 'T');
	assert_int_equal(fr_orgcode_check_char("70846113"), '6');
	/* GB 11714: 10 is written X, 11 is written 0. */
	assert_int_equal(fr_orgcode_check_char("00000000"), '0');
}

static void
test_ident__resident_id(void **state)
{
	static const struct {
		const char *s;
		const char *today;
		enum fr_ident_status want;
		const char *why;
	} rows[] = {
		{ "11010519491231002X", "2026-11-22", FR_IDENT_OK, "GB 11643 example" },
		{ "330106197803151235", "2026-11-22", FR_IDENT_OK, "sample, male" },
		{ "330102198507092460", "2026-11-22", FR_IDENT_OK, "sample, female" },
		{ "110105194912310021", "2026-11-22", FR_IDENT_CHECK, "X expected" },
		{ "11010519491231002x", "2026-11-22", FR_IDENT_CHARSET, "lower-case x" },
		{ "1101051949123100", "2026-11-22", FR_IDENT_LENGTH, "16 digits" },
		{ "110105490231002", "2026-11-22", FR_IDENT_LENGTH, "old 15-digit" },
		{ "11010519490230002X", "2026-11-22", FR_IDENT_BIRTHDATE, "Feb 30" },
		{ "11010519491331002X", "2026-11-22", FR_IDENT_BIRTHDATE, "month 13" },
		{ "11010517001231002X", "2026-11-22", FR_IDENT_BIRTHDATE, "year 1700" },
		{ "110105202611230011", "2026-11-22", FR_IDENT_FUTURE, "tomorrow" },
		{ "11010520261122001X", "2026-11-22", FR_IDENT_OK, "born today" },
		{ "110105202611220011", "2026-11-22", FR_IDENT_CHECK, "born today, bad check" },
		{ "1101A519491231002X", "2026-11-22", FR_IDENT_CHARSET, "letter" },
	};
	struct fr_ident_result r;
	size_t i;
	int today;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		assert_int_equal(fr_date_parse(rows[i].today, &today), FR_OK);
		if (fr_resident_id_check(rows[i].s, today, &r) != rows[i].want)
			fail_msg("%s (%s): got %d, want %d", rows[i].s,
			    rows[i].why, r.status, rows[i].want);
	}
	assert_int_equal(fr_resident_id_check_char("11010519491231002"), 'X');
	/* Born today is fine: only later dates are refused. */
	assert_int_equal(fr_date_parse("2026-11-22", &today), FR_OK);
	{
		char id[19];

		memcpy(id, "11010520261122001", 17);
		id[17] = fr_resident_id_check_char(id);
		id[18] = '\0';
		assert_int_equal(fr_resident_id_check(id, today, NULL),
		    FR_IDENT_OK);
		assert_int_equal(fr_resident_id_check(id, today - 1, NULL),
		    FR_IDENT_FUTURE);
	}
}

static void
test_ident__other_documents(void **state)
{
	static const struct {
		const char *type, *s;
		enum fr_ident_status want;
	} rows[] = {
		{ "passport", "E12345678", FR_IDENT_OK },
		{ "passport", "EA1234567", FR_IDENT_OK },
		{ "passport", "G12345678", FR_IDENT_OK },
		{ "passport", "X1234", FR_IDENT_OK },
		{ "passport", "E-1234", FR_IDENT_SHAPE },
		{ "passport", "e12345678", FR_IDENT_SHAPE },
		{ "passport", "", FR_IDENT_SHAPE },
		{ "hk_macao_permit", "H12345678", FR_IDENT_OK },
		{ "hk_macao_permit", "M1234567801", FR_IDENT_OK },
		{ "hk_macao_permit", "K12345678", FR_IDENT_SHAPE },
		{ "hk_macao_permit", "H1234567", FR_IDENT_SHAPE },
		{ "taiwan_permit", "12345678", FR_IDENT_OK },
		{ "taiwan_permit", "1234567890", FR_IDENT_OK },
		{ "taiwan_permit", "1234567", FR_IDENT_SHAPE },
		{ "foreign_permanent_resident", "USA123456789012", FR_IDENT_OK },
		{ "foreign_permanent_resident", "93303119900101123X", FR_IDENT_OK },
		{ "foreign_permanent_resident", "US1234567890123", FR_IDENT_SHAPE },
		{ "resident_id", "11010519491231002X", FR_IDENT_OK },
		{ "resident_id", "110105194912310021", FR_IDENT_CHECK },
		{ "driving_licence", "123", FR_IDENT_TYPE },
	};
	size_t i;
	int today;

	(void)state;
	assert_int_equal(fr_date_parse("2026-11-22", &today), FR_OK);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (fr_id_check(rows[i].type, rows[i].s, today, NULL) !=
		    rows[i].want)
			fail_msg("%s %s: want %d", rows[i].type, rows[i].s,
			    rows[i].want);
}

static void
test_ident__contact(void **state)
{
	static const struct {
		int (*fn)(const char *);
		const char *s;
		int want;
	} rows[] = {
		{ fr_is_mobile, "13800000000", 1 },
		{ fr_is_mobile, "19900000101", 1 },
		{ fr_is_mobile, "+86 13912345678", 1 },
		{ fr_is_mobile, "12900000000", 0 },	/* 12 is not a mobile prefix */
		{ fr_is_mobile, "1390000000", 0 },	/* 10 digits */
		{ fr_is_mobile, "139000000001", 0 },	/* 12 digits */
		{ fr_is_landline, "0571-80000001", 1 },
		{ fr_is_landline, "010-62345678", 1 },
		{ fr_is_landline, "01062345678", 1 },
		{ fr_is_landline, "0755-8123456", 1 },	/* 7 digits */
		{ fr_is_landline, "0571-80000001-8021", 1 },
		{ fr_is_landline, "(0571) 80000001", 1 },
		{ fr_is_landline, "571-80000001", 0 },	/* no leading 0 */
		{ fr_is_landline, "0571-800000", 0 },	/* 6 digits */
		{ fr_is_phone, "19900000101", 1 },
		{ fr_is_phone, "0571-80000001", 1 },
		{ fr_is_phone, "hello", 0 },
		{ fr_is_email, "privacy@qixiawan.example", 1 },
		{ fr_is_email, "a.b+c@mail.example.com", 1 },
		{ fr_is_email, "frt-filing@", 0 },
		{ fr_is_email, "@example.com", 0 },
		{ fr_is_email, "a b@example.com", 0 },
		{ fr_is_email, "a@b", 0 },
		{ fr_is_postal_code, "310012", 1 },
		{ fr_is_postal_code, "31001", 0 },
		{ fr_is_postal_code, "3100123", 0 },
		{ fr_is_postal_code, "31001a", 0 },
		{ fr_is_url, "https://www.qixiawan.example", 1 },
		{ fr_is_url, "http://example.com:8080/a?b=c", 1 },
		{ fr_is_url, "ftp://example.com", 0 },
		{ fr_is_url, "www.example.com", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (rows[i].fn(rows[i].s) != rows[i].want)
			fail_msg("row %zu '%s': want %d", i, rows[i].s,
			    rows[i].want);
}

static void
test_ident__division(void **state)
{
	static const struct { const char *code, *want; } rows[] = {
		{ "11", "beijing" }, { "12", "tianjin" }, { "13", "hebei" },
		{ "14", "shanxi" }, { "15", "inner_mongolia" },
		{ "21", "liaoning" }, { "22", "jilin" }, { "23", "heilongjiang" },
		{ "31", "shanghai" }, { "32", "jiangsu" }, { "33", "zhejiang" },
		{ "34", "anhui" }, { "35", "fujian" }, { "36", "jiangxi" },
		{ "37", "shandong" }, { "41", "henan" }, { "42", "hubei" },
		{ "43", "hunan" }, { "44", "guangdong" }, { "45", "guangxi" },
		{ "46", "hainan" }, { "50", "chongqing" }, { "51", "sichuan" },
		{ "52", "guizhou" }, { "53", "yunnan" }, { "54", "tibet" },
		{ "61", "shaanxi" }, { "62", "gansu" }, { "63", "qinghai" },
		{ "64", "ningxia" }, { "65", "xinjiang" },
		{ "440300", "guangdong" }, { "110000", "beijing" },
		{ "71", NULL }, { "81", NULL }, { "82", NULL },	/* not mainland */
		{ "99", NULL }, { "1", NULL }, { "", NULL },
	};
	size_t i;
	const char *got;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		got = fr_division_province(rows[i].code);
		if (rows[i].want == NULL)
			assert_null(got);
		else
			assert_string_equal(got, rows[i].want);
	}
}

static void
test_ident__mask(void **state)
{
	static const struct { const char *in, *want; } rows[] = {
		{ "11010519491231002X", "1101**********002X" },
		{ "330106197803151235", "3301**********1235" },
		{ "USA123456789012", "USA1*******9012" },
		{ "E12345678", "E1*****78" },
		{ "H1234567", "H1****67" },
		{ "E-1234", "E****4" },
		{ "abc", "***" },
		{ "", "" },
		{ "身份证号码一二三四五六七八九", "身份证号******六七八九" },
	};
	size_t i;
	char *m;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		m = fr_mask_id(rows[i].in);
		assert_string_equal(m, rows[i].want);
		free(m);
	}
}

static void
test_ident__messages(void **state)
{
	struct fr_ident_result r;
	char *m;

	(void)state;
	fr_uscc_check("91440300708461136U", &r);
	m = fr_ident_message(&r);
	assert_string_equal(m, "check character is 'U', expected 'T'");
	free(m);
	fr_uscc_check("9144", &r);
	m = fr_ident_message(&r);
	assert_string_equal(m, "has 4 characters, expected 18");
	free(m);
	assert_int_equal(fr_re_match("(", "x"), -1);	/* bad pattern */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ident__uscc),
		cmocka_unit_test(test_ident__resident_id),
		cmocka_unit_test(test_ident__other_documents),
		cmocka_unit_test(test_ident__contact),
		cmocka_unit_test(test_ident__division),
		cmocka_unit_test(test_ident__mask),
		cmocka_unit_test(test_ident__messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
