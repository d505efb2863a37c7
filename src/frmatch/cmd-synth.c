/*
 * cmd-synth.c — frmatch synth: a reproducible synthetic fleet for demos
 * and tests.
 *
 * From one seed: N devices, each with its own store and key; persons
 * enrolled on one or more devices (the same person's templates are a
 * per-person base vector plus small noise, so they match across devices;
 * different persons are near-orthogonal); enrolment dates spread over
 * 2024–2026 so that the fleet's distinct count first reaches the
 * threshold (100,000) on a chosen day; some withdrawals after that day;
 * an organisation secret; a vendor export CSV (another system holding
 * some of the same people and some others); a probe; and expected.json
 * with the numbers a counter must find. No real person is represented.
 */
#include "frmatch/cmd.h"
#include "frmatch/cmdutil.h"
#include "frmatch/crypto.h"
#include "frmatch/store.h"
#include "core/date.h"
#include "core/fr.h"

#include <ctype.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define MAXDEV		16
#define MAXPER		3	/* devices one person is enrolled on */

enum {
	OPT_OUT = FM_OPT_FIRST, OPT_SEED, OPT_DEVICES, OPT_PERSONS, OPT_DIM,
	OPT_CROSS, OPT_THRESHOLD, OPT_LABELS
};

/* splitmix64: small, fast and reproducible on every platform. */
static uint64_t
mix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A uniform double in [0, 1) from the generator. */
static double
unif(uint64_t *x)
{
	return (double)(mix(x) >> 11) / 9007199254740992.0;
}

/*
 * Fills v[0..n) with standard normal deviates, two per Box-Muller draw
 * (the cosine and the sine of the same angle are independent).
 */
static void
gauss_fill(uint64_t *x, double *v, size_t n)
{
	size_t k;

	for (k = 0; k < n; k += 2) {
		double u = unif(x), a = 2 * M_PI * unif(x), r;

		if (u < 1e-300)
			u = 1e-300;
		r = sqrt(-2 * log(u));
		v[k] = r * cos(a);
		if (k + 1 < n)
			v[k + 1] = r * sin(a);
	}
}

/*
 * The generator state for one (seed, a, b): reproducible per person and
 * device.
 */
static uint64_t
seed_of(uint64_t seed, uint64_t a, uint64_t b)
{
	uint64_t x = seed ^ (a * 0xd1342543de82ef95ULL) ^
	    (b * 0x2545f4914f6cdd1dULL);

	mix(&x);
	return x;
}

/* One enrolment of a person on a device. */
struct rec {
	int8_t dev;
	int enrolled, deleted;	/* deleted -1 while stored */
	int8_t minor, guardian, short_ret;
};

struct person {
	int n;
	struct rec r[MAXPER];
	int export_from, export_until;	/* -2: not in the export */
};

/*
 * Person i's template on device dev: a base vector plus small noise, unit
 * length.
 */
static void
make_vector(uint64_t seed, size_t i, int dev, size_t dim, float *v)
{
	uint64_t x = seed_of(seed, i + 1, 0);
	double g[FM_DIM_MAX], s = 0, noise = 0.3 / sqrt((double)dim);
	size_t k;

	gauss_fill(&x, g, dim);
	for (k = 0; k < dim; k++) {
		v[k] = (float)g[k];
		s += (double)v[k] * v[k];
	}
	s = 1 / sqrt(s);
	x = seed_of(seed, i + 1, (uint64_t)dev + 1000);
	gauss_fill(&x, g, dim);
	for (k = 0; k < dim; k++)
		v[k] = (float)(v[k] * s + noise * g[k]);
}

struct event {
	int date, delta;
};

/* Events by date, for the sweep in first_day. */
static int
event_cmp(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	return (x->date > y->date) - (x->date < y->date);
}

/*
 * The first day the number of persons stored somewhere reaches thr, from
 * intervals [from, until); merged per person so nobody counts twice.
 */
