/*
 * test_rules.c — the compliance rules on small filings, one row per
 * case (filing, facts, rule, expected result and reason), the risk
 * inputs derived from them, and the rule catalogue check.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/assess.h"
#include "core/date.h"
#include "core/forms.h"
#include "core/fr.h"
#include "core/rules.h"

#define N(a) (sizeof (a) / sizeof (a)[0])

/* A compliant one-application filing the rows below change. */
#define APP_OK \
	"\"name\":\"门禁\",\"scenario\":\"access_control\"," \
	"\"purpose\":\"核验员工身份\",\"necessity\":\"工卡易借用\"," \
	"\"method\":\"verification\",\"legal_basis\":\"consent\"," \
	"\"notice\":{\"items_covered\":[\"processor_identity\",\"purpose\"," \
	"\"method\",\"retention\",\"necessity_impact\",\"rights_exercise\"]," \
	"\"accessible\":true}," \
	"\"consent\":{\"separate\":true,\"withdrawal_channel\":\"App\"}," \
	"\"alternatives\":{\"offered\":true,\"description\":\"工卡\"}," \
	"\"minors\":{\"under_14_possible\":false}," \
	"\"locations\":[{\"place_type\":\"office\",\"public\":false}]," \
	"\"retention_days\":30,\"raw_images_kept\":false," \
	"\"external_transmission\":{\"occurs\":false,\"basis\":\"none\"}," \
	"\"fact_devices\":[\"dev-1\"],\"subjects_estimated\":5000"

#define SM_OK \
	"\"security_measures\":{\"encryption\":{\"implemented\":true}," \
	"\"security_audit\":{\"implemented\":true}," \
	"\"access_control\":{\"implemented\":true}," \
	"\"authorization_management\":{\"implemented\":true}," \
	"\"intrusion_detection\":{\"implemented\":true}," \
	"\"intrusion_prevention\":{\"implemented\":true}," \
	"\"incident_response\":{\"plan\":true}," \
	"\"staff_training\":\"yearly\",\"confidentiality_agreements\":true}," \
	"\"pi_protection_officer\":{\"name\":\"沈\"}," \
	"\"assessment\":{\"date\":\"2026-11-01\"}"

/*
 * A row's changes come first: cJSON reads the first of duplicate keys,
 * so they override the compliant defaults that follow.
 */
#define FILING(app_extra, top_extra) \
	"{\"applications\":[{\"x\":0" app_extra "," APP_OK "}]" \
	top_extra "," SM_OK "}"

#define FACTS(extra) \
	"{\"schema\":\"frmatch-facts/1\",\"device\":\"dev-1\"," \
	"\"individuals\":10" extra "}"

