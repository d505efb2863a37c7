/*
 * risk.h — personal-information risk grading as GB/T 39335-2020
 * (信息安全技术 个人信息安全影响评估指南) describes it: the impact on
 * individuals' rights in four dimensions, the likelihood of a security
 * incident from four factors, and the risk level from the matrix of
 * Appendix D.5.
 *
 * The module is pure arithmetic over named inputs: the caller (rules.c)
 * derives struct risk_input from the filing and the facts, and this module
 * grades it. Every step that moves a level records an adjustment with a
 * stable code and the numbers behind it, so a report can state the reason
 * (the prose for each code lives in templates/, not here).
 *
 * Ownership: struct risk_result is caller-owned and holds no pointers; it
 * can be copied and needs no release.
 */
#ifndef FR_RISK_H
#define FR_RISK_H

/* Impact on personal rights (影响程度): 低 中 高 严重. */
enum risk_impact {
	RISK_IMPACT_LOW = 0,
	RISK_IMPACT_MEDIUM,
	RISK_IMPACT_HIGH,
	RISK_IMPACT_SEVERE,
};

/* Likelihood of a security incident (可能性): 低 中 高 很高. */
enum risk_likelihood {
	RISK_LIKE_LOW = 0,
	RISK_LIKE_MEDIUM,
	RISK_LIKE_HIGH,
	RISK_LIKE_VERY_HIGH,
};

/* Risk level (风险等级): 低 中 高 严重. */
enum risk_level {
	RISK_LEVEL_LOW = 0,
	RISK_LEVEL_MEDIUM,
	RISK_LEVEL_HIGH,
	RISK_LEVEL_SEVERE,
};

/* The four rights-impact dimensions of GB/T 39335-2020 5.5. */
enum risk_dimension {
	RISK_DIM_AUTONOMY = 0,	/* 限制个人自主决定权 */
	RISK_DIM_DISCRIMINATION,	/* 引发差别性待遇 */
	RISK_DIM_REPUTATION,	/* 个人名誉受损和遭受精神压力 */
	RISK_DIM_PROPERTY,	/* 人身财产受损 */
	RISK_DIM_COUNT
};

/* The four likelihood factors of GB/T 39335-2020 5.6. */
enum risk_factor {
	RISK_FACTOR_NETWORK = 0,	/* (a) network environment and technical measures */
	RISK_FACTOR_PROCESS,	/* (b) processing flow */
	RISK_FACTOR_PEOPLE,	/* (c) people and third parties */
	RISK_FACTOR_SCALE,	/* (d) business characteristics and scale */
	RISK_FACTOR_COUNT
};

/* GB/T 39335-2020 thresholds the method names. */
#define RISK_SENSITIVE_SUBJECTS	500000LL	/* impact +1 */
#define RISK_SCALE_MEDIUM	1000000LL	/* likelihood at least 中 */
#define RISK_SCALE_HIGH		10000000LL	/* likelihood at least 高 */

/*
 * What the grading reads. Every field is named after the fact or filing
 * field it comes from (rules.c fills it); booleans are 0/1. A "missing"
 * count counts measures that are absent or contradicted by the facts.
 */
struct risk_input {
	/* Rights impact. */
	long long subjects;	/* individuals whose facial information is stored */
	int sensitive;		/* facial information: always sensitive (PIPL Art. 28) */
	int vulnerable;		/* minors, students or older adults enrolled */
	int deidentified;	/* de-identification confirmed to reduce sensitivity */
	int no_alternative;	/* FR is the only way to verify identity (Art. 10) */
	int public_place;	/* devices in public places (Art. 13) */
	int consent_defects;	/* consent not separate, no withdrawal channel, … */
	int automated_decision;	/* results feed automated decisions */
	int decision_significant;	/* those decisions grant or deny access/service */
	int raw_images;		/* raw face images kept, not only templates */
	int payment;		/* used for payment or financial authentication */
	int physical_access;	/* used to grant physical access */

	/* Likelihood, factor (a). */
	int internet_exposed;	/* facial data leaves the device over the internet */
	int art14_missing;	/* of the six Art. 14 measures, how many are missing */
	int encryption_missing;	/* encryption among them */
	int emergency_plan;	/* an incident response plan exists */
	/* Factor (b). */
	int process_defects;	/* notice, consent, retention, minimisation faults */
	/* Factor (c). */
	int people_defects;	/* PI protection officer, training, provider contracts */
	int providers;		/* third-party technology providers involved */
	/* Factor (d). */
	int incidents_here;	/* security incidents at this processor */
	int incidents_sector;	/* incidents known in similar settings */
	/* Treatment: complete targeted measures lower likelihood by one. */
	int measures_complete;
};

/* Adjustment codes (stable: templates/ hold the prose for each). */
enum risk_adj_code {
	RISK_ADJ_SENSITIVE_SCALE = 0,	/* impact +1: ≥500,000 subjects */
	RISK_ADJ_VULNERABLE,		/* impact +1: minors, students, older adults */
	RISK_ADJ_DEIDENTIFIED,		/* impact −1: de-identification confirmed */
	RISK_ADJ_MEASURES_COMPLETE,	/* likelihood −1: complete targeted measures */
	RISK_ADJ_SCALE_MEDIUM,		/* likelihood at least 中: ≥1,000,000 */
	RISK_ADJ_SCALE_HIGH,		/* likelihood at least 高: ≥10,000,000 */
	RISK_ADJ_COUNT
};

struct risk_adjustment {
	enum risk_adj_code code;
	int before, after;	/* the level before and after, as enum values */
	long long value;	/* the number that triggered it (subjects), or 0 */
};

#define RISK_MAX_ADJ	RISK_ADJ_COUNT

struct risk_result {
	enum risk_impact dim[RISK_DIM_COUNT];	/* each dimension, before adjustments */
	enum risk_impact impact_base;		/* the highest dimension */
	enum risk_impact impact;		/* after impact adjustments */
	enum risk_likelihood factor[RISK_FACTOR_COUNT];
	enum risk_likelihood likelihood_base;	/* the highest factor */
	enum risk_likelihood likelihood;	/* after likelihood adjustments */
	enum risk_level level;			/* the D.5 matrix */
	struct risk_adjustment adj[RISK_MAX_ADJ];
	int nadj;
};

/* The D.5 matrix: rows impact, columns likelihood. */
enum risk_level risk_matrix(enum risk_impact, enum risk_likelihood);

/* Grade one application. Never fails: every input has a defined level. */
void risk_assess(const struct risk_input *, struct risk_result *);

/* Per-dimension and per-factor levels, for tests and reports. */
enum risk_impact risk_dimension_level(const struct risk_input *,
    enum risk_dimension);
enum risk_likelihood risk_factor_level(const struct risk_input *,
    enum risk_factor);

/* Stable names: "low", "medium", "high", "severe" / "very_high". */
const char *risk_impact_name(enum risk_impact);
const char *risk_likelihood_name(enum risk_likelihood);
const char *risk_level_name(enum risk_level);
const char *risk_dimension_name(enum risk_dimension);
const char *risk_factor_name(enum risk_factor);
const char *risk_adj_name(enum risk_adj_code);
/* Chinese labels as the standard prints them: 低 中 高 严重 / 很高. */
const char *risk_likelihood_zh(enum risk_likelihood);
const char *risk_level_zh(enum risk_level);
/* Parse a stable name back; -1 when unknown. */
int risk_level_parse(const char *);

#endif