static int
first_day(const struct person *p, size_t np, int with_export, long thr,
    long *now_count)
{
	struct event *ev = fr_xcalloc(np * (MAXPER + 1) * 2 + 1, sizeof *ev);
	int from[MAXPER + 1], until[MAXPER + 1], i, j, n, hit = -1;
	size_t k, ne = 0;
	long cur = 0;

	for (k = 0; k < np; k++) {
		n = 0;
		for (i = 0; i < p[k].n; i++) {
			from[n] = p[k].r[i].enrolled;
			until[n++] = p[k].r[i].deleted < 0 ? 999999 :
			    p[k].r[i].deleted;
		}
		if (with_export && p[k].export_from >= 0) {
			from[n] = p[k].export_from;
			until[n++] = p[k].export_until < 0 ? 999999 :
			    p[k].export_until;
		}
		/* Sort the few intervals by start and merge overlaps. */
		for (i = 1; i < n; i++)
			for (j = i; j > 0 && from[j] < from[j - 1]; j--) {
				int t = from[j];

				from[j] = from[j - 1];
				from[j - 1] = t;
				t = until[j];
				until[j] = until[j - 1];
				until[j - 1] = t;
			}
		for (i = 0; i < n; i = j) {
			int lo = from[i], hi = until[i];

			for (j = i + 1; j < n && from[j] <= hi; j++)
				if (until[j] > hi)
					hi = until[j];
			ev[ne].date = lo;
			ev[ne++].delta = 1;
			if (hi != 999999) {
				ev[ne].date = hi;
				ev[ne++].delta = -1;
			}
		}
	}
	qsort(ev, ne, sizeof *ev, event_cmp);
	for (k = 0; k < ne; ) {
		int d = ev[k].date;

		for (; k < ne && ev[k].date == d; k++)
			cur += ev[k].delta;
		if (hit < 0 && cur >= thr)
			hit = d;
	}
	*now_count = cur;
	free(ev);
	return hit;
}

/*
 * --labels a,b,c: the devices' labels (the filing's fact_devices), which
 * also sets how many devices there are.
 */
static int
parse_labels(const char *arg, char labels[][32], long long *ndev)
{
	const char *p = arg, *e;
	long long n = 0;
	size_t len, i;

	while (*p != '\0') {
		e = strchr(p, ',');
		len = e != NULL ? (size_t)(e - p) : strlen(p);
		if (len == 0 || len > 31 || n == MAXDEV)
			return -1;
		for (i = 0; i < len; i++)
			if (!isalnum((unsigned char)p[i]) && p[i] != '.' &&
			    p[i] != '_' && p[i] != '-')
				return -1;
		memcpy(labels[n], p, len);
		labels[n++][len] = '\0';
		p += len + (e != NULL);
		if (e != NULL && *p == '\0')
			return -1;
	}
	if (n == 0)
		return -1;
	*ndev = n;
	return 0;
}

static const struct cli_opt synth_opts[] = {
	{ "out", 0, required_argument, OPT_OUT, "DIR",
	    "where to write (created 0700); the stores must\n"
	    "not exist yet", CLI_REQUIRED },
	{ "seed", 0, required_argument, OPT_SEED, "N",
	    "the seed: same seed, same fleet (1)", 0 },
	{ "devices", 0, required_argument, OPT_DEVICES, "N",
	    "stores, one per device, 1 to 16 (4)", 0 },
	{ "labels", 0, required_argument, OPT_LABELS, "L,...",
	    "the devices' labels, as a filing's\n"
	    "fact_devices names them (gate-01, ...)", 0 },
	{ "persons", 0, required_argument, OPT_PERSONS, "N",
	    "distinct persons in the fleet (120000)", 0 },
	{ "dim", 0, required_argument, OPT_DIM, "N",
	    "template dimension (128)", 0 },
	{ "threshold", 0, required_argument, OPT_THRESHOLD, "N",
	    "the count whose crossing is planned (100000)", 0 },
	{ "cross", 0, required_argument, OPT_CROSS, "DATE",
	    "the day the fleet first reaches it (2025-03-17)", 0 },
	{ "json", 0, no_argument, CLI_OPT_JSON, NULL,
	    "print the summary (also in DIR/expected.json)", 0 },
	CLI_TEXT("  Writes DIR/device-NN.db and .db.key, org.secret (derived"
	    " from the"),
	CLI_TEXT("  seed: synthetic use only), token, export.csv (a vendor"
	    " system:"),
	CLI_TEXT("  person_id,enrolled,deleted), probe.json (person-0000001)"
	    " and"),
	CLI_TEXT("  expected.json (per-device counts, overlap, first-reached"
	    " dates)."),
	CLI_END
};

