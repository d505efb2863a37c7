#!/bin/sh
# --accept-risk: the duties of the Measures are remedied, never accepted.
# A rule id is refused, naming its article, and nothing is written; what
# can be accepted is an application's residual risk (risk.<id>), with who
# accepted it, when and why. Each row: the argument, the exit, the line.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

variant "d['security_measures']['intrusion_detection']['implemented'] = False"
while IFS='|' read -r ids code pattern; do
	expect_exit "$code" "$FRFILE" assess "$T/f.json" --today $TODAY \
	    --json --accept-risk "$ids" --accepted-by 林秋远 \
	    --accept-reason 'residual risk within appetite'
	expect_match "$T/err" "$pattern"
	[ -s "$T/out" ] && fail "$ids: output written although refused"
done <<'ROWS'
art7.guardian_consent|2|art7\.guardian_consent is a duty under Art\. 7 of the Measures
art8.retention|2|art8\.retention is a duty under Art\. 8 of the Measures
art14.intrusion_detection|2|duty under Art\. 14 of the Measures; a duty is remedied, not accepted
risk.office-access,art15.filing|2|art15\.filing is a duty under Art\. 15
art99.nothing|2|'art99\.nothing' is not risk\.<application id>
risk.no-such-app|2|the filing has no application with id 'no-such-app'
ROWS

# The acceptance needs who and why.
expect_exit 2 "$FRFILE" assess "$T/f.json" --today $TODAY \
    --accept-risk risk.office-access
expect_match "$T/err" 'needs --accepted-by NAME and --accept-reason TEXT'
expect_exit 2 "$FRFILE" assess "$T/f.json" --today $TODAY --accepted-by x
expect_match "$T/err" 'go with --accept-risk'

# Accepted residual risk: recorded with who, when and why; the failing
# duty stays a failure (exit 1) with a dated treatment.
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json \
    --accept-risk risk.visitor-reception --accepted-by 林秋远 \
    --accept-reason '残余风险在可接受范围内'
expect_eq 1 "$(jv "$T/out" '.acceptances|length')"
expect_eq 林秋远 "$(jv "$T/out" '.acceptances[0].accepted_by')"
expect_eq $TODAY "$(jv "$T/out" '.acceptances[0].date')"
expect_eq 2 "$(jv "$T/out" '.acceptances[0].application')"
expect_eq 残余风险在可接受范围内 "$(jv "$T/out" '.acceptances[0].reason')"
expect_eq treat "$(json_get "$T/out" "[t['decision'] for t in d['treatment'] if t['rule']=='art14.intrusion_detection'][0]")"
expect_eq 2026-12-28 "$(json_get "$T/out" "[t['deadline'] for t in d['treatment'] if t['rule']=='art14.intrusion_detection'][0]")"
expect_eq 0 "$(json_get "$T/out" "len([t for t in d['treatment'] if t['decision']!='treat'])")"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY \
    --accept-risk risk.visitor-reception --accepted-by 林秋远 \
    --accept-reason 'within appetite'
expect_match "$T/out" '^residual risk accepted: +\[2 .*by 林秋远 on 2026-11-28: within appetite'
# --accept-risk is a shorthand for frfile review --conclusion accept: each
# acceptance above went into the review file beside the filing; the
# refused ones wrote nothing there.
expect_eq 2 "$(json_get "$T/f.reviews.json" "len(d['reviews'])")"
expect_eq "accept accept" "$(json_get "$T/f.reviews.json" "' '.join(r['conclusion'] for r in d['reviews'])")"
expect_eq 600 "$(stat -c %a "$T/f.reviews.json")"
