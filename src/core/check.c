/*
 * check.c — the rules of `frfile check` (the monitoring-plugin states):
 *
 *   nothing recorded                     UNKNOWN
 *   below the line                       OK, WARNING from --warn-count
 *   line reached, not yet submitted      due date named; WARNING at most -w
 *                                        working days left, CRITICAL at most
 *                                        -c left or overdue
 *   submitted, waiting                   OK; WARNING once the 15-working-day
 *                                        review has passed with no result
 *   returned for improvement             due in 10 working days, -w/-c
 *   completed                            OK; a later count in another band
 *                                        than the filed figure: amendment
 *                                        due in 30 working days (Art. 15)
 *   changed after completion             amendment due in 30 working days
 *   terminated                           cancellation due in 30 working days
 *   review failed                        CRITICAL: a new filing is needed
 *
 * and in every state, at least WARNING: a due date counted on a calendar
 * year that is not loaded (Monday to Friday, provisional, naming the year
 * to import); a latest count older than --max-age days; a failed count
 * after the latest one; a device whose audit log went back. Every message
 * is built in English and in Chinese (chat alerts default to Chinese).
 */
#include "core/check.h"
#include "core/date.h"

#include <stdlib.h>
#include <string.h>

void
fr_check_opts_init(struct fr_check_opts *o, int today)
{
	memset(o, 0, sizeof *o);
	o->today = today;
	o->warn_days = FR_CHECK_WARN_DAYS;
	o->crit_days = FR_CHECK_CRIT_DAYS;
	o->max_age_days = FR_CHECK_MAX_AGE;
	o->assume_weekends = 1;
}

const char *
fr_check_state_name(enum fr_check_state s)
{
	switch (s) {
	case FR_CHECK_OK:	return "OK";
	case FR_CHECK_WARNING:	return "WARNING";
	case FR_CHECK_CRITICAL:	return "CRITICAL";
	case FR_CHECK_UNKNOWN:	return "UNKNOWN";
	}
	return "UNKNOWN";
}

void
fr_check_result_release(struct fr_check_result *r)
{
	if (r == NULL)
		return;
	free(r->message);
	free(r->message_zh);
	r->message = r->message_zh = NULL;
}

/* Sets the state and both messages, freeing the old ones; takes msg and zh. */
static void
set(struct fr_check_result *r, enum fr_check_state st, char *msg, char *zh)
{
	r->state = st;
	free(r->message);
	free(r->message_zh);
	r->message = msg;
	r->message_zh = zh;
}

/*
 * Adds a finding to the message ("; " in English, "；" in Chinese) and
 * raises the state to at least st.
 */
static void
add(struct fr_check_result *r, enum fr_check_state st, char *en, char *zh)
{
	char *m;

	if (r->state == FR_CHECK_OK || (r->state != FR_CHECK_UNKNOWN &&
	    st == FR_CHECK_CRITICAL))
		r->state = st;
	m = fr_xasprintf("%s; %s", r->message, en);
	free(r->message);
	r->message = m;
	m = fr_xasprintf("%s；%s", r->message_zh, zh);
	free(r->message_zh);
	r->message_zh = m;
	free(en);
	free(zh);
}

/* "2025-07-22 (Tuesday)" into buf. */
static const char *
day(int date, char buf[32])
{
	char d[FR_DATE_LEN];

	snprintf(buf, 32, "%s (%s)", fr_date_format(date, d),
	    fr_weekday_name(fr_date_weekday(date)));
	return buf;
}

/* "2025-07-22（星期二）" into buf. */
static const char *
day_zh(int date, char buf[48])
{
	char d[FR_DATE_LEN];

	snprintf(buf, 48, "%s（%s）", fr_date_format(date, d),
	    fr_weekday_name_zh(fr_date_weekday(date)));
	return buf;
}

/*
 * A deadline that applies now: the -w/-c thresholds on the working days
 * left, CRITICAL once overdue. context says why the deadline exists. A
 * year that is not loaded is counted Monday to Friday (provisional).
 */
static int
due_state(struct fr_calendar *cal, const struct fr_check_opts *o,
    enum fr_dl_event ev, int from, const char *phase, const char *what,
    const char *what_zh, const char *context, const char *context_zh,
    struct fr_check_result *r)
{
	struct fr_deadline dl;
	char b[32], bz[48];
	int left, rc;