/* What one synth run plans and writes. */
struct synth {
	const char *out;
	long long seed, ndev, np, dim, thr;
	long long nexport_only;		/* persons only the export holds */
	int cross, start, end;
	char labels[MAXDEV][32];
	struct person *pp;		/* np persons, then the export's own */
	long multi;			/* persons on more than one device */
	long dev_people[MAXDEV], dev_deleted[MAXDEV];
	float *v;			/* one template, dim floats */
};

/* The command line into sy: FR_EXIT_OK, or a usage error reported. */
static int
parse_args(struct synth *sy, struct cli_common *common, int argc,
    char **argv)
{
	int c;

	cli_getopt_reset();
	while ((c = cli_getopts(argc, argv, synth_opts, 0, common)) != -1) {
		switch (c) {
		case OPT_OUT:
			sy->out = optarg;
			break;
		case OPT_SEED:
			if (fr_parse_ll(optarg, 0, INT64_MAX, &sy->seed) != FR_OK)
				return cli_usage_error("--seed: expected a "
				    "whole number >= 0");
			break;
		case OPT_DEVICES:
			if (fr_parse_ll(optarg, 1, MAXDEV, &sy->ndev) != FR_OK)
				return cli_usage_error("--devices: expected 1 "
				    "to %d", MAXDEV);
			break;
		case OPT_LABELS:
			if (parse_labels(optarg, sy->labels, &sy->ndev) != 0)
				return cli_usage_error("--labels: expected 1 to "
				    "%d device labels of 1 to 31 letters, digits, "
				    "'.', '_' or '-', separated by commas", MAXDEV);
			break;
		case OPT_PERSONS:
			if (fr_parse_ll(optarg, 10, 10000000, &sy->np) != FR_OK)
				return cli_usage_error("--persons: expected 10 "
				    "to 10000000");
			break;
		case OPT_DIM:
			if (fr_parse_ll(optarg, FM_DIM_MIN, FM_DIM_MAX,
			    &sy->dim) != FR_OK)
				return cli_usage_error("--dim: expected %d to "
				    "%d", FM_DIM_MIN, FM_DIM_MAX);
			break;
		case OPT_CROSS:
			if (fr_date_parse(optarg, &sy->cross) != FR_OK ||
			    sy->cross <= sy->start + 30 ||
			    sy->cross >= sy->end - 30)
				return cli_usage_error("--cross: expected a "
				    "date between 2024-02-01 and 2026-10-20");
			break;
		case OPT_THRESHOLD:
			if (fr_parse_ll(optarg, 2, 10000000, &sy->thr) != FR_OK)
				return cli_usage_error("--threshold: expected "
				    "2 to 10000000");
			break;
		default:	/* '?' */
			return FR_EXIT_USAGE;
		}
	}
	if (common->help)
		return FR_EXIT_OK;
	if (argc != optind)
		return cli_usage_error("unexpected argument '%s'",
		    argv[optind]);
	if (sy->out == NULL)
		return cli_usage_error("--out DIR is required");
	return FR_EXIT_OK;
}

