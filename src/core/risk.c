/*
 * risk.c — GB/T 39335-2020 risk grading: impact on the four rights
 * dimensions, likelihood from the four factors, the D.5 matrix.
 *
 * The levels each input leads to are written out below, one rule per
 * line, so that a reviewer can compare them with the standard and with
 * the PIPIA report, which states the same rules in prose.
 */
#include "core/risk.h"

#include <string.h>

/*
 * GB/T 39335-2020 Appendix D.5, exactly as printed: rows are the impact
 * (低 中 高 严重), columns the likelihood (低 中 高 很高).
 */
static const enum risk_level matrix[4][4] = {
	/* 低 impact */
	{ RISK_LEVEL_LOW, RISK_LEVEL_LOW, RISK_LEVEL_MEDIUM, RISK_LEVEL_MEDIUM },
	/* 中 impact */
	{ RISK_LEVEL_LOW, RISK_LEVEL_MEDIUM, RISK_LEVEL_MEDIUM, RISK_LEVEL_HIGH },
	/* 高 impact */
	{ RISK_LEVEL_MEDIUM, RISK_LEVEL_MEDIUM, RISK_LEVEL_HIGH, RISK_LEVEL_SEVERE },
	/* 严重 impact */
	{ RISK_LEVEL_MEDIUM, RISK_LEVEL_HIGH, RISK_LEVEL_SEVERE, RISK_LEVEL_SEVERE },
};

enum risk_level
risk_matrix(enum risk_impact i, enum risk_likelihood l)
{
	if ((int)i < 0)
		i = RISK_IMPACT_LOW;
	if (i > RISK_IMPACT_SEVERE)
		i = RISK_IMPACT_SEVERE;
	if ((int)l < 0)
		l = RISK_LIKE_LOW;
	if (l > RISK_LIKE_VERY_HIGH)
		l = RISK_LIKE_VERY_HIGH;
	return matrix[i][l];
}

/* A level kept within the scale, 0 (低) to 3. */
static int
clamp(int v)
{
	if (v < 0)
		return 0;
	if (v > 3)
		return 3;
	return v;
}

/* The larger of a and b. */
static int
max2(int a, int b)
{
	return a > b ? a : b;
}

/*
 * Impact per dimension (GB/T 39335-2020 5.5.2 and Appendix D.3). Facial
 * information is a biometric trait that cannot be changed once leaked,
 * which is why the baselines for autonomy and distress start at 中.
 */
enum risk_impact
risk_dimension_level(const struct risk_input *in, enum risk_dimension d)
{
	int v = RISK_IMPACT_LOW;

	switch (d) {
	case RISK_DIM_AUTONOMY:
		/* Consent is the basis: a sensitive trait limits choice. */
		if (in->sensitive)
			v = RISK_IMPACT_MEDIUM;
		/*
		 * No alternative (Art. 10), public-space capture (Art. 13) or
		 * a defective consent (Art. 6) leave the person no real choice.
		 */
		if (in->no_alternative || in->public_place ||
		    in->consent_defects > 0)
			v = RISK_IMPACT_HIGH;
		break;
	case RISK_DIM_DISCRIMINATION:
		/* Automated decisions can treat people differently. */
		if (in->automated_decision)
			v = RISK_IMPACT_MEDIUM;
		/* … and more so when they grant or deny access or service. */
		if (in->automated_decision && in->decision_significant)
			v = RISK_IMPACT_HIGH;
		break;
	case RISK_DIM_REPUTATION:
		/* A leak of facial information causes fear and distress. */
		if (in->sensitive)
			v = RISK_IMPACT_MEDIUM;
		/* Raw images reveal far more than a template does. */
		if (in->raw_images)
			v = RISK_IMPACT_HIGH;
		break;
	case RISK_DIM_PROPERTY:
		/* Face-unlocked doors: a forged match is a break-in. */
		if (in->physical_access)
			v = RISK_IMPACT_MEDIUM;
		/* Face payment: a forged match is stolen funds. */
		if (in->payment)
			v = RISK_IMPACT_HIGH;
		/*
		 * Raw images make presentation attacks on a payment face
		 * easy, and a face cannot be reissued: irreversible.
		 */
		if (in->payment && in->raw_images)
			v = RISK_IMPACT_SEVERE;
		break;
	default:
		break;
	}
	return (enum risk_impact)v;
}

/* Likelihood per factor (GB/T 39335-2020 5.6 and Appendix D.4). */
enum risk_likelihood
risk_factor_level(const struct risk_input *in, enum risk_factor f)
{
	int v = RISK_LIKE_LOW;

	switch (f) {
	case RISK_FACTOR_NETWORK:
		if (in->art14_missing >= 3 ||
		    (in->encryption_missing && in->internet_exposed))
			v = RISK_LIKE_VERY_HIGH;	/* seriously lacking */
		else if (in->art14_missing >= 1)
			v = RISK_LIKE_HIGH;		/* lacking */
		else if (in->internet_exposed || !in->emergency_plan)
			v = RISK_LIKE_MEDIUM;		/* basic measures */
		break;
	case RISK_FACTOR_PROCESS:
		if (in->process_defects >= 4)
			v = RISK_LIKE_VERY_HIGH;
		else if (in->process_defects >= 2)
			v = RISK_LIKE_HIGH;
		else if (in->process_defects == 1)
			v = RISK_LIKE_MEDIUM;
		break;
	case RISK_FACTOR_PEOPLE:
		if (in->people_defects >= 3)
			v = RISK_LIKE_VERY_HIGH;
		else if (in->people_defects == 2)
			v = RISK_LIKE_HIGH;
		else if (in->people_defects == 1)
			v = RISK_LIKE_MEDIUM;
		break;
	case RISK_FACTOR_SCALE:
		/* D.4: incidents here → 高; in the industry → 中. */
		if (in->incidents_here)
			v = RISK_LIKE_HIGH;
		else if (in->incidents_sector)
			v = RISK_LIKE_MEDIUM;
		break;
	default:
		break;
	}
	return (enum risk_likelihood)v;
}