	rc = fr_deadline(cal, ev, from, 1, &dl);
	if (rc != FR_OK)
		return rc;
	r->provisional |= dl.provisional;
	rc = fr_cal_workdays_between(cal, o->today, dl.due, 1, &left,
	    &r->provisional);
	if (rc != FR_OK)
		return rc;
	r->has_due = 1;
	r->due_event = ev;
	r->due_from = from;
	r->due = dl.due;
	r->workdays_left = left;
	r->phase = phase;
	if (o->today > dl.due) {
		/* The due date is itself a working day, so left < 0 here
		 * except on a weekend right after it. */
		r->overdue = 1;
		if (left >= 0) {
			/* No working day yet since: overdue all the same. */
			set(r, FR_CHECK_CRITICAL, fr_xasprintf("%s overdue: "
			    "was due %s; %s", what, day(dl.due, b), context),
			    fr_xasprintf("%s已逾期：截止日期为%s；%s", what_zh,
			    day_zh(dl.due, bz), context_zh));
			return FR_OK;
		}
		set(r, FR_CHECK_CRITICAL, fr_xasprintf("%s overdue by %d "
		    "working day%s: was due %s; %s", what, -left,
		    left == -1 ? "" : "s", day(dl.due, b), context),
		    fr_xasprintf("%s已逾期%d个工作日：截止日期为%s；%s", what_zh,
		    -left, day_zh(dl.due, bz), context_zh));
		return FR_OK;
	}
	set(r, left <= o->crit_days ? FR_CHECK_CRITICAL :
	    left <= o->warn_days ? FR_CHECK_WARNING : FR_CHECK_OK,
	    fr_xasprintf("%s due %s, %d working day%s left%s; %s", what,
	    day(dl.due, b), left, left == 1 ? "" : "s",
	    dl.rule == FR_DL_GRACE ? " (the 2025-07-14 rule for counts "
	    "reached before 2025-06-01)" : "", context),
	    fr_xasprintf("%s截止日期%s，剩余%d个工作日%s；%s", what_zh,
	    day_zh(dl.due, bz), left, dl.rule == FR_DL_GRACE ?
	    "（2025年6月1日前已达到数量的，于2025年7月14日前备案）" : "",
	    context_zh));
	return FR_OK;
}

/* How the crossing day is known, for the status line. */
static char *
crossing_text(const struct fr_ledger_state *s, int zh)
{
	char d[FR_DATE_LEN], e[FR_DATE_LEN], f[FR_DATE_LEN];

	fr_date_format(s->crossing_date, d);
	switch (s->crossing_how) {
	case FR_CROSS_EARLIEST:
		fr_date_format(s->last_below_date, e);
		fr_date_format(s->first_over_date, f);
		return zh ? fr_xasprintf("存储数量最早于%s达到%lld人（确切日期"
		    "不明：最后一次低于该数的计数在%s，首次达到在%s）", d,
		    s->threshold, e, f) : fr_xasprintf("the %lld line was "
		    "reached on %s at the earliest (exact day unknown: last "
		    "count below on %s, first at or over on %s)", s->threshold,
		    d, e, f);
	case FR_CROSS_FIRST_SEEN:
		return zh ? fr_xasprintf("存储数量至迟于%s达到%lld人（此前无"
		    "低于该数的计数，实际日期可能更早）", d, s->threshold) :
		    fr_xasprintf("the %lld line was reached by %s (no earlier "
		    "count below it; the day may be earlier)", s->threshold, d);
	case FR_CROSS_RECORDED:
		return zh ? fr_xasprintf("存储数量于%s达到%lld人（已记录）", d,
		    s->threshold) : fr_xasprintf("the %lld line was reached "
		    "on %s (recorded)", s->threshold, d);
	default:
		return zh ? fr_xasprintf("存储数量于%s达到%lld人", d,
		    s->threshold) : fr_xasprintf("the %lld line was reached "
		    "on %s", s->threshold, d);
	}
}

/* The filed figure's band, "100000 to 999999" or "10000000 or more". */
static char *
band_text(const struct fr_ledger_state *s, int zh)
{
	if (s->band_hi < 0)
		return fr_xasprintf(zh ? "%.0f人及以上" : "%.0f or more",
		    s->band_lo);
	return fr_xasprintf(zh ? "%.0f至%.0f人" : "%.0f to %.0f", s->band_lo,
	    s->band_hi - 1);
}