/* Person k's first enrolment: person thr-1 (0-based) reaches thr on cross. */
static int
first_enrolment(const struct synth *sy, size_t k)
{
	long long thr = sy->thr, np = sy->np;
	int first;

	if ((long long)k < thr)
		first = sy->start + (int)((long long)k * (sy->cross -
		    sy->start) / (thr - 1 > 0 ? thr - 1 : 1));
	else
		first = sy->cross + 1 + (int)(((long long)k - thr) *
		    (sy->end - sy->cross - 1) / (np - thr > 0 ? np - thr : 1));
	if (np < thr)
		first = sy->start + (int)((long long)k * (sy->end -
		    sy->start) / np);
	return first;
}

/* Plan every person: devices, dates, withdrawals, flags. */
static void
plan(struct synth *sy)
{
	size_t k;
	uint64_t x;
	int i, d;

	sy->pp = fr_xcalloc((size_t)sy->np, sizeof *sy->pp);
	sy->nexport_only = sy->np / 100;
	for (k = 0; k < (size_t)sy->np; k++) {
		struct person *p = &sy->pp[k];
		int first, extra, used = 0;

		x = seed_of((uint64_t)sy->seed, k + 1, 7);
		first = first_enrolment(sy, k);
		p->n = 1;
		p->r[0].dev = (int8_t)(mix(&x) % (uint64_t)sy->ndev);
		p->r[0].enrolled = first;
		used |= 1 << p->r[0].dev;
		extra = unif(&x) < 0.2 ? 1 : 0;
		extra += unif(&x) < 0.05 ? 1 : 0;
		for (i = 0; i < extra && sy->ndev > p->n; i++) {
			int dv;

			do
				dv = (int)(mix(&x) % (uint64_t)sy->ndev);
			while (used & (1 << dv));
			used |= 1 << dv;
			p->r[p->n].dev = (int8_t)dv;
			d = first + (int)(mix(&x) % 181);
			p->r[p->n].enrolled = d > sy->end ? sy->end : d;
			p->n++;
		}
		if (p->n > 1)
			sy->multi++;
		for (i = 0; i < p->n; i++) {
			struct rec *r = &p->r[i];
			int lo = (r->enrolled > sy->cross ? r->enrolled :
			    sy->cross) + 1;

			r->deleted = -1;
			/* Withdrawals only after cross: the crossing stays. */
			if (unif(&x) < 0.03 && lo < sy->end)
				r->deleted = lo + (int)(mix(&x) %
				    (uint64_t)(sy->end - lo));
			r->minor = unif(&x) < 0.01;
			r->guardian = r->minor && unif(&x) >= 0.05;
			r->short_ret = unif(&x) < 0.02;
		}
		p->export_from = p->export_until = -2;
		/* The vendor system holds 2% of these persons too, later. */
		if (unif(&x) < 0.02) {
			d = first + (int)(mix(&x) % 61);
			p->export_from = d > sy->end ? sy->end : d;
			p->export_until = unif(&x) < 0.1 && p->export_from <
			    sy->end ? p->export_from + 1 + (int)(mix(&x) %
			    (uint64_t)(sy->end - p->export_from)) : -1;
		}
	}
}