/* Record why a level moved, up to RISK_MAX_ADJ adjustments. */
static void
add_adj(struct risk_result *r, enum risk_adj_code code, int before,
    int after, long long value)
{
	struct risk_adjustment *a;

	if (r->nadj >= RISK_MAX_ADJ)
		return;
	a = &r->adj[r->nadj++];
	a->code = code;
	a->before = before;
	a->after = after;
	a->value = value;
}

void
risk_assess(const struct risk_input *in, struct risk_result *r)
{
	int d, f, v, w;

	memset(r, 0, sizeof *r);

	/* Each dimension, then the highest governs. */
	v = RISK_IMPACT_LOW;
	for (d = 0; d < RISK_DIM_COUNT; d++) {
		r->dim[d] = risk_dimension_level(in, (enum risk_dimension)d);
		v = max2(v, r->dim[d]);
	}
	r->impact_base = (enum risk_impact)v;

	/* Sensitive information of about 500,000 people or more: +1. */
	if (in->sensitive && in->subjects >= RISK_SENSITIVE_SUBJECTS) {
		w = clamp(v + 1);
		add_adj(r, RISK_ADJ_SENSITIVE_SCALE, v, w, in->subjects);
		v = w;
	}
	/* Vulnerable groups (minors, students, older adults): +1. */
	if (in->vulnerable) {
		w = clamp(v + 1);
		add_adj(r, RISK_ADJ_VULNERABLE, v, w, 0);
		v = w;
	}
	/* Confirmed de-identification that reduces sensitivity: −1. */
	if (in->deidentified) {
		w = clamp(v - 1);
		add_adj(r, RISK_ADJ_DEIDENTIFIED, v, w, 0);
		v = w;
	}
	r->impact = (enum risk_impact)v;

	/* Likelihood: the weakest factor governs. */
	v = RISK_LIKE_LOW;
	for (f = 0; f < RISK_FACTOR_COUNT; f++) {
		r->factor[f] = risk_factor_level(in, (enum risk_factor)f);
		v = max2(v, r->factor[f]);
	}
	r->likelihood_base = (enum risk_likelihood)v;

	/* Complete targeted measures or proven incident handling: −1. */
	if (in->measures_complete) {
		w = clamp(v - 1);
		add_adj(r, RISK_ADJ_MEASURES_COMPLETE, v, w, 0);
		v = w;
	}
	/*
	 * Scale is applied last, as a floor: no measure makes an incident
	 * among ten million people unlikely.
	 */
	if (in->subjects >= RISK_SCALE_HIGH) {
		w = max2(v, RISK_LIKE_HIGH);
		add_adj(r, RISK_ADJ_SCALE_HIGH, v, w, in->subjects);
		v = w;
	} else if (in->subjects >= RISK_SCALE_MEDIUM) {
		w = max2(v, RISK_LIKE_MEDIUM);
		add_adj(r, RISK_ADJ_SCALE_MEDIUM, v, w, in->subjects);
		v = w;
	}
	r->likelihood = (enum risk_likelihood)v;
	r->level = risk_matrix(r->impact, r->likelihood);
}

static const char *const impact_names[] = { "low", "medium", "high", "severe" };
static const char *const like_names[] = { "low", "medium", "high", "very_high" };
static const char *const impact_zh[] = { "低", "中", "高", "严重" };
static const char *const like_zh[] = { "低", "中", "高", "很高" };
static const char *const dim_names[] = { "autonomy", "discrimination",
    "reputation", "property" };
static const char *const factor_names[] = { "network", "process", "people",
    "scale" };
static const char *const adj_names[] = { "sensitive_scale", "vulnerable",
    "deidentified", "measures_complete", "scale_medium", "scale_high" };

#define NAME(tab, i) ((int)(i) >= 0 && \
    (size_t)(i) < sizeof tab / sizeof tab[0] ? tab[i] : "unknown")

const char *
risk_impact_name(enum risk_impact i)
{
	return NAME(impact_names, i);
}

const char *
risk_likelihood_name(enum risk_likelihood l)
{
	return NAME(like_names, l);
}

const char *
risk_level_name(enum risk_level l)
{
	return NAME(impact_names, l);
}

const char *
risk_dimension_name(enum risk_dimension d)
{
	return NAME(dim_names, d);
}

const char *
risk_factor_name(enum risk_factor f)
{
	return NAME(factor_names, f);
}

const char *
risk_adj_name(enum risk_adj_code c)
{
	return NAME(adj_names, c);
}

const char *
risk_likelihood_zh(enum risk_likelihood l)
{
	return NAME(like_zh, l);
}

const char *
risk_level_zh(enum risk_level l)
{
	return NAME(impact_zh, l);
}

int
risk_level_parse(const char *s)
{
	size_t i;

	if (s == NULL)
		return -1;
	for (i = 0; i < 4; i++)
		if (strcmp(s, impact_names[i]) == 0)
			return (int)i;
	return -1;
}
