/*
 * ident.h — identifiers a filing carries: the unified social credit code
 * (GB 32100-2015) with its embedded organisation code (GB 11714), the
 * resident identity card number (GB 11643-1999), the shapes of other
 * identity documents, telephone numbers, e-mail addresses and postal
 * codes, the province of a division code (GB/T 2260), and the masking of
 * identity numbers for messages.
 *
 * This is the one module that includes pcre2.h: every shape check in
 * frfile is a regular expression here (fr_re_match for the others).
 * Ownership: fr_mask_id returns a string the caller frees.
 */
#ifndef FR_IDENT_H
#define FR_IDENT_H

#include <stddef.h>

enum fr_ident_status {
	FR_IDENT_OK = 0,
	FR_IDENT_LENGTH,	/* wrong number of characters */
	FR_IDENT_CHARSET,	/* a character outside the allowed set */
	FR_IDENT_ORGCODE,	/* USCC: embedded organisation code check digit */
	FR_IDENT_CHECK,		/* the final check character */
	FR_IDENT_BIRTHDATE,	/* resident ID: not a real date */
	FR_IDENT_FUTURE,	/* resident ID: birth date after today */
	FR_IDENT_SHAPE,		/* other documents: not the expected shape */
	FR_IDENT_TYPE,		/* unknown document type */
};

/* The outcome with what was found and what was expected. */
struct fr_ident_result {
	enum fr_ident_status status;
	int pos;		/* 1-based position of the offending char, or 0 */
	char got, expected;	/* for CHARSET / ORGCODE / CHECK */
	size_t length;		/* characters found, for LENGTH */
};

/* Check characters from the leading characters (upper case expected). */
char fr_uscc_check_char(const char *first17);
char fr_orgcode_check_char(const char *first8);
char fr_resident_id_check_char(const char *first17);

/* Full checks; return the status (also in *r when r != NULL). */
enum fr_ident_status fr_uscc_check(const char *s, struct fr_ident_result *r);
/* today is a day number (fr_date_today()); the birth date must not follow it. */
enum fr_ident_status fr_resident_id_check(const char *s, int today,
    struct fr_ident_result *r);
/*
 * By the schema's id_type key: resident_id (full check), passport,
 * hk_macao_permit, taiwan_permit, foreign_permanent_resident (shape).
 */
enum fr_ident_status fr_id_check(const char *id_type, const char *s,
    int today, struct fr_ident_result *r);
/* What the shape of id_type is, in words, for messages. */
const char *fr_id_shape_text(const char *id_type);

/* A one-line, lowercase explanation of a failed result (caller frees). */
char *fr_ident_message(const struct fr_ident_result *r);

/* Contact data. Each returns 1 when s has the shape, else 0. */
int fr_is_mobile(const char *s);	/* 1[3-9] + 9 digits, optional +86 */
int fr_is_landline(const char *s);	/* 0xx(x)-7/8 digits[-ext] */
int fr_is_phone(const char *s);		/* either of the two */
int fr_is_email(const char *s);
int fr_is_postal_code(const char *s);	/* 6 digits */
int fr_is_url(const char *s);		/* http(s)://host[/…] */

/* Whole-string match of a PCRE2 pattern (UTF mode); -1 on a bad pattern. */
int fr_re_match(const char *pattern, const char *s);

/*
 * The province key (as in the schema's "province" enum: "zhejiang") of a
 * GB/T 2260 division code or its first two digits, or NULL when unknown
 * or outside the mainland (71 Taiwan, 81 Hong Kong, 82 Macao).
 */
const char *fr_division_province(const char *code);

/*
 * Mask an identity number for display: the first four and last four
 * characters kept, the rest starred ("1101**********002X"); 8-11
 * characters keep two at each end, 4-7 one, shorter ones none.
 * Counts characters, not bytes, so the result is valid UTF-8.
 */
char *fr_mask_id(const char *s);

#endif