static const struct {
	const char *why;
	const char *filing;
	const char *facts;	/* NULL: none */
	const char *id;
	int app;
	enum rule_status want;
	const char *reason;
} rows[] = {
	{ "in scope", FILING("", ""), NULL, "art2.scope", 0, RULE_PASS,
	    "in_scope" },
	{ "algorithm training", FILING(",\"purpose\":\"用于算法训练\"", ""),
	    NULL, "art2.scope", 0, RULE_NEEDS_REVIEW, "research_use" },
	{ "compliant", FILING("", ""), NULL, "art13.prohibited_place", 0,
	    RULE_PASS, "allowed" },
	{ "restroom", FILING(",\"locations\":[{\"place_type\":\"restroom\"}]",
	    ""), NULL, "art13.prohibited_place", 0, RULE_FAIL,
	    "prohibited_place" },
	{ "hotel room second location", FILING(",\"locations\":["
	    "{\"place_type\":\"office\"},{\"place_type\":\"hotel_room\"}]", ""),
	    NULL, "art13.prohibited_place", 0, RULE_FAIL, "prohibited_place" },
	{ "public without signage", FILING(",\"locations\":[{\"place_type\":"
	    "\"retail\",\"public\":true,\"signage\":\"\"}]", ""), NULL,
	    "art13.signage", 0, RULE_FAIL, "no_signage" },
	{ "public with signage and area", FILING(",\"locations\":[{"
	    "\"place_type\":\"public_space\",\"signage\":\"标识\","
	    "\"collection_area\":\"1 米\"}]", ""), NULL, "art13.signage", 0,
	    RULE_PASS, "declared" },
	{ "no withdrawal channel", FILING(",\"consent\":{\"separate\":true,"
	    "\"withdrawal_channel\":\"\"}", ""), NULL, "art6.withdrawal", 0,
	    RULE_FAIL, "missing" },
	{ "contract basis: Art. 6 n/a", FILING(",\"legal_basis\":\"contract\","
	    "\"consent\":{}", ""), NULL, "art6.separate_consent", 0,
	    RULE_NOT_APPLICABLE, "not_consent_based" },
	{ "FR only", FILING(",\"alternatives\":{\"offered\":false}", ""), NULL,
	    "art10.alternative", 0, RULE_FAIL, "fr_only" },
	{ "notice leaves out rights", FILING(",\"notice\":{\"items_covered\":"
	    "[\"purpose\"],\"accessible\":true}", ""), NULL, "art5.notice", 0,
	    RULE_FAIL, "notice_incomplete" },
	{ "1:N needs review", FILING(",\"method\":\"identification\"", ""),
	    NULL, "art4.least_impact", 0, RULE_NEEDS_REVIEW, "one_to_many" },
	{ "internet without basis", FILING(",\"external_transmission\":"
	    "{\"occurs\":true,\"basis\":\"none\"}", ""), NULL,
	    "art8.transmission", 0, RULE_FAIL, "no_basis" },
	{ "facts transmission beat filing", FILING("", ""),
	    FACTS(",\"protection\":{\"external_transmission\":\"cloud\"}"),
	    "art8.transmission", 0, RULE_FAIL, "facts_contradict" },
	{ "retention missing", FILING(",\"retention_days\":null", ""), NULL,
	    "art8.retention", 0, RULE_FAIL, "missing" },
	{ "facts expired", FILING("", ""), FACTS(",\"expired_pending_purge\":4"),
	    "art8.retention", 0, RULE_FAIL, "facts_expired" },
	{ "raw images declared", FILING(",\"raw_images_kept\":true", ""), NULL,
	    "art4.raw_images", 0, RULE_FAIL, "raw_images_kept" },
	{ "raw images with separate consent", FILING(",\"raw_images_kept\":"
	    "true,\"raw_images_basis\":\"separate_consent\"", ""), NULL,
	    "art4.raw_images", 0, RULE_NEEDS_REVIEW, "raw_images_consented" },
	{ "facts raw images", FILING("", ""), FACTS(",\"raw_images_stored\":true"),
	    "art4.raw_images", 0, RULE_FAIL, "facts_contradict" },
	{ "facts: enrolled without consent", FILING("", ""),
	    FACTS(",\"without_consent_reference\":7"),
	    "art6.separate_consent", 0, RULE_FAIL, "facts_no_consent" },
	{ "facts minors", FILING("", ""),
	    FACTS(",\"minors_without_guardian_consent\":2"),
	    "art7.guardian_consent", 0, RULE_FAIL, "facts_minors" },
	{ "facts of an unknown device: processor row", FILING("", ""),
	    "{\"schema\":\"frmatch-facts/1\",\"device\":\"other\","
	    "\"individuals\":1,\"minors_without_guardian_consent\":1}",
	    "art7.guardian_consent", -1, RULE_FAIL, "facts_minors" },
	{ "under-14s, no guardian process", FILING(",\"minors\":{"
	    "\"under_14_possible\":true}", ""), NULL, "art7.guardian_consent",
	    0, RULE_FAIL, "missing" },
	{ "encryption declared off", FILING("", ",\"security_measures\":{}"),
	    NULL, "art14.encryption", -1, RULE_FAIL, "missing" },
	{ "facts lack encryption", FILING("", ""),
	    FACTS(",\"protection\":{\"encryption\":null}"), "art14.encryption",
	    -1, RULE_FAIL, "measured_defect" },
	{ "PIPIA older than change", FILING("", ",\"filing\":{"
	    "\"change_date\":\"2026-11-05\"}"), NULL, "art9.pipia_current", -1,
	    RULE_FAIL, "older_than_change" },
	{ "PIPIA older than major incident", FILING("", ",\"incidents\":["
	    "{\"date\":\"2026-11-03\",\"affected_individuals\":5000}]"), NULL,
	    "art9.pipia_current", -1, RULE_FAIL, "older_than_incident" },
	{ "over the line, not yet filed", FILING("", ",\"filing\":{"
	    "\"reached_date\":\"2026-10-01\"}"), NULL, "art15.filing", -1,
	    RULE_NEEDS_REVIEW, "not_filed" },
	{ "over the line, filing planned", FILING("", ",\"filing\":{"
	    "\"reached_date\":\"2026-10-01\",\"date\":\"2026-11-25\"}"),
	    NULL, "art15.filing", -1, RULE_NEEDS_REVIEW, "in_preparation" },
	{ "estimates are not the stored count", FILING("", ""), NULL,
	    "art15.filing", -1, RULE_NEEDS_REVIEW, "no_count" },
	{ "filed", FILING("", ",\"filing\":{\"reached_date\":\"2026-10-01\","
	    "\"date\":\"2026-11-02\"}"), NULL, "art15.filing", -1, RULE_PASS,
	    "filed" },

	/* Art. 9 para. 1: in advance, against each application's start. */
	{ "assessed after a 2025-07 start (Art. 9)", FILING(
	    ",\"start_date\":\"2025-07-01\"", ""), NULL, "art9.pipia_done", 0,
	    RULE_FAIL, "after_start" },
	{ "assessed after a 2024 start (PIPL 55-56)", FILING(
	    ",\"start_date\":\"2024-01-03\"", ""), NULL, "art9.pipia_done", 0,
	    RULE_FAIL, "after_start" },
	{ "assessed before the start", FILING(",\"start_date\":\"2026-11-05\"",
	    ""), NULL, "art9.pipia_done", 0, RULE_PASS, "in_advance" },
	{ "replaces an assessment made in advance", FILING(
	    ",\"start_date\":\"2024-01-03\"", ",\"assessment\":{\"date\":"
	    "\"2026-11-01\",\"replaces\":{\"date\":\"2023-12-01\","
	    "\"version\":\"1.0\"}}"), NULL, "art9.pipia_done", 0, RULE_PASS,
	    "replaced_in_advance" },
	{ "replaces one made late too", FILING(",\"start_date\":\"2024-01-03\"",
	    ",\"assessment\":{\"date\":\"2026-11-01\",\"replaces\":{"
	    "\"date\":\"2024-02-01\",\"version\":\"1.0\"}}"), NULL,
	    "art9.pipia_done", 0, RULE_FAIL, "replaced_after_start" },
	{ "replaced without a version: not named", FILING(
	    ",\"start_date\":\"2024-01-03\"", ",\"assessment\":{\"date\":"
	    "\"2026-11-01\",\"replaces\":{\"date\":\"2023-12-01\"}}"),
	    NULL, "art9.pipia_done", 0, RULE_FAIL, "after_start" },
	{ "planned, not begun", FILING(",\"status\":\"planned\"", ""), NULL,
	    "art9.pipia_done", 0, RULE_PASS, "not_started" },

	/* Art. 8 para. 1: storage mode, legal basis and consent together. */
	{ "cloud, HR basis, no consent", FILING(",\"storage\":{\"mode\":"
	    "\"cloud\"},\"legal_basis\":\"hr_management\"", ""), NULL,
	    "art8.transmission", 0, RULE_FAIL, "off_device" },
	{ "own server, consent basis but no storage consent", FILING(
	    ",\"storage\":{\"mode\":\"local_server\"}", ""), NULL,
	    "art8.transmission", 0, RULE_FAIL, "off_device" },
	{ "own server with separate storage consent", FILING(",\"storage\":{"
	    "\"mode\":\"local_server\",\"off_device_consent\":true}", ""),
	    NULL, "art8.transmission", 0, RULE_PASS, "off_device_consent" },
	{ "cloud under a named law", FILING(",\"storage\":{\"mode\":"
	    "\"cloud\"},\"legal_basis\":\"legal_duty\","
	    "\"legal_basis_provision\":\"《某条例》第十条\"", ""), NULL,
	    "art8.transmission", 0, RULE_PASS, "off_device_law" },
	{ "cloud, legal duty with no provision named", FILING(",\"storage\":{"
	    "\"mode\":\"cloud\"},\"legal_basis\":\"legal_duty\"", ""), NULL,
	    "art8.transmission", 0, RULE_FAIL, "off_device" },
	{ "contract is no law providing otherwise", FILING(",\"storage\":{"
	    "\"mode\":\"hybrid\"},\"legal_basis\":\"contract\","
	    "\"legal_basis_provision\":\"合同第三条\"", ""), NULL,
	    "art8.transmission", 0, RULE_FAIL, "off_device" },
	{ "on the device", FILING(",\"storage\":{\"mode\":\"on_device\"}",
	    ""), NULL, "art8.transmission", 0, RULE_PASS, "on_device" },

	/* Art. 13: one definition, from the schema. */
	{ "hospital waiting area is public", FILING(",\"locations\":[{"
	    "\"place_type\":\"hospital\",\"public\":false}]", ""), NULL,
	    "art13.signage", 0, RULE_FAIL, "no_signage" },
	{ "retail without signage", FILING(",\"locations\":[{\"place_type\":"
	    "\"retail\"}]", ""), NULL, "art13.signage", 0, RULE_FAIL,
	    "no_signage" },
	{ "public as a string is not public", FILING(",\"locations\":[{"
	    "\"place_type\":\"office\",\"public\":\"yes\"}]", ""), NULL,
	    "art13.signage", 0, RULE_NOT_APPLICABLE, "not_public" },

	/* Art. 14: measured facts beat declarations; documents named. */
	{ "declared without a document", FILING("", ""), NULL,
	    "art14.intrusion_detection", -1, RULE_NEEDS_REVIEW, "undocumented" },
	{ "declared with a document", FILING("", ",\"security_measures\":{"
	    "\"intrusion_detection\":{\"implemented\":true,\"document\":{"
	    "\"title\":\"入侵检测规程\",\"version\":\"V1\"}}}"), NULL,
	    "art14.intrusion_detection", -1, RULE_PASS, "documented" },
	{ "document without version or date", FILING("", ",\"security_measures\""
	    ":{\"intrusion_detection\":{\"implemented\":true,\"document\":{"
	    "\"title\":\"入侵检测规程\"}}}"), NULL,
	    "art14.intrusion_detection", -1, RULE_NEEDS_REVIEW, "undocumented" },
	{ "store file open to others", FILING("", ""), FACTS(",\"protection\":"
	    "{\"access_control\":{\"store_file_private\":false,"
	    "\"key_file_private\":true,\"store_file_mode\":\"0644\"}}"),
	    "art14.access_control", -1, RULE_FAIL, "measured_defect" },
	{ "store and key private", FILING("", ""), FACTS(",\"protection\":"
	    "{\"access_control\":{\"store_file_private\":true,"
	    "\"key_file_private\":true}}"), "art14.access_control", -1,
	    RULE_PASS, "measured" },
	{ "store owned by another user", FILING("", ""), FACTS(",\"protection\":"
	    "{\"measured\":{\"store_file\":{\"private\":true,"
	    "\"owner_ok\":false}}}"), "art14.access_control", -1, RULE_FAIL,
	    "measured_defect" },
	{ "key readable by others", FILING("", ""), FACTS(",\"protection\":{"
	    "\"encryption\":{\"algorithm\":\"AES-256-GCM\"},\"measured\":{"
	    "\"key_file\":{\"private\":false,\"mode\":\"0644\"}}}"),
	    "art14.encryption", -1, RULE_FAIL, "measured_defect" },
	{ "key beside the store", FILING("", ""), FACTS(",\"protection\":{"
	    "\"encryption\":{\"algorithm\":\"AES-256-GCM\"},\"measured\":{"
	    "\"key_file\":{\"private\":true,\"separate_directory\":false}}}"),
	    "art14.encryption", -1, RULE_NEEDS_REVIEW, "key_beside_store" },
	{ "key kept apart", FILING("", ""), FACTS(",\"protection\":{"
	    "\"encryption\":{\"algorithm\":\"AES-256-GCM\"},\"measured\":{"
	    "\"key_file\":{\"private\":true,\"separate_directory\":true}}}"),
	    "art14.encryption", -1, RULE_PASS, "measured" },
	{ "audit chain broken now", FILING("", ""), FACTS(",\"protection\":{"
	    "\"audit_log\":{\"enabled\":true,\"chain_verified\":false}}"),
	    "art14.security_audit", -1, RULE_FAIL, "measured_defect" },
	{ "serve exposed without TLS", FILING("", ""), FACTS(",\"protection\":{"
	    "\"measured\":{\"serve\":{\"configured\":true,\"running\":true,"
	    "\"listen\":\"0.0.0.0:8765\",\"loopback\":false,\"tls\":false,"
	    "\"token\":true}}}"), "art14.intrusion_prevention", -1, RULE_FAIL,
	    "measured_defect" },
	{ "serve on loopback", FILING("", ""), FACTS(",\"protection\":{"
	    "\"measured\":{\"serve\":{\"configured\":true,\"running\":true,"
	    "\"listen\":\"127.0.0.1:8765\",\"loopback\":true,\"tls\":false,"
	    "\"token\":true}}}"), "art14.intrusion_prevention", -1, RULE_PASS,
	    "measured" },
	{ "serve remote with TLS and token", FILING("", ""), FACTS(
	    ",\"protection\":{\"measured\":{\"serve\":{\"configured\":true,"
	    "\"running\":true,\"listen\":\"10.0.0.2:443\",\"loopback\":false,"
	    "\"tls\":true,\"token\":true}}}"), "art14.intrusion_prevention", -1,
	    RULE_PASS, "measured" },
	{ "serve without a token", FILING("", ""), FACTS(",\"protection\":{"
	    "\"measured\":{\"serve\":{\"configured\":true,\"running\":false,"
	    "\"listen\":\"127.0.0.1:8765\",\"loopback\":true,\"tls\":false,"
	    "\"token\":false}}}"), "art14.authorization_management", -1,
	    RULE_FAIL, "measured_defect" },
	{ "fixed text is no evidence", FILING("", ""), FACTS(",\"protection\":{"
	    "\"intrusion_detection\":{\"record_tampering\":\"GCM\"}}"),
	    "art14.intrusion_detection", -1, RULE_NEEDS_REVIEW, "undocumented" },
};

