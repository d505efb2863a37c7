/*
 * cleanup.h — temporary files and directories removed when the process
 * is stopped by SIGINT, SIGTERM or SIGHUP, so that an interrupted write
 * leaves nothing behind (the atomic writer, font subsets, a staged
 * package).
 *
 * A path is registered before it is created and unregistered once it
 * was renamed into place or removed. The handler only calls unlink(2)
 * and rmdir(2), which are async-signal-safe: every file, then the
 * directories, inner before outer (up to 8 deep); then it dies of the
 * same signal.
 * The programs install the handlers once (cli_main); the library only
 * registers paths. Thread-safe for registering from one thread at a
 * time per path; at most FR_CLEANUP_MAX paths at once (more are simply
 * not cleaned on a signal).
 */
#ifndef FR_CLEANUP_H
#define FR_CLEANUP_H

#define FR_CLEANUP_MAX 256

/* Remember path (copied) for removal on a signal. */
void fr_cleanup_add(const char *path);
/* Forget path (it was renamed into place or removed). */
void fr_cleanup_remove(const char *path);
/* Install the handlers for SIGINT, SIGTERM and SIGHUP. */
void fr_cleanup_signals(void);

#endif
