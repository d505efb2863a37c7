/*
 * package.h — the filing package: Attachments 1 to 5, the checklist
 * of all nine materials and manifest.json, built from the
 * filing, the forms (forms/attachment<N>.json), the prose templates
 * (templates/) and the matcher facts, and written as PDF and XLSX, and
 * as Word drafts (DOCX) for a legal team to review.
 *
 * Attachment 3 (the PIPIA) plugs in through pkg_attachment3()
 * (attachment3.c): when it returns a document, the package renders and
 * lists it like the others.
 *
 * The filing's type (Art. 15) decides the package: an initial filing
 * has Attachments 1-5; a change (变更备案) puts a statement of changes
 * first, built from the comparison with the filing as filed
 * (pkg_set_changes, core/fdiff.h), and marks Attachments 1 and 2 as an
 * amendment; a cancellation (注销备案) is the application for
 * cancellation with Attachments 1 and 4.
 *
 * Ownership: a struct pkg borrows the filing, schema, facts and changes given to
 * pkg_init and owns the template contexts it builds; pkg_release frees
 * them. Documents returned by the builders are the caller's (doc_free).
 */
#ifndef FR_RENDER_PACKAGE_H
#define FR_RENDER_PACKAGE_H

#include <stddef.h>

#include "core/diag.h"
#include "render/doc.h"

struct cJSON;
struct fr_changes;
struct fr_filing;
struct fr_schema;
struct fr_stored;
struct pkg_facts;

enum { PKG_PDF = 1, PKG_XLSX = 2, PKG_DOCX = 4 };
enum { PKG_ZH = 1, PKG_EN = 2 };
/* The package's documents: attachments 1..5, then the type's own. */
enum {
	PKG_DOC_CHECKLIST = 0,
	PKG_DOC_CHANGES = 6,		/* statement of changes (变更说明) */
	PKG_DOC_CANCEL = 7,		/* application for cancellation */
	PKG_NDOCS = 8
};
enum pkg_type { PKG_INITIAL, PKG_CHANGE, PKG_CANCELLATION };

struct pkg {
	const struct fr_filing *filing;
	const struct fr_schema *schema;
	const struct pkg_facts *facts;	/* NULL: none given */
	/*
	 * The stored quantity (core/stored.h): the one figure every
	 * document states; never NULL after pkg_init.
	 */
	const struct fr_stored *stored;
	struct cJSON *factsform;	/* forms/facts.json: facts in words */
	struct cJSON *materials;	/* forms/materials.json: the checklist */
	long long created;		/* pinned creation time (epoch s) */
	/*
	 * A draft is watermarked, masks identity numbers and marks the
	 * PIPIA 征求意见稿; the final package carries the full numbers the
	 * authority needs (Attachments 1 and 4).
	 */
	int draft;
	enum pkg_type type;		/* from filing.type */
	const struct fr_changes *changes;	/* NULL: no comparison given */
	const struct cJSON *old_root;	/* the filing as filed, or NULL */
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
	 * ({individuals, method, files}), "is" ({initial, change,
	 * cancellation}: one is true), "amendment" ({compared,
	 * substantive, minor}) and "handled" ({deleted, anonymised,
	 * transferred_by_law}: how a cancellation's information was handled).
	 */
	struct cJSON *ctx[2];
};

int pkg_init(struct pkg *, const struct fr_filing *, const struct fr_schema *,
    const struct pkg_facts *, const struct fr_stored *, long long created,
    int draft);
void pkg_release(struct pkg *);
/* The type's name as in filing.type ("initial", "change", ...). */
const char *pkg_type_name(enum pkg_type);
/*
 * The comparison of a change with the filing as filed (borrowed; NULL:
 * none given, the statement says so and relies on change_summary).
 */
void pkg_set_changes(struct pkg *, const struct fr_changes *,
    const struct cJSON *old_root);

/* The template context for "zh" or "en" (borrowed). */
const struct cJSON *pkg_context(const struct pkg *, const char *lang);

/*
 * A value formatted for reading, the way forms show it (enumeration
 * labels, dates in the language's style, 是/否, identity numbers masked
 * in a draft where the form or schema asks). Returns NULL for a value not
 * filled in.
 */
char *pkg_format(const struct pkg *, const struct cJSON *v,
    const char *enum_name, int type, int mask, const char *lang);

/* A count as every document writes it: 118,609. */
char *pkg_fmt_count(long long n);

/*
 * Whether the package can be filed as it is, before anything is written:
 * a stored count that exists, is complete, is at most 30 days old on
 * the filing date and (initial filing) shows the line reached; facts that
 * agree with it; every device named by an application and every facts
 * file's device named. Each problem is one diagnostic, an error when
 * final and a warning in a draft. A cancellation states what was deleted
 * instead and needs no count. Returns the number of problems.
 */
size_t pkg_check(const struct pkg *, int final, int today, struct fr_diags *);

/* Attachments 1 and 2 (any form of forms/): one language. */
struct doc *pkg_form_doc(const struct pkg *, int attachment,
    const char *lang, struct fr_diags *);
/* Attachments 4 and 5: lang "zh", "en" or "zh-en" (Chinese, then English). */
struct doc *pkg_letter_doc(const struct pkg *, int attachment,
    const char *lang, struct fr_diags *);
/* The materials the type needs, marking what this run generated;
 * files[PKG_NDOCS] names each generated document ("" if none). */
struct doc *pkg_checklist_doc(const struct pkg *, const char *lang,
    int have_pipia, const char *const *files, struct fr_diags *);
/* The statement of changes (变更说明) of a change: one language. */
struct doc *pkg_changes_doc(const struct pkg *, const char *lang,
    struct fr_diags *);
/* The application for cancellation (注销备案申请表): one language. */
struct doc *pkg_cancel_doc(const struct pkg *, const char *lang,
    struct fr_diags *);

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
	const char *format;		/* "pdf", "xlsx", "docx", "json" */
	char *lang;			/* "zh", "en", "zh-en", NULL */
	int attachment;			/* 1..5, 0 other document, -1 manifest */
	const char *document;		/* the document's slug, NULL: manifest */
	char sha256[65];
	long long size;
	double seconds;			/* time to lay out and write */
};

struct pkg_input {
	const char *path;
	const char *role;		/* "filing", "previous", "facts",
					   "ledger", "count", "reviews" */
};

struct pkg_result {
	struct pkg_output *v;
	size_t n;
};
void pkg_result_release(struct pkg_result *);

/*
 * Render every document in the asked formats and languages as the package
 * in dir. The files (mode 0600) are made in a staging directory beside
 * dir (mode 0700) that takes dir's place only when all are written:
 * interrupted or failed, dir holds the old package or nothing new.
 * An earlier draft in dir is replaced whole; a final package or files
 * its manifest does not list are kept (FR_EEXIST) unless replace.
 * manifest.json lists every output's SHA-256 and size, the inputs'
 * hashes and the stored quantity. PKG_DOCX writes each document also as a
 * Word file of the same base name; a Word file is always a draft, so it
 * is refused (FR_EINVAL) for a final package.
 */
int pkg_write(const struct pkg *, const char *dir, int formats, int langs,
    int replace, const struct pkg_input *inputs, size_t ninputs,
    struct pkg_result *, struct fr_diags *);

#endif