/* The primary state: where the filing stands. */
/* Submitted: the authority's review runs, or has run out unanswered. */
static int
submitted(struct fr_calendar *cal, const struct fr_ledger_state *s,
    const struct fr_check_opts *o, struct fr_check_result *r, const char *d1)
{
	char b[32], bz[48];
	struct fr_deadline dl;
	int rc, left;

	rc = fr_deadline(cal, FR_DL_SUBMITTED, s->status_date,
	    1, &dl);
	if (rc == FR_OK)
		rc = fr_cal_workdays_between(cal, o->today,
		    dl.due, 1, &left, &r->provisional);
	if (rc != FR_OK)
		return rc;
	r->provisional |= dl.provisional;
	r->has_due = 1;
	r->due_event = FR_DL_SUBMITTED;
	r->due_from = s->status_date;
	r->due = dl.due;
	r->workdays_left = left;
	r->phase = "under_review";
	if (o->today > dl.due) {
		r->phase = "review_overdue";
		set(r, FR_CHECK_WARNING, fr_xasprintf("filing "
		    "submitted on %s; the authority's "
		    "15-working-day review ended %s with no "
		    "result recorded (frfile event completed, "
		    "returned or failed)", d1, day(dl.due, b)),
		    fr_xasprintf("备案材料已于%s提交；主管部门"
		    "15个工作日的审核期已于%s届满，尚未记录审核"
		    "结果", d1, day_zh(dl.due, bz)));
	} else
		set(r, FR_CHECK_OK, fr_xasprintf("filing "
		    "submitted on %s, under review until %s",
		    d1, day(dl.due, b)), fr_xasprintf("备案材料"
		    "已于%s提交，审核期至%s", d1,
		    day_zh(dl.due, bz)));
	return FR_OK;
}

/* Below the line: OK, or a warning at the warning count or with no count. */
static int
below(const struct fr_ledger_state *s, const struct fr_check_opts *o,
    struct fr_check_result *r)
{
	const char *part = s->latest_partial ? " (partial count)" : "";
	const char *partz = s->latest_partial ? "（部分计数）" : "";
	char d1[FR_DATE_LEN];

	fr_date_format(s->latest_date, d1);
	r->phase = "below";
	if (s->nobs == 0) {
		r->stale = 1;
		set(r, FR_CHECK_WARNING, fr_xstrdup("no count recorded "
		    "(frfile count --record, or frfile record N)"),
		    fr_xstrdup("台账中没有计数记录"));
	} else if (o->warn_count > 0 &&
	    s->latest_individuals >= o->warn_count)
		set(r, FR_CHECK_WARNING, fr_xasprintf("%lld "
		    "individuals on %s%s, at or over the warning "
		    "count %lld, below the %lld line",
		    s->latest_individuals, d1, part, o->warn_count,
		    s->threshold), fr_xasprintf("%s存储%lld人%s，已达到"
		    "预警数%lld，未达到%lld人", d1,
		    s->latest_individuals, partz, o->warn_count,
		    s->threshold));
	else
		set(r, FR_CHECK_OK, fr_xasprintf("%lld individuals on "
		    "%s%s, below the %lld line", s->latest_individuals,
		    d1, part, s->threshold), fr_xasprintf("%s存储%lld人"
		    "%s，未达到%lld人", d1, s->latest_individuals,
		    partz, s->threshold));
	return FR_OK;
}

/*
 * Sets r from the phase the ledger is in: below the line, filing due,
 * submitted, returned, completed, amendment or cancellation due, or failed.
 * FR_OK, or the error of counting a due date; fr_check adds the other
 * warnings.
 */
