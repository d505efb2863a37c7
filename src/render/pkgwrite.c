#define _GNU_SOURCE	/* renameat2 */
/*
 * pkgwrite.c — writing the package: every document in every asked format
 * and language (PDF, Word), the workbook and manifest.json, staged and
 * put in place as a whole. The only part of the package that touches files.
 */
#include "render/package.h"
#include "render/pkgint.h"

#include "core/cleanup.h"
#include "core/fr.h"
#include "core/stored.h"
#include "render/docx.h"
#include "render/pdf.h"
#include "render/pkgfacts.h"
#include "render/xlsx.h"

#include <cjson/cJSON.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void
pkg_result_release(struct pkg_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].file);
		free(r->v[i].lang);
	}
	free(r->v);
	memset(r, 0, sizeof *r);
}

struct writer {
	const struct pkg *p;
	const char *dir;
	char *stage;			/* the staging directory beside dir */
	char **files;			/* the files made in it */
	size_t nfiles;
	struct pkg_result *res;
	struct pdf_fonts *fonts;
	struct fr_diags *diags;
};

/* Seconds on the monotonic clock, to time each output. */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The path of name in the staging directory, remembered for cleanup. */
static char *
stage_path(struct writer *w, const char *name)
{
	char *path = fr_xasprintf("%s/%s", w->stage, name);

	fr_cleanup_add(path);
	w->files = fr_xreallocarray(w->files, w->nfiles + 1, sizeof *w->files);
	w->files[w->nfiles++] = fr_xstrdup(path);
	return path;
}

/* Record an output from its bytes (hashed here, not read back). */
static void
add_output(struct writer *w, const char *name, const char *format,
    const char *lang, int slot, const void *buf, size_t len, double t0)
{
	struct pkg_output *o;

	w->res->v = fr_xreallocarray(w->res->v, w->res->n + 1,
	    sizeof *w->res->v);
	o = &w->res->v[w->res->n++];
	memset(o, 0, sizeof *o);
	o->file = fr_xstrdup(name);
	o->format = format;
	o->lang = lang != NULL ? fr_xstrdup(lang) : NULL;
	o->attachment = slot >= 1 && slot <= 5 ? slot : slot == -1 ? -1 : 0;
	o->document = slot >= 0 && slot < PKG_NDOCS ? pkg_slugs[slot] :
	    slot == -2 ? "filing-package" : NULL;
	o->size = (long long)len;
	pkg_sha256_hex(buf, len, o->sha256);
	o->seconds = now() - t0;
}

/* A new file of the package, mode 0600, written and synced. */
static int
write_new(struct writer *w, const char *name, const void *buf, size_t len)
{
	char *path = stage_path(w, name);
	int rc = FR_OK;

	if (fr_write_file_new(path, buf, len, 0600) != FR_OK) {
		fr_diag_add(w->diags, FR_SEV_ERROR, path, NULL, 0, 0,
		    "render.write", "cannot write: %s", strerror(errno));
		rc = FR_EIO;
	}
	free(path);
	return rc;
}

/* A document as a PDF (pdf.h), the fonts opened on first use. */
static int
emit_pdf(struct writer *w, struct doc *d, const char *lang, int att)
{
	char *name = fr_xasprintf("%s.%s.pdf", d->id, lang), *err = NULL;
	unsigned char *buf = NULL;
	size_t len = 0;
	double t0 = now();
	int rc;

	if (w->fonts == NULL && pdf_fonts_open(&w->fonts, &err) != FR_OK) {
		fr_diag_add(w->diags, FR_SEV_ERROR, NULL, NULL, 0, 0,
		    "render.font", "%s", err);
		free(err);
		free(name);
		return FR_ENOENT;
	}
	rc = pdf_render(w->fonts, d, &buf, &len, &err);
	if (rc != FR_OK) {
		fr_diag_add(w->diags, FR_SEV_ERROR, name, NULL, 0, 0,
		    "render.pdf", "%s", err != NULL ? err : "cannot render");
		free(err);
		free(name);
		return rc;
	}
	if ((rc = write_new(w, name, buf, len)) == FR_OK)
		add_output(w, name, "pdf", lang, att, buf, len, t0);
	free(buf);
	free(name);
	return rc;
}

