/*
 * package.h — the filing package: Attachments 1, 2, 4 and 5, the
 * checklist of all nine materials and manifest.json, built from the
 * filing, the forms (forms/attachment<N>.json), the prose templates
 * (templates/) and the matcher facts, and written as PDF and XLSX.
 *
 * Attachment 3 (the PIPIA) plugs in through pkg_attachment3()
 * (attachment3.c): when it returns a document, the package renders and
 * lists it like the others.
 *
 * Ownership: a struct pkg borrows the filing, schema and facts given to
 * pkg_init and owns the template contexts it builds; pkg_release frees
 * them. Documents returned by the builders are the caller's (doc_free).
 */
#ifndef FR_RENDER_PACKAGE_H
#define FR_RENDER_PACKAGE_H

#include <stddef.h>

#include "core/diag.h"
#include "render/doc.h"

struct cJSON;
struct fr_filing;
struct fr_schema;
struct pkg_facts;

enum { PKG_PDF = 1, PKG_XLSX = 2 };
enum { PKG_ZH = 1, PKG_EN = 2 };

struct pkg {
	const struct fr_filing *filing;
	const struct fr_schema *schema;
	const struct pkg_facts *facts;	/* NULL: none given */
	long long created;		/* pinned creation time (epoch s) */
	int draft;
	/*
	 * The PIPIA (Attachment 3): the assessment document of assess.h
	 * joined with the report's own data (version, date, status, inputs'
	 * hash, accepted risks) under "report". NULL: no PIPIA rendered.
	 */
	const struct cJSON *pipia;
	/*
	 * Template contexts, one per language: the filing's own keys, plus
	 * "display" (the same tree with every value formatted for reading:
	 * enumeration labels, dates, 是/否, masked identity numbers),
	 * "facts" (merged facts, absent without --facts) and "stored"
	 * ({individuals, method, files}).
	 */
	struct cJSON *ctx[2];
};

int pkg_init(struct pkg *, const struct fr_filing *, const struct fr_schema *,
    const struct pkg_facts *, long long created, int draft);
void pkg_release(struct pkg *);

/* The template context for "zh" or "en" (borrowed). */
const struct cJSON *pkg_context(const struct pkg *, const char *lang);

/*
 * A value formatted for reading, the way forms show it (enumeration
 * labels, dates in the language's style, 是/否, masked identity numbers
 * where the form or schema asks). Returns NULL for a value not filled in.
 */
char *pkg_format(const struct pkg *, const struct cJSON *v,
    const char *enum_name, int type, int mask, const char *lang);

/* Attachments 1 and 2 (any form of forms/): one language. */
struct doc *pkg_form_doc(const struct pkg *, int attachment,
    const char *lang, struct fr_diags *);
/* Attachments 4 and 5: lang "zh", "en" or "zh-en" (Chinese, then English). */
struct doc *pkg_letter_doc(const struct pkg *, int attachment,
    const char *lang, struct fr_diags *);
/* The nine materials, marking what this run generated. */
struct doc *pkg_checklist_doc(const struct pkg *, const char *lang,
    int have_pipia, const char *const *files, struct fr_diags *);

/*
 * The Attachment 3 hook (attachment3.c): build the PIPIA document for
 * lang ("zh" or "en") into *out. FR_ENOENT: not available in this build.
 */
int pkg_attachment3(const struct pkg *, const char *lang, struct doc **out,
    struct fr_diags *);

/*
 * The PIPIA's worksheets a team works in (risk register, data map): extra
 * documents for the workbook of lang. Returns how many it put in out
 * (at most max); 0 when there is no PIPIA.
 */
size_t pkg_attachment3_sheets(const struct pkg *, const char *lang,
    struct doc **out, size_t max, struct fr_diags *);

/* What pkg_write wrote. */
struct pkg_output {
	char *file;			/* name inside the directory */
	const char *format;		/* "pdf", "xlsx", "json" */
	char *lang;			/* "zh", "en", "zh-en", NULL */
	int attachment;			/* 1..5, 0 checklist, -1 manifest */
	char sha256[65];
	long long size;
	double seconds;			/* time to lay out and write */
};

struct pkg_input {
	const char *path;
	const char *role;		/* "filing", "facts" */
};

struct pkg_result {
	struct pkg_output *v;
	size_t n;
};
void pkg_result_release(struct pkg_result *);

/*
 * Render every document in the asked formats and languages into dir
 * (created 0700 if missing). All files are staged as temporaries and
 * renamed into place only when everything succeeded: a failure leaves no
 * new file behind. Files are created with mode 0600. manifest.json lists
 * every output's SHA-256 and size and the inputs' hashes.
 */
int pkg_write(const struct pkg *, const char *dir, int formats, int langs,
    const struct pkg_input *inputs, size_t ninputs, struct pkg_result *,
    struct fr_diags *);

#endif
