/*
 * test_pkgwrite.c — the package writer on the sample filing: a package
 * goes in place whole (mode 0600 files listed by manifest.json with
 * their hashes, no staging directory left), an earlier draft is
 * replaced, a final package and files the manifest does not list are
 * kept unless --replace, and a package that fails half way leaves the
 * old one as it was. The workbook alone is rendered where the PDFs add
 * nothing to what is tested.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/date.h"
#include "core/diag.h"
#include "core/filing.h"
#include "core/forms.h"
#include "core/fr.h"
#include "core/stored.h"
#include "render/package.h"
#include "render/pkgfacts.h"

static char top[] = "/tmp/test_pkgwrite.XXXXXX";
static struct fr_filing *filing;
static struct fr_schema *schema;
static struct fr_stored stored;

static int
setup(void **state)
{
	struct fr_diags d;

	(void)state;
	setenv("FRFILE_DATADIR", ".", 1);
	fr_diags_init(&d);
	if (mkdtemp(top) == NULL ||
	    fr_filing_load("samples/filing.json", &filing, &d) != FR_OK ||
	    fr_schema_load("forms", &schema, &d) != FR_OK) {
		fr_diags_release(&d);
		return -1;
	}
	fr_diags_release(&d);
	fr_stored_init(&stored);
	fr_stored_from_facts(&stored, 118609, 4, fr_date_from_ymd(2026, 11,
	    22), 100000);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	fr_stored_release(&stored);
	fr_schema_free(schema);
	fr_filing_free(filing);
	return 0;
}

/* Remove a directory one level deep (what the tests make). */
static void
rm_dir(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	char *p;

	if (dp == NULL)
		return;
	while ((e = readdir(dp)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		p = fr_xasprintf("%s/%s", dir, e->d_name);
		unlink(p);
		free(p);
	}
	closedir(dp);
	rmdir(dir);
}

/* The number of entries of dir whose name starts with prefix. */
static int
entries(const char *dir, const char *prefix)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(dp);
	while ((e = readdir(dp)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
		    strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(dp);
	return n;
}

/* Write the package (draft or final) into dir; the writer's result. */
static int
write_pkg(const char *dir, int draft, int formats, int replace,
    struct fr_diags *d)
{
	struct pkg p;
	struct pkg_result res;
	struct pkg_input in = { "samples/filing.json", "filing" };
	int rc;

	assert_int_equal(pkg_init(&p, filing, schema, NULL, &stored,
	    1764000000, draft), FR_OK);
	rc = pkg_write(&p, dir, formats, PKG_ZH, replace, &in, 1, &res, d);
	if (rc == FR_OK)
		assert_true(res.n >= 2);
	else
		assert_int_equal(res.n, 0);
	pkg_result_release(&res);
	pkg_release(&p);
	return rc;
}

/* The diagnostic with code, or NULL. */
static const struct fr_diag *
diag(const struct fr_diags *d, const char *code)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].code != NULL && strcmp(d->v[i].code, code) == 0)
			return &d->v[i];
	return NULL;
}

/*
 * dir holds exactly the files its manifest lists, each mode 0600 with
 * the size and SHA-256 listed; returns the manifest's "draft".
 */
static int
check_pkg(const char *dir)
{
	char *path = fr_xasprintf("%s/manifest.json", dir), *buf, *f, hex[65];
	const cJSON *o, *outs;
	cJSON *m;
	struct stat st;
	size_t len, flen;
	int n = 0, draft;

	assert_int_equal(fr_read_file(path, 0, &buf, &len), FR_OK);
	m = cJSON_ParseWithLength(buf, len);
	assert_non_null(m);
	free(buf);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	free(path);
	outs = cJSON_GetObjectItemCaseSensitive(m, "outputs");
	cJSON_ArrayForEach(o, outs) {
		const char *name = cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(o, "file"));

		assert_non_null(name);
		f = fr_xasprintf("%s/%s", dir, name);
		assert_int_equal(stat(f, &st), 0);
		assert_int_equal(st.st_mode & 07777, 0600);
		assert_int_equal(fr_read_file(f, 0, &buf, &flen), FR_OK);
		pkg_sha256_hex(buf, flen, hex);
		assert_string_equal(hex, cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(o, "sha256")));
		assert_int_equal((double)flen, cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(o, "size")));
		free(buf);
		free(f);
		n++;
	}
	assert_true(n >= 1);
	/* Every file but the manifest is listed; nothing else is there. */
	assert_int_equal(entries(dir, ""), n + 1);
	draft = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "draft"));
	cJSON_Delete(m);
	/* No staging directory left beside it. */
	assert_int_equal(entries(top, "."), 0);
	return draft;
}