/* A document as a Word draft (docx.h), beside its PDF. */
static int
emit_docx(struct writer *w, struct doc *d, const char *lang, int att)
{
	char *name = fr_xasprintf("%s.%s.docx", d->id, lang), *err = NULL;
	unsigned char *buf = NULL;
	size_t len = 0;
	double t0 = now();
	int rc;

	rc = docx_render(d, &buf, &len, &err);
	if (rc != FR_OK) {
		fr_diag_add(w->diags, FR_SEV_ERROR, name, NULL, 0, 0,
		    "render.docx", "%s", err != NULL ? err : "cannot render");
		free(err);
		free(name);
		return rc;
	}
	if ((rc = write_new(w, name, buf, len)) == FR_OK)
		add_output(w, name, "docx", lang, att, buf, len, t0);
	free(buf);
	free(name);
	return rc;
}

/* A document in the paged formats asked for: PDF, Word or both. */
static int
emit_paged(struct writer *w, int formats, struct doc *d, const char *lang,
    int att)
{
	int rc = FR_OK;

	if (formats & PKG_PDF)
		rc = emit_pdf(w, d, lang, att);
	if (rc == FR_OK && (formats & PKG_DOCX))
		rc = emit_docx(w, d, lang, att);
	return rc;
}

/* The workbook of the whole package in one language, read back to hash. */
static int
emit_xlsx(struct writer *w, struct doc **docs, size_t n, const char *lang)
{
	char *name = fr_xasprintf("filing-package.%s.xlsx", lang), *path;
	char *err = NULL, *buf = NULL;
	struct xlsx_meta m;
	size_t len = 0;
	double t0 = now();
	int rc;

	path = stage_path(w, name);
	memset(&m, 0, sizeof m);
	m.title = PKG_IS_ZH(lang) ? "人脸识别技术应用备案材料" :
	    "Facial recognition technology application filing";
	m.subject = docs[0]->subject;
	m.author = docs[0]->author;
	m.company = docs[0]->author;
	m.keywords = docs[0]->keywords;
	m.created = w->p->created;
	rc = xlsx_write((const struct doc *const *)docs, n, &m, path, 0600,
	    &err);
	if (rc != FR_OK)
		fr_diag_add(w->diags, FR_SEV_ERROR, name, NULL, 0, 0,
		    "render.xlsx", "%s", err != NULL ? err : "cannot write");
	else if ((rc = fr_read_file(path, 0, &buf, &len)) != FR_OK)
		fr_diag_add(w->diags, FR_SEV_ERROR, path, NULL, 0, 0,
		    "render.write", "cannot read back the workbook");
	else
		add_output(w, name, "xlsx", lang, -2, buf, len, t0);
	free(buf);
	free(err);
	free(path);
	free(name);
	return rc;
}