/* Device d's store: its persons enrolled, the withdrawn ones deleted. */
static int
write_store(struct synth *sy, int d, struct fm_err *e)
{
	struct fm_store *s = NULL;
	struct fm_enrol en;
	const char *label = sy->labels[d];
	char id[32], consent[96], guardian[96], note[96];
	char *path, *kpath;
	long long cnt = 0;
	size_t k;
	int i, rc = FR_EIO;

	path = fr_xasprintf("%s/device-%02d.db", sy->out, d + 1);
	kpath = fr_xasprintf("%s/device-%02d.db.key", sy->out, d + 1);
	if (fm_store_create(path, kpath, (int)sy->dim, label, 1095, e)
	    != FR_OK || fm_store_open(path, kpath, 1, &s, e) != FR_OK ||
	    fm_store_begin(s, e) != FR_OK)
		goto out;
	for (k = 0; k < (size_t)sy->np; k++) {
		const struct person *p = &sy->pp[k];

		for (i = 0; i < p->n && p->r[i].dev != d; i++)
			;
		if (i == p->n)
			continue;
		snprintf(id, sizeof id, "person-%07zu", k + 1);
		snprintf(consent, sizeof consent, "CONSENT-%s-%07zu", label,
		    k + 1);
		snprintf(guardian, sizeof guardian, "GUARDIAN-%s-%07zu",
		    label, k + 1);
		make_vector((uint64_t)sy->seed, k, d, (size_t)sy->dim, sy->v);
		memset(&en, 0, sizeof en);
		en.person = id;
		en.tmpl = sy->v;
		en.enrolled = p->r[i].enrolled;
		en.consent = consent;
		en.minor = p->r[i].minor;
		en.guardian_consent = p->r[i].guardian ? guardian : NULL;
		en.retention_days = p->r[i].short_ret ? 365 : 1095;
		if (fm_store_enrol(s, &en, 0, e) != FR_OK)
			goto out;
		if (p->r[i].deleted >= 0) {
			if (fm_store_delete(s, id, p->r[i].deleted,
			    "withdrawal", NULL, e) != FR_OK)
				goto out;
			sy->dev_deleted[d]++;
		} else
			sy->dev_people[d]++;
		cnt++;
	}
	snprintf(note, sizeof note, "ok, %lld persons (seed %lld)", cnt,
	    sy->seed);
	if (fm_store_audit(s, "synth", "synth", NULL, note, e) != FR_OK ||
	    fm_store_commit(s, e) != FR_OK)
		goto out;
	rc = FR_OK;
out:
	fm_store_close(s);
	free(path);
	free(kpath);
	return rc;
}

/* out/name holding text (mode mode); NULL, or the path that failed. */
static char *
write_text(const struct synth *sy, const char *name, const char *text,
    mode_t mode)
{
	char *path = fr_xasprintf("%s/%s", sy->out, name);

	if (fr_write_file_atomic(path, text, strlen(text), mode) == FR_OK) {
		free(path);
		return NULL;
	}
	return path;
}

/*
 * The vendor export (person_id,enrolled,deleted): some fleet persons,
 * and persons only the vendor system holds, enrolled after cross (added
 * to sy->pp). NULL, or the path that failed.
 */
static char *
write_export(struct synth *sy)
{
	struct fr_atomic at;
	char *path = fr_xasprintf("%s/export.csv", sy->out);
	char dbuf[FR_DATE_LEN], ebuf[FR_DATE_LEN];
	size_t k;
	uint64_t x;

	if (fr_atomic_open(&at, path, 0600) != FR_OK)
		return path;
	fputs("person_id,enrolled,deleted\n", at.fp);
	for (k = 0; k < (size_t)sy->np; k++)
		if (sy->pp[k].export_from >= 0)
			fprintf(at.fp, "person-%07zu,%s,%s\n", k + 1,
			    fr_date_format(sy->pp[k].export_from, dbuf),
			    sy->pp[k].export_until >= 0 ?
			    fr_date_format(sy->pp[k].export_until, ebuf) : "");
	sy->pp = fr_xreallocarray(sy->pp, (size_t)(sy->np + sy->nexport_only),
	    sizeof *sy->pp);
	for (k = 0; k < (size_t)sy->nexport_only; k++) {
		struct person *p = &sy->pp[sy->np + (long long)k];

		x = seed_of((uint64_t)sy->seed, k + 1, 11);
		memset(p, 0, sizeof *p);
		p->export_from = sy->cross + 1 + (int)(mix(&x) %
		    (uint64_t)(sy->end - sy->cross - 1));
		p->export_until = -1;
		fprintf(at.fp, "V-%06zu,%s,\n", k + 1,
		    fr_date_format(p->export_from, dbuf));
	}
	if (fr_atomic_commit(&at) != FR_OK)
		return path;
	free(path);
	return NULL;
}