/* A new package in place whole; a second draft replaces the first. */
static void
test_pkgwrite__new_and_replace_draft(void **state)
{
	char *dir = fr_xasprintf("%s/pkg", top);
	struct fr_diags d;
	struct stat st;

	(void)state;
	fr_diags_init(&d);
	assert_int_equal(write_pkg(dir, 1, PKG_XLSX, 0, &d), FR_OK);
	assert_int_equal(d.errors, 0);
	assert_int_equal(check_pkg(dir), 1);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(entries(dir, "filing-package.zh.xlsx"), 1);

	/* Drafts are replaced without asking, PDFs added this time. */
	assert_int_equal(write_pkg(dir, 1, PKG_XLSX | PKG_PDF, 0, &d), FR_OK);
	assert_int_equal(d.errors, 0);
	assert_int_equal(check_pkg(dir), 1);
	assert_int_equal(entries(dir, "attachment-1-basic-information.zh.pdf"),
	    1);
	assert_int_equal(entries(dir, "materials-checklist.zh.pdf"), 1);
	rm_dir(dir);
	free(dir);
	fr_diags_release(&d);
}

/*
 * A file the manifest does not list (a scan put there by hand) keeps
 * the directory as it is, named in the one diagnostic; --replace
 * replaces it whole.
 */
static void
test_pkgwrite__unlisted_kept(void **state)
{
	char *dir = fr_xasprintf("%s/scan", top), *scan, *buf;
	const struct fr_diag *e;
	struct fr_diags d;
	size_t len;
	FILE *fp;

	(void)state;
	fr_diags_init(&d);
	assert_int_equal(write_pkg(dir, 1, PKG_XLSX, 0, &d), FR_OK);
	scan = fr_xasprintf("%s/sealed-scan.pdf", dir);
	fp = fopen(scan, "w");
	assert_non_null(fp);
	fputs("scanned\n", fp);
	fclose(fp);
	assert_int_equal(write_pkg(dir, 1, PKG_XLSX, 0, &d), FR_EEXIST);
	assert_non_null(e = diag(&d, "render.foreign"));
	assert_non_null(strstr(e->msg, "sealed-scan.pdf"));
	assert_int_equal(d.errors, 1);
	assert_int_equal(fr_read_file(scan, 0, &buf, &len), FR_OK);
	assert_string_equal(buf, "scanned\n");
	free(buf);
	assert_int_equal(entries(top, "."), 0);
	fr_diags_release(&d);

	fr_diags_init(&d);
	assert_int_equal(write_pkg(dir, 1, PKG_XLSX, 1, &d), FR_OK);
	assert_int_equal(d.errors, 0);
	assert_int_equal(access(scan, F_OK), -1);
	assert_int_equal(check_pkg(dir), 1);
	free(scan);
	rm_dir(dir);
	free(dir);
	fr_diags_release(&d);
}

