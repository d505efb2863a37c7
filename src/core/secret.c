/*
 * secret.c — secret files (secret.h): the one reader both programs use
 * for the organisation secret, bearer tokens, webhook secrets and
 * frmatch's store key.
 */
#include "core/secret.h"
#include "core/fr.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

/* 1 when s holds only white space (a token of blanks guards nothing). */
static int
is_blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' &&
		    s[i] != '\r' && s[i] != '\v' && s[i] != '\f')
			return 0;
	return 1;
}

int
fr_secret_read(const char *path, size_t min, size_t max, int one_line,
    char **out, size_t *lenp, char **err)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	ssize_t r;
	uid_t me = geteuid();
	int fd, rc = FR_EIO;

	*out = NULL;
	*err = NULL;
	/* O_NOFOLLOW: a symbolic link planted in place of the file could
	 * otherwise point the program at a file of the attacker's choice. */
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY))
	    == -1) {
		*err = errno == ELOOP ?
		    fr_xasprintf("%s: cannot open: a symbolic link, expected "
		    "the file itself", path) :
		    fr_xasprintf("%s: cannot open: %s", path, strerror(errno));
		return errno == ENOENT ? FR_ENOENT : FR_EIO;
	}
	if (fstat(fd, &st) == -1) {
		*err = fr_xasprintf("%s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		*err = fr_xasprintf("%s: not a regular file", path);
		rc = FR_EINVAL;
		goto out;
	}
	if ((st.st_mode & 077) != 0) {
		*err = fr_xasprintf("%s: readable or writable by group or "
		    "others (mode %04o), refusing to use it; run chmod 600 %s",
		    path, (unsigned)(st.st_mode & 07777), path);
		rc = FR_EINVAL;
		goto out;
	}
	/* A secret owned by someone else could be replaced by them at will;
	 * root may own it (root can read it anyway). */
	if (st.st_uid != me && st.st_uid != 0) {
		*err = fr_xasprintf("%s: owned by uid %lu, not by the user "
		    "running this (uid %lu) or root, refusing to use it",
		    path, (unsigned long)st.st_uid, (unsigned long)me);
		rc = FR_EINVAL;
		goto out;
	}
	buf = fr_xmalloc(max + 3);
	while (len < max + 2) {
		r = read(fd, buf + len, max + 2 - len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			*err = fr_xasprintf("%s: %s", path, strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		len--;
	if (len < min || len > max) {
		*err = fr_xasprintf("%s: expected %zu to %zu bytes of secret, "
		    "found %zu", path, min, max, len);
		rc = FR_EINVAL;
		goto out;
	}
	/* A token of blanks is a token anyone can guess. */
	if (is_blank(buf, len)) {
		*err = fr_xasprintf("%s: holds only white space, expected a "
		    "secret", path);
		rc = FR_EINVAL;
		goto out;
	}
	if (one_line && (memchr(buf, '\n', len) || memchr(buf, '\r', len) ||
	    memchr(buf, '\0', len))) {
		*err = fr_xasprintf("%s: expected one line", path);
		rc = FR_EINVAL;
		goto out;
	}
	buf[len] = '\0';
	*out = buf;
	*lenp = len;
	buf = NULL;
	rc = FR_OK;
out:
	/* Wipe the whole buffer: bytes past the secret (a stripped line
	 * break, a rejected over-long read) are part of the file too. */
	if (buf != NULL)
		fr_secret_free(buf, max + 3);
	close(fd);
	return rc;
}

void
fr_secret_free(char *s, size_t len)
{
	volatile char *p = s;

	if (s == NULL)
		return;
	while (len-- > 0)
		*p++ = 0;
	free(s);
}

int
fr_secret_random(void *buf, size_t len)
{
	unsigned char *p = buf;
	ssize_t got;

	while (len > 0) {
		got = getrandom(p, len, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return FR_EIO;
		p += got;
		len -= (size_t)got;
	}
	return FR_OK;
}

int
fr_secret_new(const char *path, char **err)
{
	unsigned char key[FR_SECRET_NEW_LEN];
	int rc;

	*err = NULL;
	if (fr_secret_random(key, sizeof key) != FR_OK) {
		*err = fr_xasprintf("no random bytes: %s", strerror(errno));
		return FR_EIO;
	}
	/* Never replaced: every key made with a secret would change. */
	if ((rc = fr_write_file_new(path, key, sizeof key, 0600)) != FR_OK) {
		*err = rc == FR_EEXIST ? fr_xasprintf("%s: already exists; "
		    "a new secret would change every key made with it, so it "
		    "is not replaced", path) : fr_xasprintf("%s: %s", path,
		    strerror(errno));
		rc = rc == FR_EEXIST ? FR_EINVAL : FR_EIO;
		goto out;
	}
	rc = FR_OK;
out:
	fr_secret_wipe(key, sizeof key);
	return rc;
}

int
fr_secret_read_fd(int fd, size_t min, size_t max, char **out, size_t *lenp,
    char **err)
{
	char *buf = fr_xmalloc(max + 2);
	size_t len = 0;
	ssize_t r;

	*out = NULL;
	*err = NULL;
	/* Until the end of the pipe: the writer closes its end. */
	while (len <= max) {
		r = read(fd, buf + len, max + 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*err = fr_xasprintf("descriptor %d: %s", fd,
			    strerror(errno));
			fr_secret_free(buf, max + 2);
			return FR_EIO;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	if (len < min || len > max) {
		*err = fr_xasprintf("descriptor %d: a secret of %zu to %zu "
		    "bytes expected", fd, min, max);
		fr_secret_free(buf, max + 2);
		return FR_EINVAL;
	}
	buf[len] = '\0';
	*out = buf;
	*lenp = len;
	return FR_OK;
}

void
fr_secret_wipe(void *p, size_t len)
{
	volatile unsigned char *v = p;

	while (len-- > 0)
		*v++ = 0;
}
