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
/* 1 when s holds only white space (a token of blanks guards nothing). */
int fr_secret_blank(const char *s, size_t len);
/* Wipe len bytes (the length fr_secret_read returned), then free. */
void fr_secret_free(char *s, size_t len);

#endif