/* manifest.json: the inputs and every output with its hash and size. */
static int
emit_manifest(struct writer *w, const struct pkg_input *in, size_t nin)
{
	cJSON *m = cJSON_CreateObject(), *a;
	char *s = NULL, *t = NULL;
	size_t i;
	int rc = FR_OK;
	char when[64];
	struct tm tm;
	time_t tt = (time_t)w->p->created + 8 * 3600;

	cJSON_AddStringToObject(m, "schema", "frfile-manifest/1");
	cJSON_AddStringToObject(m, "generator", "frfile " FR_VERSION);
	if (gmtime_r(&tt, &tm) != NULL &&
	    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S+08:00", &tm) > 0)
		cJSON_AddStringToObject(m, "created", when);
	cJSON_AddBoolToObject(m, "draft", w->p->draft);
	cJSON_AddStringToObject(m, "filing_type", pkg_type_name(w->p->type));
	cJSON_AddStringToObject(m, "retention",
	    "keep with the processing records for at least three years "
	    "(Art. 9)");
	cJSON_AddItemToObject(m, "stored", fr_stored_json(w->p->stored));
	a = cJSON_AddArrayToObject(m, "inputs");
	for (i = 0; i < nin; i++) {
		cJSON *e = cJSON_CreateObject();
		char *buf = NULL, hex[65];
		size_t len = 0;

		if (fr_read_file(in[i].path, 0, &buf, &len) != FR_OK) {
			fr_diag_add(w->diags, FR_SEV_ERROR, in[i].path, NULL, 0,
			    0, "render.input", "cannot read to hash it");
			cJSON_Delete(e);
			rc = FR_EIO;
			goto out;
		}
		pkg_sha256_hex(buf, len, hex);
		free(buf);
		cJSON_AddStringToObject(e, "role", in[i].role);
		cJSON_AddStringToObject(e, "path", in[i].path);
		cJSON_AddStringToObject(e, "sha256", hex);
		cJSON_AddNumberToObject(e, "size", (double)len);
		cJSON_AddItemToArray(a, e);
	}
	a = cJSON_AddArrayToObject(m, "outputs");
	for (i = 0; i < w->res->n; i++) {
		const struct pkg_output *po = &w->res->v[i];
		cJSON *e = cJSON_CreateObject();

		cJSON_AddStringToObject(e, "file", po->file);
		cJSON_AddStringToObject(e, "format", po->format);
		if (po->document != NULL)
			cJSON_AddStringToObject(e, "document", po->document);
		if (po->lang != NULL)
			cJSON_AddStringToObject(e, "lang", po->lang);
		if (po->attachment > 0)
			cJSON_AddNumberToObject(e, "attachment", po->attachment);
		cJSON_AddStringToObject(e, "sha256", po->sha256);
		cJSON_AddNumberToObject(e, "size", (double)po->size);
		cJSON_AddItemToArray(a, e);
	}
	s = cJSON_Print(m);
	t = fr_xasprintf("%s\n", s);
	if ((rc = write_new(w, "manifest.json", t, strlen(t))) == FR_OK)
		add_output(w, "manifest.json", "json", NULL, -1, t, strlen(t),
		    now());
out:
	free(s);
	free(t);
	cJSON_Delete(m);
	return rc;
}

/*
 * What dir holds now. Replaced without asking: nothing, or an earlier
 * draft exactly as its manifest lists it. Kept unless replace: a final
 * package (kept three years with the records, Art. 9) and files its
 * manifest does not list (scans put there by hand). *exists says whether
 * dir is there.
 */
static int
inspect_out(const char *dir, int replace, int *exists, struct fr_diags *d)
{
	struct stat st;
	char *mpath, *buf = NULL, *first = NULL;
	cJSON *man = NULL;
	const cJSON *outs;
	struct dirent *e;
	DIR *dp;
	size_t len = 0, unlisted = 0;
	int final = 0, rc = FR_OK;

	*exists = 0;
	if (lstat(dir, &st) != 0) {
		if (errno == ENOENT)
			return FR_OK;
		fr_diag_add(d, FR_SEV_ERROR, dir, NULL, 0, 0, "render.dir",
		    "%s", strerror(errno));
		return FR_EIO;
	}
	if (!S_ISDIR(st.st_mode)) {
		fr_diag_add(d, FR_SEV_ERROR, dir, NULL, 0, 0, "render.dir",
		    "not a directory");
		return FR_EIO;
	}
	*exists = 1;
	mpath = fr_xasprintf("%s/manifest.json", dir);
	if (fr_read_file(mpath, 16u << 20, &buf, &len) == FR_OK) {
		man = cJSON_ParseWithLength(buf, len);
		final = cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(man,
		    "draft"));
	}
	free(buf);
	free(mpath);
	outs = cJSON_GetObjectItemCaseSensitive(man, "outputs");
	if ((dp = opendir(dir)) == NULL) {
		fr_diag_add(d, FR_SEV_ERROR, dir, NULL, 0, 0, "render.dir",
		    "cannot list: %s", strerror(errno));
		cJSON_Delete(man);
		return FR_EIO;
	}
	while ((e = readdir(dp)) != NULL) {
		const cJSON *o;
		int listed = 0;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    (man != NULL && strcmp(e->d_name, "manifest.json") == 0))
			continue;
		cJSON_ArrayForEach(o, outs)
			if (strcmp(cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(o, "file")) ?
			    cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(o, "file")) : "",
			    e->d_name) == 0)
				listed = 1;
		if (!listed && unlisted++ == 0)
			first = fr_xstrdup(e->d_name);
	}
	closedir(dp);
	cJSON_Delete(man);
	if (!replace && final) {
		fr_diag_add(d, FR_SEV_ERROR, dir, NULL, 0, 0, "render.final",
		    "holds a final package, kept with the records for three "
		    "years (Art. 9): render into another directory");
		rc = FR_EEXIST;
	}
	if (!replace && unlisted > 0) {
		fr_diag_add(d, FR_SEV_ERROR, dir, NULL, 0, 0, "render.foreign",
		    "holds %zu file%s the package's manifest does not list "
		    "(such as '%s'): render into another directory", unlisted,
		    unlisted == 1 ? "" : "s", first);
		rc = FR_EEXIST;
	}
	free(first);
	return rc;
}