static int
primary(struct fr_calendar *cal, const struct fr_ledger_state *s,
    const struct fr_check_opts *o, struct fr_check_result *r)
{
	char d1[FR_DATE_LEN], b[32], *ctx = NULL, *ctxz = NULL;
	int rc = FR_OK;

	if (s->has_status) {
		fr_date_format(s->status_date, d1);
		switch (s->status) {
		case FR_EV_SUBMITTED:
			return submitted(cal, s, o, r, d1);
		case FR_EV_RETURNED:
			ctx = fr_xasprintf("returned for improvement on %s", d1);
			ctxz = fr_xasprintf("%s退回补正", d1);
			rc = due_state(cal, o, FR_DL_RETURNED, s->status_date,
			    "returned", "supplement", "补正材料", ctx, ctxz, r);
			goto out;
		case FR_EV_COMPLETED:
			/*
			 * Art. 15 para. 1 item 3 and para. 2: the stored
			 * quantity is filed; a count in another band is a
			 * substantive change, amended within 30 working days.
			 */
			if (s->band_changed) {
				char *bt = band_text(s, 0), *btz = band_text(s, 1);

				r->amendment = 1;
				ctx = fr_xasprintf("filing completed on %s with "
				    "%lld individuals (band %s); the count of "
				    "%s, %lld, is in another band", d1,
				    s->filed_individuals, bt,
				    fr_date_format(s->band_seen_date, b),
				    s->band_seen_individuals);
				ctxz = fr_xasprintf("已于%s完成备案，备案数量"
				    "%lld人（区间%s）；%s的计数%lld人已落入另一"
				    "区间", d1, s->filed_individuals, btz,
				    fr_date_format(s->band_seen_date, b),
				    s->band_seen_individuals);
				free(bt);
				free(btz);
				rc = due_state(cal, o, FR_DL_CHANGE,
				    s->band_change_date, "amendment_due",
				    "amendment", "变更备案", ctx, ctxz, r);
				goto out;
			}
			r->phase = "completed";
			if (s->filed_individuals >= 0)
				set(r, FR_CHECK_OK, fr_xasprintf("filing "
				    "completed on %s with %lld individuals",
				    d1, s->filed_individuals), fr_xasprintf(
				    "已于%s完成备案，备案数量%lld人", d1,
				    s->filed_individuals));
			else
				set(r, FR_CHECK_OK, fr_xasprintf("filing "
				    "completed on %s", d1), fr_xasprintf(
				    "已于%s完成备案", d1));
			return FR_OK;
		case FR_EV_FAILED:
			r->phase = "failed";
			set(r, FR_CHECK_CRITICAL, fr_xasprintf("filing review "
			    "failed on %s: a new filing is needed", d1),
			    fr_xasprintf("备案于%s审核未通过：需重新备案", d1));
			return FR_OK;
		case FR_EV_CHANGED:
			/*
			 * Art. 15: a change to filed information is amended
			 * within 30 working days. Before any completed filing
			 * the original filing is still what is due.
			 */
			if (s->completed_date < 0 && s->crossed)
				break;
			ctx = fr_xasprintf("substantive change on %s", d1);
			ctxz = fr_xasprintf("%s发生实质性变更", d1);
			rc = due_state(cal, o, FR_DL_CHANGE, s->status_date,
			    "amendment_due", "amendment", "变更备案", ctx, ctxz,
			    r);
			goto out;
		case FR_EV_TERMINATED:
			/* Art. 15: cancel within 30 working days. */
			ctx = fr_xasprintf("application terminated on %s", d1);
			ctxz = fr_xasprintf("%s终止应用", d1);
			rc = due_state(cal, o, FR_DL_TERMINATION,
			    s->status_date, "cancellation_due", "cancellation",
			    "注销备案", ctx, ctxz, r);
			goto out;
		case FR_EV_NKINDS:
			break;
		}
	}
	if (!s->crossed)
		return below(s, o, r);
	ctx = crossing_text(s, 0);
	ctxz = crossing_text(s, 1);
	rc = due_state(cal, o, FR_DL_REACHED, s->crossing_date, "filing_due",
	    "filing", "备案", ctx, ctxz, r);
out:
	free(ctx);
	free(ctxz);
	return rc;
}

