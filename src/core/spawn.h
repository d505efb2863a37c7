/*
 * spawn.h — run a program and capture what it prints, without a shell
 * (argv is passed as is, so no quoting problems and no injection).
 *
 * Ownership: argv is borrowed; *out and *errline are the caller's.
 */
#ifndef FR_SPAWN_H
#define FR_SPAWN_H

#include <stddef.h>

/*
 * Runs argv[0] (looked up in PATH when it has no '/'), captures standard
 * output (at most max bytes, else FR_ERANGE) and the first line of
 * standard error. *status is the exit status, or 128+signal. FR_OK when
 * the program ran (whatever its status), FR_ENOENT when it cannot be run.
 */
int fr_spawn_capture(char *const argv[], size_t max, char **out,
    size_t *outlen, char **errline, int *status);

/* The directory of the running executable, or NULL. */
char *fr_exe_dir(void);

#endif
