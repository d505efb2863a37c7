/*
 * idpat.c — the PCRE2 wrapper for --id-pattern (idpat.h); the only module
 * that includes pcre2.h. The pattern is JIT-compiled when PCRE2 can, since
 * it runs once per export row.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "core/idpat.h"
#include "core/fr.h"

#include <pcre2.h>
#include <stdlib.h>

struct fr_idpat {
	pcre2_code *re;
	pcre2_match_data *md;
	int groups;
};

struct fr_idpat *
fr_idpat_new(const char *pattern, char **err)
{
	struct fr_idpat *p;
	int ec;
	PCRE2_SIZE off;
	PCRE2_UCHAR msg[256];
	uint32_t n = 0;

	*err = NULL;
	p = fr_xcalloc(1, sizeof *p);
	p->re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ec, &off, NULL);
	if (p->re == NULL) {
		pcre2_get_error_message(ec, msg, sizeof msg);
		*err = fr_xasprintf("at offset %zu: %s", (size_t)off,
		    (const char *)msg);
		free(p);
		return NULL;
	}
	(void)pcre2_jit_compile(p->re, PCRE2_JIT_COMPLETE);
	pcre2_pattern_info(p->re, PCRE2_INFO_CAPTURECOUNT, &n);
	p->groups = (int)n;
	p->md = pcre2_match_data_create_from_pattern(p->re, NULL);
	return p;
}

void
fr_idpat_free(struct fr_idpat *p)
{
	if (p == NULL)
		return;
	pcre2_match_data_free(p->md);
	pcre2_code_free(p->re);
	free(p);
}

int
fr_idpat_apply(struct fr_idpat *p, const char *s, size_t n, const char **id,
    size_t *idlen)
{
	PCRE2_SIZE *ov;
	int rc, g;

	rc = pcre2_match(p->re, (PCRE2_SPTR)s, n, 0, 0, p->md, NULL);
	if (rc < 0)
		return FR_ENOENT;
	ov = pcre2_get_ovector_pointer(p->md);
	g = p->groups > 0 ? 1 : 0;
	if (g >= rc || ov[2 * g] == PCRE2_UNSET)
		return FR_ENOENT;	/* the group did not take part */
	*id = s + ov[2 * g];
	*idlen = ov[2 * g + 1] - ov[2 * g];
	return FR_OK;
}