int
fr_check(struct fr_calendar *cal, const struct fr_ledger_state *s,
    const struct fr_check_opts *o, struct fr_check_result *r)
{
	char d1[FR_DATE_LEN];
	int rc;

	memset(r, 0, sizeof *r);
	r->individuals = s->latest_date >= 0 ? s->latest_individuals : -1;
	r->phase = "none";
	r->count_age = s->latest_date >= 0 ? o->today - s->latest_date : -1;
	cal->missing_year = 0;
	cal->assumed_year = 0;
	if (s->nobs == 0 && !s->has_status && s->failed_date < 0) {
		set(r, FR_CHECK_UNKNOWN, fr_xstrdup("nothing recorded in the "
		    "ledger yet (frfile record N)"),
		    fr_xstrdup("台账中尚无记录"));
		return FR_OK;
	}
	if ((rc = primary(cal, s, o, r)) != FR_OK)
		return rc;
	/*
	 * A due date on a year whose notice is not loaded is only a guess:
	 * never OK, and the year to load is named.
	 */
	if (r->provisional) {
		r->missing_year = cal->assumed_year;
		add(r, FR_CHECK_WARNING, fr_xasprintf("provisional: calendar "
		    "year %d is not loaded and was counted Monday to Friday; "
		    "load it with 'frfile calendar fetch --year %d'",
		    r->missing_year, r->missing_year), fr_xasprintf("暂定："
		    "%d年节假日安排未载入，按周一至周五计算；请载入"
		    "（frfile calendar fetch --year %d）", r->missing_year,
		    r->missing_year));
	}
	if (s->failed_date >= 0) {
		r->count_failed = 1;
		fr_date_format(s->failed_date, d1);
		add(r, FR_CHECK_WARNING, fr_xasprintf("the last count, on %s, "
		    "failed: %s", d1, s->failed_reason ? s->failed_reason :
		    "no reason recorded"), fr_xasprintf("%s的计数失败：%s", d1,
		    s->failed_reason ? s->failed_reason : "未记录原因"));
	}
	/* After a completed filing a stale count can hide an amendment. */
	if (o->max_age_days > 0 && s->latest_date >= 0 &&
	    r->count_age > o->max_age_days) {
		r->stale = 1;
		fr_date_format(s->latest_date, d1);
		add(r, FR_CHECK_WARNING, fr_xasprintf("the latest count is %d "
		    "days old (%s; older than %d days)", r->count_age, d1,
		    o->max_age_days), fr_xasprintf("最近一次计数已过去%d天（%s，"
		    "超过%d天）", r->count_age, d1, o->max_age_days));
	} else if (o->max_age_days > 0 && s->nobs == 0 && !r->stale) {
		r->stale = 1;
		add(r, FR_CHECK_WARNING, fr_xstrdup("no count recorded"),
		    fr_xstrdup("台账中没有计数记录"));
	}
	/* Art. 9 and 14: a store whose audit log went back was rolled back. */
	if (s->rollbacks > 0) {
		const struct fr_device_audit *a = s->rollback_before,
		    *b = s->rollback_now;
		char d2[FR_DATE_LEN];

		r->rollbacks = s->rollbacks;
		fr_date_format(a->date, d1);
		fr_date_format(b->date, d2);
		add(r, FR_CHECK_WARNING, fr_xasprintf("%zu device%s audit "
		    "log went back: %s (store %.16s) had %lld entries on %s "
		    "and %lld%s on %s (the store was rolled back or replaced)",
		    s->rollbacks, s->rollbacks == 1 ? "'s" : "s'",
		    b->device ? b->device : "-", b->store_id, a->entries, d1,
		    b->entries, b->entries == a->entries ? " under another "
		    "head" : "", d2), fr_xasprintf("%zu台设备的审计日志出现回退："
		    "%s（存储%.16s）%s有%lld条记录，%s为%lld条%s（存储被回滚或"
		    "替换）", s->rollbacks, b->device ? b->device : "-",
		    b->store_id, d1, a->entries, d2, b->entries,
		    b->entries == a->entries ? "且哈希链头不同" : ""));
	}
	return FR_OK;
}

char *
fr_check_line(const struct fr_check_result *r)
{
	char ind[32], left[32];

	if (r->individuals >= 0)
		snprintf(ind, sizeof ind, "%lld", r->individuals);
	else
		snprintf(ind, sizeof ind, "U");
	if (r->has_due)
		snprintf(left, sizeof left, "%d", r->workdays_left);
	else
		snprintf(left, sizeof left, "U");
	return fr_xasprintf("FRFILE %s: %s | individuals=%s workdays_left=%s",
	    fr_check_state_name(r->state), r->message ? r->message : "",
	    ind, left);
}
