/*
 * util.c — allocation, number parsing, whole-file reads, atomic writes
 * and the data-directory lookup shared by every module.
 */
#include "core/fr.h"
#include "core/cleanup.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

const char *
fr_strerror(enum fr_err e)
{
	switch (e) {
	case FR_OK:	 return "success";
	case FR_EINVAL:	 return "invalid input";
	case FR_EIO:	 return "input/output error";
	case FR_ENOENT:	 return "not found";
	case FR_ERANGE:	 return "out of range";
	case FR_ENOCAL:	 return "calendar year not loaded";
	case FR_EFORMAT: return "unrecognised file format";
	case FR_EBUSY:	 return "busy";
	case FR_ECRYPTO: return "authentication failed";
	case FR_EEXIST:	 return "in the way";
	}
	return "unknown error";
}

/* Ends the process with one line when memory runs out. */
static void
oom(void)
{
	fputs("frfile: out of memory\n", stderr);
	abort();
}

void *
fr_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
fr_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
fr_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

void *
fr_xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		oom();
	return fr_xrealloc(p, n * size);
}

char *
fr_xstrdup(const char *s)
{
	return fr_xstrndup(s, strlen(s));
}

char *
fr_xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = fr_xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
fr_xvasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *p;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		oom();
	p = fr_xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
fr_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = fr_xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void *
fr_grow(void *arr, size_t *cap, size_t need, size_t size, size_t first)
{
	size_t n = *cap;

	if (need <= n)
		return arr;
	if (n == 0)
		n = first > 0 ? first : 1;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			n = need;
		else
			n *= 2;
	}
	arr = fr_xreallocarray(arr, n, size);
	*cap = n;
	return arr;
}

int
fr_parse_ll(const char *s, long long min, long long max, long long *out)
{
	char *end;
	long long v;

	if (s == NULL || *s == '\0' || !(*s == '-' || *s == '+' ||
	    (*s >= '0' && *s <= '9')))
		return FR_EINVAL;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0')
		return FR_EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return FR_ERANGE;
	*out = v;
	return FR_OK;
}

int
fr_parse_double(const char *s, double *out)
{
	char *end;
	double v;

	if (s == NULL || *s == '\0' || *s == ' ' || *s == '\t')
		return FR_EINVAL;
	errno = 0;
	v = strtod(s, &end);
	if (*end != '\0')
		return FR_EINVAL;
	if (errno == ERANGE || !isfinite(v))
		return FR_ERANGE;
	*out = v;
	return FR_OK;
}

int
fr_read_file(const char *path, size_t max, char **out, size_t *lenp)
{
	FILE *fp;
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int rc = FR_EIO;

	fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (fp == NULL)
		return errno == ENOENT ? FR_ENOENT : FR_EIO;
	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 65536;
			buf = fr_xrealloc(buf, cap + 1);
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
		if (max != 0 && len > max) {
			rc = FR_ERANGE;
			goto out;
		}
		if (n == 0)
			break;
	}
	if (ferror(fp))
		goto out;
	buf[len] = '\0';
	*out = buf;
	buf = NULL;
	if (lenp != NULL)
		*lenp = len;
	rc = FR_OK;
out:
	free(buf);
	if (fp != stdin)
		fclose(fp);
	return rc;
}

int
fr_atomic_open(struct fr_atomic *a, const char *path, mode_t mode)
{
	memset(a, 0, sizeof *a);
	a->fd = -1;
	a->path = fr_xstrdup(path);
	a->tmp = fr_xasprintf("%s.tmp.XXXXXX", path);
	a->fd = mkstemp(a->tmp);
	if (a->fd == -1)
		goto fail;
	fr_cleanup_add(a->tmp);
	if (fchmod(a->fd, mode) == -1)
		goto fail;
	a->fp = fdopen(a->fd, "wb");
	if (a->fp == NULL)
		goto fail;
	return FR_OK;
fail:
	fr_atomic_abort(a);
	return FR_EIO;
}

int
fr_atomic_commit(struct fr_atomic *a)
{
	int rc = FR_OK, saved = 0;

	if (a->fp == NULL)
		return FR_EIO;
	if (fflush(a->fp) != 0 || ferror(a->fp) || fsync(a->fd) != 0)
		rc = FR_EIO;
	if (fclose(a->fp) != 0)
		rc = FR_EIO;
	a->fp = NULL;
	a->fd = -1;
	if (rc == FR_OK && rename(a->tmp, a->path) != 0)
		rc = FR_EIO;
	/* The caller reports errno: what failed, not the clean-up. */
	saved = errno;
	if (rc != FR_OK)
		unlink(a->tmp);
	fr_cleanup_remove(a->tmp);
	free(a->tmp);
	free(a->path);
	a->tmp = a->path = NULL;
	errno = saved;
	return rc;
}

void
fr_atomic_abort(struct fr_atomic *a)
{
	int saved = errno;

	if (a->fp != NULL)
		fclose(a->fp);
	else if (a->fd != -1)
		close(a->fd);
	if (a->tmp != NULL) {
		unlink(a->tmp);
		fr_cleanup_remove(a->tmp);
	}
	free(a->tmp);
	free(a->path);
	memset(a, 0, sizeof *a);
	a->fd = -1;
	errno = saved;
}