static const struct rule_result *
find(const struct rules_report *r, const char *id, int app)
{
	size_t k;

	for (k = 0; k < r->n; k++)
		if (r->v[k].app == app && strcmp(r->v[k].id, id) == 0)
			return &r->v[k];
	return NULL;
}

static struct fr_schema *schema;

static void
test_rules__table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < N(rows); i++) {
		struct rules_ctx c;
		struct rules_report r;
		struct rules_facts_doc f;
		const struct rule_result *x;
		cJSON *filing = cJSON_Parse(rows[i].filing);

		if (filing == NULL)
			fail_msg("%s: fixture is not JSON", rows[i].why);
		rules_ctx_init(&c);
		c.today = fr_date_from_ymd(2026, 11, 20);
		c.filing = filing;
		c.schema = schema;
		if (rows[i].facts != NULL) {
			assert_int_equal(rules_facts_parse(&f, "f.json",
			    rows[i].facts, strlen(rows[i].facts), NULL), FR_OK);
			c.facts = &f;
			c.nfacts = 1;
		}
		rules_run(&c, &r);
		x = find(&r, rows[i].id, rows[i].app);
		if (x == NULL)
			fail_msg("%s: no %s row", rows[i].why, rows[i].id);
		if (x->status != rows[i].want ||
		    strcmp(x->reason, rows[i].reason) != 0)
			fail_msg("%s: %s is %s (%s), want %s (%s)", rows[i].why,
			    rows[i].id, rule_status_name(x->status), x->reason,
			    rule_status_name(rows[i].want), rows[i].reason);
		if (x->nev == 0)
			fail_msg("%s: no evidence", rows[i].why);
		rules_report_release(&r);
		if (rows[i].facts != NULL)
			rules_facts_release(&f);
		cJSON_Delete(filing);
	}
}

