/*
 * cleanup.c — removal of temporaries on a signal (see cleanup.h).
 */
#include "core/cleanup.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/fr.h"

static char *volatile paths[FR_CLEANUP_MAX];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void
fr_cleanup_add(const char *path)
{
	char *copy = fr_xstrdup(path);
	size_t i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < FR_CLEANUP_MAX; i++)
		if (paths[i] == NULL) {
			paths[i] = copy;
			copy = NULL;
			break;
		}
	pthread_mutex_unlock(&lock);
	free(copy);
}

void
fr_cleanup_remove(const char *path)
{
	char *old = NULL;
	size_t i;

	pthread_mutex_lock(&lock);
	for (i = FR_CLEANUP_MAX; i-- > 0; )
		if (paths[i] != NULL && strcmp(paths[i], path) == 0) {
			old = paths[i];
			paths[i] = NULL;
			break;
		}
	pthread_mutex_unlock(&lock);
	free(old);
}

/* The handler: removes every registered path, then dies of the same signal. */
static void
on_signal(int sig)
{
	size_t i;
	int pass;

	/*
	 * Files first, then directories, inner ones before outer: a slot
	 * freed by fr_cleanup_remove is reused, so the slots' order is not
	 * the order the paths were made in.
	 */
	for (i = 0; i < FR_CLEANUP_MAX; i++)
		if (paths[i] != NULL)
			(void)unlink(paths[i]);
	for (pass = 0; pass < 8; pass++)
		for (i = FR_CLEANUP_MAX; i-- > 0; )
			if (paths[i] != NULL)
				(void)rmdir(paths[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

void
fr_cleanup_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction old;

		/* A signal ignored by the caller (nohup) stays ignored. */
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}
