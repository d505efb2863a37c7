/*
 * measure.c — the measured facts of a store (measure.h). Each value is
 * read from the system when the facts are made: stat(2) for modes and
 * owners, the store's own audit check, and the serve state file with a
 * liveness probe of the process it names.
 */
#include "frmatch/measure.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "core/fr.h"

/* Mode, owner and privacy of one file; NULL when it cannot be read. */
static cJSON *
file_facts(const char *path, struct stat *st)
{
	cJSON *o;
	char mode[8];

	if (path == NULL || stat(path, st) != 0)
		return NULL;
	o = cJSON_CreateObject();
	snprintf(mode, sizeof mode, "%04o", (unsigned)(st->st_mode & 07777));
	cJSON_AddStringToObject(o, "mode", mode);
	cJSON_AddNumberToObject(o, "owner_uid", (double)st->st_uid);
	/* The user running frmatch, or root, owns it: no one else. */
	cJSON_AddBoolToObject(o, "owner_ok", st->st_uid == geteuid() ||
	    st->st_uid == 0);
	cJSON_AddBoolToObject(o, "private", (st->st_mode & 077) == 0);
	return o;
}

/* The directory a path lies in, resolved (caller frees), or NULL. */
static char *
dir_of(const char *path)
{
	char *copy = fr_xstrdup(path), *d, *real;

	d = dirname(copy);
	real = realpath(d, NULL);
	free(copy);
	return real;
}

/* The serve state file of a store: STORE.serve (caller frees). */
static char *
state_path(const char *store)
{
	return fr_xasprintf("%s.serve", store);
}

int
fm_serve_state_write(const char *store, const char *listen, int loopback,
    int tls, int token)
{
	cJSON *o = cJSON_CreateObject();
	char *path = state_path(store), *text;
	int rc;

	cJSON_AddNumberToObject(o, "pid", (double)getpid());
	cJSON_AddStringToObject(o, "listen", listen);
	cJSON_AddBoolToObject(o, "loopback", loopback);
	cJSON_AddBoolToObject(o, "tls", tls);
	cJSON_AddBoolToObject(o, "token", token);
	text = cJSON_PrintUnformatted(o);
	rc = text != NULL && fr_write_file_atomic(path, text, strlen(text),
	    0600) == FR_OK ? 0 : -1;
	cJSON_free(text);
	cJSON_Delete(o);
	free(path);
	return rc;
}

void
fm_serve_state_remove(const char *store)
{
	char *path = state_path(store);

	(void)unlink(path);
	free(path);
}

/*
 * The facts service: configured when serve has recorded its state beside
 * the store; running when the process it names is alive (kill(pid, 0)).
 */
static cJSON *
serve_facts(const char *store)
{
	cJSON *o = cJSON_CreateObject(), *st = NULL;
	const cJSON *v;
	char *path = state_path(store), *text = NULL;
	size_t len;
	long pid;
	int alive = 0;

	if (fr_read_file(path, 4096, &text, &len) == FR_OK)
		st = cJSON_ParseWithLength(text, len);
	if (!cJSON_IsObject(st)) {
		cJSON_AddBoolToObject(o, "configured", 0);
		cJSON_AddBoolToObject(o, "running", 0);
		goto out;
	}
	v = cJSON_GetObjectItemCaseSensitive(st, "pid");
	pid = cJSON_IsNumber(v) ? (long)v->valuedouble : 0;
	if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM))
		alive = 1;
	cJSON_AddBoolToObject(o, "configured", 1);
	cJSON_AddBoolToObject(o, "running", alive);
	v = cJSON_GetObjectItemCaseSensitive(st, "listen");
	if (cJSON_IsString(v))
		cJSON_AddStringToObject(o, "listen", v->valuestring);
	cJSON_AddBoolToObject(o, "loopback", cJSON_IsTrue(
	    cJSON_GetObjectItemCaseSensitive(st, "loopback")));
	cJSON_AddBoolToObject(o, "tls", cJSON_IsTrue(
	    cJSON_GetObjectItemCaseSensitive(st, "tls")));
	cJSON_AddBoolToObject(o, "token", cJSON_IsTrue(
	    cJSON_GetObjectItemCaseSensitive(st, "token")));
out:
	cJSON_Delete(st);
	free(text);
	free(path);
	return o;
}

void
fm_measure_add(void *doc, const char *store, const char *keypath)
{
	cJSON *prot, *m, *sf, *kf;
	const cJSON *al;
	struct stat ss, ks;
	char *sd, *kd;

	prot = cJSON_GetObjectItemCaseSensitive(doc, "protection");
	if (!cJSON_IsObject(prot))
		prot = cJSON_AddObjectToObject(doc, "protection");
	m = cJSON_AddObjectToObject(prot, "measured");
	if ((sf = file_facts(store, &ss)) != NULL)
		cJSON_AddItemToObject(m, "store_file", sf);
	if ((kf = file_facts(keypath, &ks)) != NULL) {
		/*
		 * Kept separately: the key is its own file, not in the
		 * directory that holds the data.
		 */
		sd = dir_of(store);
		kd = dir_of(keypath);
		cJSON_AddBoolToObject(kf, "separate_directory", sd != NULL &&
		    kd != NULL && strcmp(sd, kd) != 0);
		free(sd);
		free(kd);
		cJSON_AddItemToObject(m, "key_file", kf);
	}
	al = cJSON_GetObjectItemCaseSensitive(prot, "audit_log");
	cJSON_AddBoolToObject(m, "audit_chain_verified", cJSON_IsTrue(
	    cJSON_GetObjectItemCaseSensitive(al, "chain_verified")));
	cJSON_AddItemToObject(m, "serve", serve_facts(store));
}