/*
 * Art. 15 para. 1: a filing submitted after the due date fails, and the
 * sentence says by how many working days (counted by the caller).
 */
static void
test_rules__filed_late(void **state)
{
	static const struct {
		const char *why;
		int late;
		enum rule_status want;
		const char *reason;
	} lrows[] = {
		{ "on time", -1, RULE_PASS, "filed" },
		{ "124 working days late", 124, RULE_FAIL, "filed_late" },
		{ "one day late", 1, RULE_FAIL, "filed_late" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(lrows); i++) {
		struct rules_ctx c;
		struct rules_report r;
		const struct rule_result *x;
		cJSON *filing = cJSON_Parse(FILING("", ",\"filing\":{"
		    "\"reached_date\":\"2026-01-05\"}"));

		rules_ctx_init(&c);
		c.today = fr_date_from_ymd(2026, 11, 20);
		c.filing = filing;
		c.schema = schema;
		c.reached = fr_date_from_ymd(2026, 1, 5);
		c.due = fr_date_from_ymd(2026, 2, 13);
		c.filed_date = fr_date_from_ymd(2026, 8, 20);
		c.filed_on = c.filed_date;
		c.filed_late_days = lrows[i].late;
		rules_run(&c, &r);
		x = find(&r, "art15.filing", -1);
		assert_non_null(x);
		if (x->status != lrows[i].want ||
		    strcmp(x->reason, lrows[i].reason) != 0)
			fail_msg("%s: %s (%s)", lrows[i].why,
			    rule_status_name(x->status), x->reason);
		if (lrows[i].late > 0) {
			char n[32];

			snprintf(n, sizeof n, "%d working day", lrows[i].late);
			assert_non_null(x->say[1]);
			assert_non_null(strstr(x->say[1], n));
		}
		rules_report_release(&r);
		cJSON_Delete(filing);
	}
}

/* Art. 11 is advice, never a failure. */
static void
test_rules__advice(void **state)
{
	struct rules_ctx c;
	struct rules_report r;
	cJSON *filing = cJSON_Parse(FILING("", ""));
	cJSON *used = cJSON_Parse(FILING(",\"national_identity_channel\":true",
	    ""));
	size_t k;

	(void)state;
	rules_ctx_init(&c);
	c.today = fr_date_from_ymd(2026, 11, 20);
	c.schema = schema;
	c.filing = filing;
	rules_run(&c, &r);
	assert_int_equal(r.nadvice, 1);
	assert_string_equal(r.advice[0].code, "art11.national_channels");
	for (k = 0; k < r.n; k++)
		assert_string_not_equal(r.v[k].article, "11");
	rules_report_release(&r);
	c.filing = used;
	rules_run(&c, &r);
	assert_int_equal(r.nadvice, 0);
	rules_report_release(&r);
	cJSON_Delete(filing);
	cJSON_Delete(used);
}

/*
 * Citations: every rule in forms/rules.json cites a provision of
 * forms/articles.json whose words contain what the rule claims, under
 * the rule's own article; documents cite through that file.
 */
static void
test_rules__citations(void **state)
{
	char *rt = NULL, *at = NULL;
	size_t rl, al, k;
	cJSON *rules, *arts;
	const cJSON *r, *c, *p, *hit;
	char want[8];

	(void)state;
	assert_int_equal(fr_read_file("forms/rules.json", 0, &rt, &rl), FR_OK);
	assert_int_equal(fr_read_file("forms/articles.json", 0, &at, &al),
	    FR_OK);
	rules = cJSON_Parse(rt);
	arts = cJSON_Parse(at);
	assert_non_null(rules);
	assert_non_null(arts);
	for (k = 0; rules_ids[k] != NULL; k++) {
		r = cJSON_GetObjectItem(cJSON_GetObjectItem(rules, "rules"),
		    rules_ids[k]);
		c = cJSON_GetObjectItem(r, "cite");
		hit = NULL;
		cJSON_ArrayForEach(p, cJSON_GetObjectItem(arts, "provisions")) {
			if (cJSON_GetObjectItem(p, "article")->valueint !=
			    cJSON_GetObjectItem(c, "article")->valueint)
				continue;
			if (!cJSON_Compare(cJSON_GetObjectItem(p, "paragraph"),
			    cJSON_GetObjectItem(c, "paragraph"), 1) ||
			    !cJSON_Compare(cJSON_GetObjectItem(p, "item"),
			    cJSON_GetObjectItem(c, "item"), 1))
				continue;
			hit = p;
		}
		if (hit == NULL)
			fail_msg("%s: cites no provision of articles.json",
			    rules_ids[k]);
		if (strstr(cJSON_GetStringValue(cJSON_GetObjectItem(hit, "en")),
		    cJSON_GetStringValue(cJSON_GetObjectItem(c, "words"))) ==
		    NULL)
			fail_msg("%s: %s does not say \"%s\"", rules_ids[k],
			    cJSON_GetStringValue(cJSON_GetObjectItem(
			    cJSON_GetObjectItem(hit, "ref"), "en")),
			    cJSON_GetStringValue(cJSON_GetObjectItem(c,
			    "words")));
		/* The rule's article, its id and its citation agree. */
		snprintf(want, sizeof want, "%d",
		    cJSON_GetObjectItem(c, "article")->valueint);
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(r,
		    "article")), want);
		assert_string_equal(rules_article_of(rules_ids[k]), want);
	}
	cJSON_Delete(rules);
	cJSON_Delete(arts);
	free(rt);
	free(at);
}