/* Remove one file or emptied directory: rm_tree's nftw callback. */
static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)f;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* Remove a directory and what it holds (the package put out of place). */
static void
rm_tree(const char *dir)
{
	(void)nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/*
 * Put the staged package in place of dir at once: exchanged with the old
 * directory (renameat2), which is then removed; where the file system
 * cannot exchange, the old one is moved aside first.
 */
static int
swap_in(struct writer *w, int exists)
{
	char *aside;
	int rc = FR_OK, saved;

	if (!exists) {
		if (rename(w->stage, w->dir) != 0)
			rc = FR_EIO;
	} else if (renameat2(AT_FDCWD, w->stage, AT_FDCWD, w->dir,
	    RENAME_EXCHANGE) == 0)
		rm_tree(w->stage);
	else {
		aside = fr_xasprintf("%s.old", w->stage);
		if (rename(w->dir, aside) != 0)
			rc = FR_EIO;
		else if (rename(w->stage, w->dir) != 0) {
			rc = FR_EIO;
			saved = errno;
			(void)rename(aside, w->dir);
			errno = saved;
		} else
			rm_tree(aside);
		free(aside);
	}
	if (rc != FR_OK)
		fr_diag_add(w->diags, FR_SEV_ERROR, w->dir, NULL, 0, 0,
		    "render.write", "cannot put the package in place: %s",
		    strerror(errno));
	return rc;
}

/* A staging directory beside dir: .NAME.stage.XXXXXX, mode 0700. */
static int
make_stage(struct writer *w)
{
	char *copy = fr_xstrdup(w->dir), *base, *parent;
	size_t n = strlen(copy);
	int rc = FR_OK;

	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	base = strrchr(copy, '/');
	if (base == NULL) {
		parent = fr_xstrdup(".");
		base = copy;
	} else {
		parent = base == copy ? fr_xstrdup("/") :
		    fr_xstrndup(copy, (size_t)(base - copy));
		base++;
	}
	if (fr_mkdirs(parent, 0700) != FR_OK) {
		fr_diag_add(w->diags, FR_SEV_ERROR, parent, NULL, 0, 0,
		    "render.dir", "cannot create the directory: %s",
		    strerror(errno));
		rc = FR_EIO;
		goto out;
	}
	w->stage = fr_xasprintf("%s/.%s.stage.XXXXXX", parent, base);
	if (mkdtemp(w->stage) == NULL) {
		fr_diag_add(w->diags, FR_SEV_ERROR, parent, NULL, 0, 0,
		    "render.dir", "cannot create a staging directory: %s",
		    strerror(errno));
		free(w->stage);
		w->stage = NULL;
		rc = FR_EIO;
		goto out;
	}
	fr_cleanup_add(w->stage);
out:
	free(parent);
	free(copy);
	return rc;
}

/* Forget the staged files; on failure remove them and the stage. */
static void
unstage(struct writer *w, int failed)
{
	size_t i;

	for (i = w->nfiles; i-- > 0; ) {
		if (failed)
			unlink(w->files[i]);
		fr_cleanup_remove(w->files[i]);
		free(w->files[i]);
	}
	free(w->files);
	if (w->stage != NULL) {
		if (failed)
			rm_tree(w->stage);
		fr_cleanup_remove(w->stage);
		free(w->stage);
	}
}

/* The language code of PKG_ZH or PKG_EN. */
static const char *
lang_name(int l)
{
	return l == PKG_ZH ? "zh" : "en";
}

/* The documents of each type, in the order of the package. */
static const int order_initial[] = { 1, 2, 3, 4, 5, -1 };
static const int order_change[] = { PKG_DOC_CHANGES, 1, 2, 3, 4, 5, -1 };
static const int order_cancel[] = { PKG_DOC_CANCEL, 1, 4, -1 };

/* Letters in both languages go out as one bilingual document. */
static int
bilingual(int slot)
{
	return slot == 4 || slot == 5;
}

int
pkg_write(const struct pkg *p, const char *dir, int formats, int langs,
    int replace, const struct pkg_input *in, size_t nin,
    struct pkg_result *res, struct fr_diags *diags)
{
	struct writer w;
	/* Every document, plus the PIPIA's two working sheets. */
	struct doc *docs[PKG_NDOCS + 3];
	const char *files[PKG_NDOCS];
	char *names[PKG_NDOCS];
	const int *order = p->type == PKG_CHANGE ? order_change :
	    p->type == PKG_CANCELLATION ? order_cancel : order_initial;
	size_t i, nd;
	int rc = FR_OK, li, k, slot, have_pipia = 0, r3, exists;
	int both = (langs & PKG_ZH) && (langs & PKG_EN);

	memset(&w, 0, sizeof w);
	memset(res, 0, sizeof *res);
	memset(names, 0, sizeof names);
	/* A Word file is always a draft: identity numbers masked. */
	if ((formats & PKG_DOCX) && !p->draft) {
		fr_diag_add(diags, FR_SEV_ERROR, dir, NULL, 0, 0, "render.docx",
		    "a Word file is always a draft: the final package is PDF "
		    "and XLSX");
		return FR_EINVAL;
	}
	w.p = p;
	w.dir = dir;
	w.res = res;
	w.diags = diags;
	if ((rc = inspect_out(dir, replace, &exists, diags)) != FR_OK ||
	    (rc = make_stage(&w)) != FR_OK)
		return rc;
	for (li = PKG_ZH; li <= PKG_EN && rc == FR_OK; li <<= 1) {
		const char *lang = lang_name(li);

		if (!(langs & li))
			continue;
		nd = 0;
		memset(docs, 0, sizeof docs);
		have_pipia = 0;
		for (k = 0; order[k] != -1 && rc == FR_OK; k++) {
			struct doc *d = NULL;

			slot = order[k];
			if (slot == 3) {
				r3 = pkg_attachment3(p, lang, &d, diags);
				if (r3 != FR_OK && r3 != FR_ENOENT) {
					rc = r3;
					break;
				}
				if (r3 != FR_OK || d == NULL)
					continue;
				have_pipia = 1;
				/* The slot decides the file name, not the
				 * builder. */
				free(d->id);
				d->id = fr_xstrdup(pkg_slugs[3]);
			} else if (slot <= 2)
				d = pkg_form_doc(p, slot, lang, diags);
			else if (slot <= 5)
				d = pkg_letter_doc(p, slot, lang, diags);
			else if (slot == PKG_DOC_CHANGES)
				d = pkg_changes_doc(p, lang, diags);
			else
				d = pkg_cancel_doc(p, lang, diags);
			if (d == NULL) {
				rc = FR_EINVAL;
				break;
			}
			free(names[slot]);
			if (formats & (PKG_PDF | PKG_DOCX))
				names[slot] = fr_xasprintf("%s.%s.%s",
				    pkg_slugs[slot], bilingual(slot) && both ?
				    "zh-en" : lang, formats & PKG_PDF ? "pdf" :
				    "docx");
			else
				names[slot] = fr_xasprintf(
				    "filing-package.%s.xlsx", lang);
			if (!(bilingual(slot) && both))
				rc = emit_paged(&w, formats, d, lang, slot);
			docs[nd++] = d;
		}
		if (rc == FR_OK) {
			struct doc *cl;

			for (i = 0; i < PKG_NDOCS; i++)
				files[i] = names[i] != NULL ? names[i] : "";
			cl = pkg_checklist_doc(p, lang, have_pipia, files, diags);
			if (cl == NULL)
				rc = FR_EINVAL;
			else
				rc = emit_paged(&w, formats, cl, lang,
				    PKG_DOC_CHECKLIST);
			if (cl != NULL)
				docs[nd++] = cl;
			/* The PIPIA's working sheets go into the workbook. */
			if (have_pipia && (formats & PKG_XLSX))
				nd += pkg_attachment3_sheets(p, lang, docs + nd,
				    sizeof docs / sizeof docs[0] - nd, diags);
		}
		if (rc == FR_OK && (formats & PKG_XLSX) && nd > 0)
			rc = emit_xlsx(&w, docs, nd, lang);
		for (i = 0; i < nd; i++)
			doc_free(docs[i]);
	}
	for (k = 0; both && rc == FR_OK && order[k] != -1 &&
	    (formats & (PKG_PDF | PKG_DOCX)); k++) {
		struct doc *d;

		if (!bilingual(order[k]))
			continue;
		d = pkg_letter_doc(p, order[k], "zh-en", diags);
		if (d == NULL) {
			rc = FR_EINVAL;
			break;
		}
		rc = emit_paged(&w, formats, d, "zh-en", order[k]);
		doc_free(d);
	}
	if (rc == FR_OK)
		rc = emit_manifest(&w, in, nin);
	/* All or nothing: the package goes in place as a whole. */
	if (rc == FR_OK)
		rc = swap_in(&w, exists);
	unstage(&w, rc != FR_OK);
	for (i = 0; i < PKG_NDOCS; i++)
		free(names[i]);
	pdf_fonts_free(w.fonts);
	if (rc != FR_OK)
		pkg_result_release(res);
	return rc;
}

