/*
 * spawn.c — fork/exec with captured output (spawn.h). Standard output and
 * standard error are read together with poll() so that neither pipe can
 * fill up and stall the child.
 */
#include "core/spawn.h"
#include "core/fr.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

char *
fr_exe_dir(void)
{
	char buf[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	if ((slash = strrchr(buf, '/')) == NULL)
		return NULL;
	*slash = '\0';
	return fr_xstrdup(buf);
}

int
fr_spawn_capture(char *const argv[], size_t max, char **outp, size_t *outlen,
    char **errline, int *status)
{
	int op[2] = { -1, -1 }, ep[2] = { -1, -1 }, xp[2] = { -1, -1 };
	int rc = FR_EIO, st, xerr = 0;
	pid_t pid;
	char *out = NULL, ebuf[512], tmp[65536];
	size_t len = 0, elen = 0;
	struct pollfd pf[2];
	ssize_t n;

	*outp = NULL;
	*outlen = 0;
	*errline = NULL;
	*status = -1;
	if (pipe(op) == -1 || pipe(ep) == -1 || pipe(xp) == -1)
		goto out;
	fcntl(xp[1], F_SETFD, FD_CLOEXEC);
	if ((pid = fork()) == -1)
		goto out;
	if (pid == 0) {
		dup2(op[1], 1);
		dup2(ep[1], 2);
		close(op[0]);
		close(ep[0]);
		close(xp[0]);
		execvp(argv[0], argv);
		/* Tell the parent exec failed (the pipe closes on success). */
		xerr = errno;
		(void)!write(xp[1], &xerr, sizeof xerr);
		_exit(127);
	}
	close(op[1]);
	close(ep[1]);
	close(xp[1]);
	op[1] = ep[1] = xp[1] = -1;
	pf[0].fd = op[0];
	pf[1].fd = ep[0];
	pf[0].events = pf[1].events = POLLIN;
	while (pf[0].fd >= 0 || pf[1].fd >= 0) {
		if (poll(pf, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pf[0].fd >= 0 && pf[0].revents) {
			n = read(pf[0].fd, tmp, sizeof tmp);
			if (n > 0 && len + (size_t)n <= max) {
				out = fr_xrealloc(out, len + (size_t)n + 1);
				memcpy(out + len, tmp, (size_t)n);
				len += (size_t)n;
			} else if (n > 0) {
				rc = FR_ERANGE;
				kill(pid, SIGTERM);
				close(pf[0].fd);
				pf[0].fd = -1;
			} else if (n == 0 || errno != EINTR) {
				close(pf[0].fd);
				pf[0].fd = -1;
			}
		}
		if (pf[1].fd >= 0 && pf[1].revents) {
			n = read(pf[1].fd, tmp, sizeof tmp);
			if (n > 0) {
				size_t k = (size_t)n;

				if (k > sizeof ebuf - 1 - elen)
					k = sizeof ebuf - 1 - elen;
				memcpy(ebuf + elen, tmp, k);
				elen += k;
			} else if (n == 0 || errno != EINTR) {
				close(pf[1].fd);
				pf[1].fd = -1;
			}
		}
	}
	op[0] = ep[0] = -1;
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	if (read(xp[0], &xerr, sizeof xerr) == (ssize_t)sizeof xerr) {
		errno = xerr;
		rc = FR_ENOENT;
		goto out;
	}
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	ebuf[elen] = '\0';
	ebuf[strcspn(ebuf, "\n")] = '\0';
	if (elen > 0)
		*errline = fr_xstrdup(ebuf);
	if (rc == FR_ERANGE)
		goto out;
	if (out == NULL)
		out = fr_xstrdup("");
	else
		out[len] = '\0';
	*outp = out;
	*outlen = len;
	out = NULL;
	rc = FR_OK;
out:
	free(out);
	if (op[0] >= 0) close(op[0]);
	if (op[1] >= 0) close(op[1]);
	if (ep[0] >= 0) close(ep[0]);
	if (ep[1] >= 0) close(ep[1]);
	if (xp[0] >= 0) close(xp[0]);
	if (xp[1] >= 0) close(xp[1]);
	return rc;
}