/* The compliant fixture passes everything it can. */
static void
test_rules__compliant(void **state)
{
	struct rules_ctx c;
	struct rules_report r;
	struct risk_input in;
	cJSON *filing = cJSON_Parse(FILING("", ""));
	size_t k;

	(void)state;
	rules_ctx_init(&c);
	c.today = fr_date_from_ymd(2026, 11, 20);
	c.filing = filing;
	c.schema = schema;
	rules_run(&c, &r);
	for (k = 0; k < r.n; k++)
		if (r.v[k].status == RULE_FAIL)
			fail_msg("%s fails (%s)", r.v[k].id, r.v[k].reason);
	rules_risk_input(&c, &r, 0, 0, &in);
	assert_int_equal(in.subjects, 5000);
	assert_int_equal(in.art14_missing, 0);
	assert_int_equal(in.physical_access, 1);
	assert_int_equal(in.measures_complete, 1);
	rules_report_release(&r);
	cJSON_Delete(filing);
}

static void
test_rules__facts_schema(void **state)
{
	struct rules_facts_doc f;
	struct fr_diags d;
	static const char *bad[] = {
		"{\"schema\":\"frmatch-facts/2\",\"individuals\":1}",
		"{\"individuals\":1}",
		"{\"schema\":\"frmatch-facts/1\"}",
		"{\"schema\":\"frmatch-facts/1\",\"individuals\":-1}",
		"[1,2]",
		"{\"schema\":",
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(bad); i++) {
		fr_diags_init(&d);
		assert_int_not_equal(rules_facts_parse(&f, "x.json", bad[i],
		    strlen(bad[i]), &d), FR_OK);
		assert_true(d.n >= 1);
		fr_diags_release(&d);
	}
}