/*
 * The organisation secret (derived from the seed: synthetic use only),
 * a random serve token, the export and a probe (person 1 as a new camera
 * would see them). NULL, or the path that failed.
 */
static char *
write_files(struct synth *sy)
{
	unsigned char h[FM_HASH_LEN];
	char hex[65], *phrase, *probe, *failed;
	cJSON *j;

	phrase = fr_xasprintf("frmatch synth org secret|%lld", sy->seed);
	fm_sha256(phrase, strlen(phrase), h);
	free(phrase);
	fr_hex(h, sizeof h, hex);
	if ((failed = write_text(sy, "org.secret", hex, 0600)) != NULL)
		return failed;
	fm_random(h, sizeof h);
	fr_hex(h, sizeof h, hex);
	if ((failed = write_text(sy, "token", hex, 0600)) != NULL)
		return failed;
	if ((failed = write_export(sy)) != NULL)
		return failed;
	make_vector((uint64_t)sy->seed, 0, 99, (size_t)sy->dim, sy->v);
	j = cJSON_CreateFloatArray(sy->v, (int)sy->dim);
	probe = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	failed = write_text(sy, "probe.json", probe, 0600);
	free(probe);
	return failed;
}

/* Add "NAME": the date, or null. */
static void
add_date(cJSON *j, const char *name, int date)
{
	char b[FR_DATE_LEN];

	if (date >= 0)
		cJSON_AddStringToObject(j, name, fr_date_format(date, b));
	else
		cJSON_AddNullToObject(j, name);
}

/* expected.json: the numbers a counter must find in the fleet. */
static cJSON *
expected_json(const struct synth *sy, int hit, long now_fleet, int hit_x,
    long now_all)
{
	cJSON *j = cJSON_CreateObject(), *devs;
	char store[32];
	int d;

	cJSON_AddNumberToObject(j, "seed", (double)sy->seed);
	cJSON_AddNumberToObject(j, "dimension", (double)sy->dim);
	cJSON_AddNumberToObject(j, "threshold", (double)sy->thr);
	cJSON_AddNumberToObject(j, "persons", (double)sy->np);
	cJSON_AddNumberToObject(j, "persons_on_several_devices",
	    (double)sy->multi);
	cJSON_AddNumberToObject(j, "fleet_individuals_now", (double)now_fleet);
	add_date(j, "fleet_first_reached", hit);
	cJSON_AddNumberToObject(j, "with_export_individuals_now",
	    (double)now_all);
	add_date(j, "with_export_first_reached", hit_x);
	cJSON_AddNumberToObject(j, "export_only_persons",
	    (double)sy->nexport_only);
	devs = cJSON_AddArrayToObject(j, "devices");
	for (d = 0; d < sy->ndev; d++) {
		cJSON *o = cJSON_CreateObject();

		snprintf(store, sizeof store, "device-%02d.db", d + 1);
		cJSON_AddStringToObject(o, "device", sy->labels[d]);
		cJSON_AddStringToObject(o, "store", store);
		cJSON_AddNumberToObject(o, "individuals",
		    (double)sy->dev_people[d]);
		/* One template a person: templates are the persons stored. */
		cJSON_AddNumberToObject(o, "templates",
		    (double)sy->dev_people[d]);
		cJSON_AddNumberToObject(o, "deleted",
		    (double)sy->dev_deleted[d]);
		cJSON_AddItemToArray(devs, o);
	}
	return j;
}

