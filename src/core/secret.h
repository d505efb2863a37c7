/*
 * secret.h — reading secret files (organisation secret, bearer token,
 * webhook signing secret, frmatch's store key). A secret file must be a
 * regular file, not a symbolic link, owned by the user running or by
 * root, that neither group nor others can read or write: a secret anyone
 * can read or replace protects nothing. Trailing CR/LF are not part of
 * the secret. The read buffer is wiped on every path.
 *
 * Ownership: *out is the caller's; wipe it with fr_secret_free.
 */
#ifndef FR_SECRET_H
#define FR_SECRET_H

#include <stddef.h>

/*
 * FR_OK; FR_EIO/FR_ENOENT (cannot read), FR_EINVAL (mode, size, or a
 * line break inside when one_line). *err is a one-line message to free.
 */
int fr_secret_read(const char *path, size_t min, size_t max, int one_line,
    char **out, size_t *len, char **err);
/* Wipe len bytes (the length fr_secret_read returned), then free. */
void fr_secret_free(char *s, size_t len);
void fr_secret_wipe(void *p, size_t len);

/* len random bytes from the kernel (getrandom). FR_OK or FR_EIO. */
int fr_secret_random(void *buf, size_t len);

/*
 * A new organisation secret: FR_SECRET_NEW_LEN random bytes in a new
 * file of mode 0600. An existing file is never replaced (FR_EINVAL):
 * every key made with the old secret would stop matching.
 */
#define FR_SECRET_NEW_LEN 32
int fr_secret_new(const char *path, char **err);

/*
 * A secret handed over on an inherited descriptor (a pipe whose writer
 * closes it): min to max bytes, taken as they are.
 */
int fr_secret_read_fd(int fd, size_t min, size_t max, char **out,
    size_t *len, char **err);

#endif
