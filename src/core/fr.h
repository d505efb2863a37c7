/*
 * fr.h — what every frfile module shares: error codes, exit codes and the
 * small helpers (allocation, numbers, atomic files, paths).
 *
 * Ownership: a `const char *` argument is borrowed; a returned `char *` is
 * the caller's to free(). fr_xmalloc and friends abort the process on
 * out-of-memory (as git's xmalloc does): no caller can do better.
 */
#ifndef FR_H
#define FR_H

#include <stddef.h>
#include <stdio.h>
#include <stdarg.h>
#include <sys/types.h>

/* Library return codes: 0 is success. */
enum fr_err {
	FR_OK = 0,
	FR_EINVAL,	/* bad input data (details in the diagnostics) */
	FR_EIO,		/* a file or network operation failed */
	FR_ENOENT,	/* not there: a file, key, match or result that does
			   not exist (a line never reached, a program that
			   cannot be run); each function says which */
	FR_ERANGE,	/* a number or date out of range */
	FR_ENOCAL,	/* a calendar year that is not loaded */
	FR_EFORMAT,	/* a file that is not what it claims (schema, magic) */
	FR_EBUSY,	/* locked by another process for too long */
	FR_ECRYPTO,	/* decryption or authentication failed */
	FR_EEXIST,	/* something that must be kept is in the way */
};

/* Process exit codes, one place for both programs (STYLE.md 8). */
enum fr_exit {
	FR_EXIT_OK = 0,		/* success, or a positive answer */
	FR_EXIT_NO = 1,		/* a negative answer: problems found */
	FR_EXIT_USAGE = 2,	/* bad command line */
	FR_EXIT_DATA = 3,	/* bad data, or an I/O failure */
};

/* `frfile check` uses the monitoring-plugin codes instead. */
enum fr_check_state {
	FR_CHECK_OK = 0,
	FR_CHECK_WARNING = 1,
	FR_CHECK_CRITICAL = 2,
	FR_CHECK_UNKNOWN = 3,
};

const char *fr_strerror(enum fr_err);

void *fr_xmalloc(size_t);
void *fr_xcalloc(size_t, size_t);
void *fr_xrealloc(void *, size_t);
void *fr_xreallocarray(void *, size_t, size_t);
char *fr_xstrdup(const char *);
/*
 * Room in arr (*cap elements of size bytes) for need of them: the
 * capacity doubles, starting from first, so n appends cost O(n) copies.
 * Returns the array, perhaps moved; aborts on out-of-memory. The one
 * way to grow an array: FR_GROW(v, cap, n + 1, 16) before v[n++] = x.
 */
void *fr_grow(void *arr, size_t *cap, size_t need, size_t size, size_t first);
#define FR_GROW(arr, cap, need, first) \
	((arr) = fr_grow((arr), &(cap), (need), sizeof *(arr), (first)))
char *fr_xstrndup(const char *, size_t);
char *fr_xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char *fr_xvasprintf(const char *, va_list) __attribute__((format(printf, 1, 0)));

/*
 * A zeroed table for a hash set of millions of entries (big ones are
 * mapped, not allocated, so their pages cost nothing until touched);
 * aborts on out-of-memory. Free with the same size.
 */
void *fr_table_alloc(size_t bytes);
void fr_table_free(void *, size_t bytes);

/*
 * Range-checked number parsing: the whole string must be the number (no
 * leading blanks, no trailing junk). Return 0 or FR_EINVAL / FR_ERANGE.
 */
int fr_parse_ll(const char *s, long long min, long long max, long long *out);
int fr_parse_double(const char *s, double *out);

/* Read a whole file (at most max bytes, 0 = no limit); NUL-terminated. */
int fr_read_file(const char *path, size_t max, char **out, size_t *len);

/*
 * Atomic output: data goes to a temporary file in the same directory and
 * is renamed over the target only on fr_atomic_commit, so a reader never
 * sees a partial file. mode is the final file mode (0600 for personal data).
 */
struct fr_atomic {
	FILE *fp;
	char *tmp;
	char *path;
	int fd;
};
int fr_atomic_open(struct fr_atomic *, const char *path, mode_t mode);
int fr_atomic_commit(struct fr_atomic *);	/* fflush+fsync+rename */
void fr_atomic_abort(struct fr_atomic *);	/* unlink the temporary */
int fr_write_file_atomic(const char *path, const void *data, size_t len,
    mode_t mode);
/*
 * A new file, never one that exists (nor through a symbolic link):
 * created with exactly mode, written whole and synced, or removed again.
 * FR_OK; FR_EEXIST when path exists; FR_EIO with errno saying why. The
 * one way to write a file that must not replace another (secrets, keys,
 * a skeleton the user may have edited). Failures of fr_atomic_* and
 * this leave errno as the failing call set it.
 */
int fr_write_file_new(const char *path, const void *data, size_t len,
    mode_t mode);

/* mkdir -p with mode for the directories it creates. */
int fr_mkdirs(const char *path, mode_t mode);

/*
 * Where installed data (data/, forms/, templates/, samples/) lives:
 * $FRFILE_DATADIR; else beside the executable (../share/frfile for an
 * installed program, the source tree's root for build/frfile); else the
 * compiled-in FR_DATADIR. Returns a path the caller frees.
 */
char *fr_datadir(void);
/* A file under the data dir: fr_datafile("forms", "attachment1.json"). */
char *fr_datafile(const char *sub, const char *name);

/* The user's data directory: $XDG_DATA_HOME/frfile or ~/.local/share/frfile. */
char *fr_userdir(void);

/* Hex encoding of len bytes into out (2*len+1 bytes). */
void fr_hex(const unsigned char *in, size_t len, char *out);
/* The value of hex digit c (either case), or -1 when it is none. */
int fr_hexval(int c);
/*
 * Decodes s, exactly 2n hex digits of either case and nothing more, into
 * the n bytes of out: FR_OK, or FR_EINVAL (out then partly written).
 */
int fr_unhex(const char *s, size_t n, unsigned char *out);

/* Whether s begins with prefix (case-sensitive). */
int fr_startswith(const char *s, const char *prefix);

/* Edit distance (for "did you mean" suggestions). */
size_t fr_levenshtein(const char *, const char *);

#endif