/* A final package is kept (Art. 9) unless --replace. */
static void
test_pkgwrite__final_kept(void **state)
{
	char *dir = fr_xasprintf("%s/final", top), *m1, *m2, *mp;
	struct fr_diags d;
	size_t l1, l2;

	(void)state;
	fr_diags_init(&d);
	assert_int_equal(write_pkg(dir, 0, PKG_XLSX, 0, &d), FR_OK);
	assert_int_equal(check_pkg(dir), 0);
	mp = fr_xasprintf("%s/manifest.json", dir);
	assert_int_equal(fr_read_file(mp, 0, &m1, &l1), FR_OK);
	assert_int_equal(write_pkg(dir, 1, PKG_XLSX, 0, &d), FR_EEXIST);
	assert_non_null(diag(&d, "render.final"));
	assert_null(diag(&d, "render.foreign"));
	assert_int_equal(fr_read_file(mp, 0, &m2, &l2), FR_OK);
	assert_string_equal(m1, m2);
	free(m2);
	assert_int_equal(check_pkg(dir), 0);
	fr_diags_release(&d);

	fr_diags_init(&d);
	assert_int_equal(write_pkg(dir, 1, PKG_XLSX, 1, &d), FR_OK);
	assert_int_equal(check_pkg(dir), 1);
	free(m1);
	free(mp);
	rm_dir(dir);
	free(dir);
	fr_diags_release(&d);
}

/*
 * Failing half way (the PDFs' font cannot be opened after the workbook
 * is written) leaves the old package as it was and no staging directory.
 */
static void
test_pkgwrite__failure_keeps_old(void **state)
{
	char *dir = fr_xasprintf("%s/fail", top), *m1, *m2, *mp;
	struct fr_diags d;
	size_t l1, l2;

	(void)state;
	fr_diags_init(&d);
	assert_int_equal(write_pkg(dir, 1, PKG_XLSX, 0, &d), FR_OK);
	mp = fr_xasprintf("%s/manifest.json", dir);
	assert_int_equal(fr_read_file(mp, 0, &m1, &l1), FR_OK);
	setenv("FRFILE_FONT_SONG", "/nonexistent/font.ttf", 1);
	assert_true(write_pkg(dir, 1, PKG_XLSX | PKG_PDF, 0, &d) != FR_OK);
	unsetenv("FRFILE_FONT_SONG");
	assert_non_null(diag(&d, "render.font"));
	assert_int_equal(fr_read_file(mp, 0, &m2, &l2), FR_OK);
	assert_string_equal(m1, m2);
	assert_int_equal(check_pkg(dir), 1);
	assert_int_equal(entries(dir, "attachment-"), 0);
	assert_int_equal(entries(top, "."), 0);

	/* Nothing there before: nothing there after. */
	rm_dir(dir);
	setenv("FRFILE_FONT_SONG", "/nonexistent/font.ttf", 1);
	assert_true(write_pkg(dir, 1, PKG_PDF, 0, &d) != FR_OK);
	unsetenv("FRFILE_FONT_SONG");
	assert_int_equal(access(dir, F_OK), -1);
	assert_int_equal(entries(top, "."), 0);
	free(m1);
	free(m2);
	free(mp);
	free(dir);
	fr_diags_release(&d);
}

/* Not a directory: refused, the file left alone. */
static void
test_pkgwrite__not_a_directory(void **state)
{
	char *path = fr_xasprintf("%s/file", top), *buf;
	struct fr_diags d;
	size_t len;
	FILE *fp;

	(void)state;
	fr_diags_init(&d);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("x\n", fp);
	fclose(fp);
	assert_int_equal(write_pkg(path, 1, PKG_XLSX, 1, &d), FR_EIO);
	assert_non_null(diag(&d, "render.dir"));
	assert_int_equal(fr_read_file(path, 0, &buf, &len), FR_OK);
	assert_string_equal(buf, "x\n");
	assert_int_equal(entries(top, "."), 0);
	free(buf);
	unlink(path);
	free(path);
	fr_diags_release(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pkgwrite__new_and_replace_draft),
		cmocka_unit_test(test_pkgwrite__unlisted_kept),
		cmocka_unit_test(test_pkgwrite__final_kept),
		cmocka_unit_test(test_pkgwrite__failure_keeps_old),
		cmocka_unit_test(test_pkgwrite__not_a_directory),
	};
	int rc;

	rc = cmocka_run_group_tests(tests, setup, teardown);
	rmdir(top);
	return rc;
}