/* Every rule the code knows has its prose in forms/rules.json. */
static void
test_rules__catalogue(void **state)
{
	void *cat = NULL;
	struct fr_diags d;
	char path[] = "/tmp/test_rules.XXXXXX";
	int fd;
	static const char broken[] = "{\"rules\":{},\"owners\":{}}";

	(void)state;
	fr_diags_init(&d);
	assert_int_equal(assess_catalogue_load("forms/rules.json", &cat, &d),
	    FR_OK);
	assert_int_equal(d.n, 0);
	assess_catalogue_free(cat);

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, broken, sizeof broken - 1),
	    (ssize_t)(sizeof broken - 1));
	close(fd);
	assert_int_equal(assess_catalogue_load(path, &cat, &d), FR_EFORMAT);
	assert_null(cat);
	assert_true(d.n > 27);	/* every rule, reason and adjustment */
	unlink(path);
	fr_diags_release(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules__table),
		cmocka_unit_test(test_rules__compliant),
		cmocka_unit_test(test_rules__facts_schema),
		cmocka_unit_test(test_rules__catalogue),
		cmocka_unit_test(test_rules__filed_late),
		cmocka_unit_test(test_rules__advice),
		cmocka_unit_test(test_rules__citations),
	};
	int rc;

	if (fr_schema_load("forms", &schema, NULL) != FR_OK)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	fr_schema_free(schema);
	return rc;
}