int
fr_write_file_new(const char *path, const void *data, size_t len,
    mode_t mode)
{
	const char *b = data;
	size_t off = 0;
	ssize_t w;
	int fd, saved;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
	    O_NOFOLLOW, mode)) == -1)
		return errno == EEXIST ? FR_EEXIST : FR_EIO;
	/* The umask may have taken bits away, never added: make it exact. */
	if (fchmod(fd, mode) != 0)
		goto fail;
	while (off < len) {
		w = write(fd, b + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			goto fail;
		if (w == 0) {
			errno = EIO;
			goto fail;
		}
		off += (size_t)w;
	}
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	return FR_OK;
fail:
	/* errno says what failed; closing and removing must not change it. */
	saved = errno;
	if (fd != -1)
		close(fd);
	unlink(path);
	errno = saved;
	return FR_EIO;
}

int
fr_write_file_atomic(const char *path, const void *data, size_t len,
    mode_t mode)
{
	struct fr_atomic a;

	if (fr_atomic_open(&a, path, mode) != FR_OK)
		return FR_EIO;
	if (len > 0 && fwrite(data, 1, len, a.fp) != len) {
		fr_atomic_abort(&a);
		return FR_EIO;
	}
	return fr_atomic_commit(&a);
}

int
fr_mkdirs(const char *path, mode_t mode)
{
	char *p = fr_xstrdup(path), *s;
	int rc = FR_OK;

	for (s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, mode) == -1 && errno != EEXIST) {
				rc = FR_EIO;
				break;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	free(p);
	return rc;
}

/* Whether path names a directory, following symbolic links. */
static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Data found beside the executable: installed or in the source tree. */
static char *
datadir_near_exe(void)
{
	char exe[PATH_MAX], *slash, *cand;
	ssize_t n;

	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return NULL;
	*slash = '\0';
	cand = fr_xasprintf("%s/../share/frfile", exe);
	if (is_dir(cand)) {
		char real[PATH_MAX];

		if (realpath(cand, real) != NULL) {
			free(cand);
			return fr_xstrdup(real);
		}
		return cand;
	}
	free(cand);
	/* build/frfile, build-asan/frfile: the source tree is the parent. */
	cand = fr_xasprintf("%s/../data/calendar", exe);
	if (is_dir(cand)) {
		char real[PATH_MAX];

		free(cand);
		/* Messages name files: say /src/data, not /src/build/../data. */
		cand = fr_xasprintf("%s/..", exe);
		if (realpath(cand, real) != NULL) {
			free(cand);
			return fr_xstrdup(real);
		}
		return cand;
	}
	free(cand);
	return NULL;
}

char *
fr_datadir(void)
{
	const char *env = getenv("FRFILE_DATADIR");
	char *d;

	if (env != NULL && *env != '\0')
		return fr_xstrdup(env);
	if ((d = datadir_near_exe()) != NULL)
		return d;
	return fr_xstrdup(FR_DATADIR);
}

char *
fr_datafile(const char *sub, const char *name)
{
	char *dir = fr_datadir();
	char *p = fr_xasprintf("%s/%s/%s", dir, sub, name);

	free(dir);
	return p;
}

char *
fr_userdir(void)
{
	const char *x = getenv("XDG_DATA_HOME"), *home = getenv("HOME");

	if (x != NULL && *x == '/')
		return fr_xasprintf("%s/frfile", x);
	if (home == NULL || *home == '\0')
		home = "/tmp";
	return fr_xasprintf("%s/.local/share/frfile", home);
}

void
fr_hex(const unsigned char *in, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * len] = '\0';
}

int
fr_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
fr_unhex(const char *s, size_t n, unsigned char *out)
{
	size_t i;
	int hi, lo;

	if (s == NULL || strlen(s) != 2 * n)
		return FR_EINVAL;
	for (i = 0; i < n; i++) {
		if ((hi = fr_hexval(s[2 * i])) < 0 ||
		    (lo = fr_hexval(s[2 * i + 1])) < 0)
			return FR_EINVAL;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return FR_OK;
}

int
fr_startswith(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

size_t
fr_levenshtein(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, *row, prev, tmp, r;

	row = fr_xcalloc(lb + 1, sizeof *row);
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			r = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < r)
				r = row[j] + 1;
			if (row[j - 1] + 1 < r)
				r = row[j - 1] + 1;
			row[j] = r;
			prev = tmp;
		}
	}
	r = row[lb];
	free(row);
	return r;
}

#define BIG_TABLE	(4u << 20)

/*
 * Big tables come straight from mmap: the pages are zero without being
 * written, and transparent huge pages (where the kernel offers them) save
 * a TLB miss on almost every random probe.
 */
void *
fr_table_alloc(size_t bytes)
{
	void *p;

	if (bytes < BIG_TABLE)
		return fr_xcalloc(1, bytes);
	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0);
	if (p == MAP_FAILED) {
		fputs("frfile: out of memory\n", stderr);
		abort();
	}
#ifdef MADV_HUGEPAGE
	(void)madvise(p, bytes, MADV_HUGEPAGE);
#endif
	return p;
}

void
fr_table_free(void *p, size_t bytes)
{
	if (p == NULL)
		return;
	if (bytes < BIG_TABLE)
		free(p);
	else
		munmap(p, bytes);
}