/* The summary for a person reading the terminal. */
static void
print_summary(const struct synth *sy, double secs, int hit, long now_fleet,
    int hit_x, long now_all)
{
	char dbuf[FR_DATE_LEN], ebuf[FR_DATE_LEN];
	int d;

	printf("fleet in %s (seed %lld, dimension %lld, %.1f s)\n", sy->out,
	    sy->seed, sy->dim, secs);
	for (d = 0; d < sy->ndev; d++)
		printf("  device-%02d.db  %s  %ld stored, %ld withdrawn\n",
		    d + 1, sy->labels[d], sy->dev_people[d],
		    sy->dev_deleted[d]);
	printf("  %lld distinct persons, %ld on more than one device; "
	    "%ld stored now\n", sy->np, sy->multi, now_fleet);
	printf("  fleet first reached %lld on %s\n", sy->thr, hit >= 0 ?
	    fr_date_format(hit, dbuf) : "(never)");
	printf("  with export.csv (%lld persons only there): %ld now, "
	    "first reached %lld on %s\n", sy->nexport_only, now_all, sy->thr,
	    hit_x >= 0 ? fr_date_format(hit_x, ebuf) : "(never)");
	printf("  org.secret, token, export.csv, probe.json, "
	    "expected.json\n");
}

/* `frmatch synth`: plan, write the stores and files, report. */
static int
synth_exec(int argc, char **argv)
{
	struct cli_common common = { 0, 0 };
	struct fm_err e = { "" };
	struct synth sy;
	struct timespec t0, t1;
	char *failed = NULL, *text;
	long now_fleet, now_all;
	int d, hit, hit_x, rc;
	double secs;
	cJSON *j;

	memset(&sy, 0, sizeof sy);
	sy.seed = 1;
	sy.ndev = 4;
	sy.np = 120000;
	sy.dim = 128;
	sy.thr = 100000;
	for (d = 0; d < MAXDEV; d++)
		snprintf(sy.labels[d], sizeof sy.labels[d], "gate-%02d", d + 1);
	fr_date_parse("2025-03-17", &sy.cross);
	fr_date_parse("2024-01-02", &sy.start);
	fr_date_parse("2026-11-20", &sy.end);
	if ((rc = parse_args(&sy, &common, argc, argv)) != FR_EXIT_OK)
		return rc;
	if (common.help)
		return cli_help();
	if (fr_mkdirs(sy.out, 0700) != FR_OK) {
		cli_err("%s: cannot create directory: %s", sy.out,
		    strerror(errno));
		return FR_EXIT_DATA;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = FR_EXIT_DATA;
	plan(&sy);
	sy.v = fr_xmalloc((size_t)sy.dim * sizeof *sy.v);
	for (d = 0; d < sy.ndev; d++)
		if (write_store(&sy, d, &e) != FR_OK) {
			cli_err("%s", e.msg);
			goto out;
		}
	if ((failed = write_files(&sy)) != NULL)
		goto io;

	hit = first_day(sy.pp, (size_t)sy.np, 0, (long)sy.thr, &now_fleet);
	hit_x = first_day(sy.pp, (size_t)(sy.np + sy.nexport_only), 1,
	    (long)sy.thr, &now_all);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

	j = expected_json(&sy, hit, now_fleet, hit_x, now_all);
	text = cJSON_Print(j);
	failed = write_text(&sy, "expected.json", text, 0644);
	free(text);
	if (failed != NULL) {
		cJSON_Delete(j);
		goto io;
	}
	cJSON_AddNumberToObject(j, "seconds", secs);
	if (common.json)
		cli_print_json(j);
	else {
		print_summary(&sy, secs, hit, now_fleet, hit_x, now_all);
		cJSON_Delete(j);
	}
	rc = FR_EXIT_OK;
	goto out;
io:
	cli_err("%s: cannot write: %s", failed, strerror(errno));
out:
	free(failed);
	free(sy.v);
	free(sy.pp);
	return rc;
}

const struct cmd_entry cmd_synth_entry = {
	.name = "synth",
	.usage = "",
	.summary = "build a reproducible synthetic fleet of stores for demos and tests",
	.exec = synth_exec,
	.opts = synth_opts,
};
