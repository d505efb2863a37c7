#!/bin/sh
# Facts from frmatch: the stored quantity is the distinct persons over
# several keyed files (a person on two devices counts once, persons
# deleted before today do not count); files without keys are added and
# the documents say so; keys from different secrets are refused.
. "$(dirname "$0")/lib.sh"

python3 - "$T" <<'PY'
import hashlib, json, sys
t = sys.argv[1]
def key(i):
    return hashlib.sha256(b"person-%d" % i).hexdigest()
def facts(device, persons, keyed=True, secret="a1b2c3d4e5f60708"):
    d = {"schema": "frmatch-facts/1", "store_id": hashlib.md5(device.encode()).hexdigest(),
         "device": device, "generated_at": "2026-11-27T09:00:00+08:00", "dimension": 512,
         "individuals": sum(1 for p in persons if p[2] is None), "templates": len(persons),
         "minors_under_14": 0, "minors_without_guardian_consent": 0,
         "raw_images_stored": False, "history": [],
         "protection": {"encryption": {"algorithm": "AES-256-GCM", "scope": "templates",
                        "key_storage": "separate key file"},
                        "audit_log": {"enabled": True, "entries": 10, "chain_verified": True}}}
    if keyed:
        d["keys"] = {"algorithm": "HMAC-SHA256", "secret_id": secret,
                     "persons": [{"key": key(i), "from": f, "until": u} for i, f, u in persons]}
    return d
a = [(i, "2024-01-03", None) for i in range(0, 60)] + [(1000, "2024-01-03", "2025-01-01")]
b = [(i, "2024-02-01", None) for i in range(40, 100)]
c = [(i, "2025-02-10", None) for i in range(500, 530)]
json.dump(facts("gate-hq-01", a), open(f"{t}/a.json", "w"))
json.dump(facts("gate-hq-02", b), open(f"{t}/b.json", "w"))
json.dump(facts("reception-kiosk-01", c), open(f"{t}/c.json", "w"))
json.dump(facts("gate-hq-02", b, keyed=False), open(f"{t}/b-nokeys.json", "w"))
json.dump(facts("gate-hq-02", b, secret="ffffffffffffffff"), open(f"{t}/b-other.json", "w"))
json.dump({"schema": "something-else/2"}, open(f"{t}/wrong.json", "w"))
PY

# 60 + 60 - 20 shared + 30 = 130 distinct persons stored now.
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/k" --today 2026-11-27 \
	--facts "$T/a.json" --facts "$T/b.json" --facts "$T/c.json" --json
expect_eq 130 "$(json_get "$T/out" "d['individuals']")" "distinct individuals"
expect_eq dedup_keys "$(json_get "$T/out" "d['count_method']")"
pdftotext -raw "$T/k/attachment-2-application-record.zh.pdf" - 2>/dev/null | tr -d ' \n' >"$T/t"
expect_match "$T/t" '存储人脸信息数量（人）130（按人员密钥去重）'
# Per application: office access has the two gates (100), reception 30.
expect_match "$T/t" '本应用存储人脸信息数量（人）100（按人员密钥去重）'
expect_match "$T/t" '本应用存储人脸信息数量（人）30'
expect_match "$T/t" '3个事实文件按人员密钥'
expect_match "$T/t" '五、设备端保护措施（取自frmatch事实文件）数据加密algorithm:AES-256-GCM'
json_get "$T/k/manifest.json" "[i['role'] for i in d['inputs']]" >"$T/roles"
expect_match "$T/roles" '"filing", "facts", "facts", "facts"'
pdftotext -raw "$T/k/attachment-5-letter-of-commitment.zh.pdf" - 2>/dev/null | tr -d ' \n' >"$T/l"
expect_match "$T/l" '存储的人脸信息数量为130人'

# One file without keys: cannot de-duplicate, so add and say so.
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/s" --today 2026-11-27 \
	--facts "$T/a.json" --facts "$T/b-nokeys.json" --lang en --json
expect_eq 120 "$(json_get "$T/out" "d['individuals']")" "60 distinct + 60 added"
expect_eq dedup_keys_and_sum "$(json_get "$T/out" "d['count_method']")"
expect_match "$T/err" 'not de-duplicated'
pdftotext "$T/s/attachment-2-application-record.en.pdf" - 2>/dev/null | tr '\n' ' ' >"$T/t"
expect_match "$T/t" 'partly de-duplicated by key, partly added'

expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/s2" --today 2026-11-27 \
	--facts "$T/b-nokeys.json" --facts "$T/b-nokeys.json" --lang en --json
expect_eq 120 "$(json_get "$T/out" "d['individuals']")"
expect_eq sum "$(json_get "$T/out" "d['count_method']")"
pdftotext "$T/s2/attachment-2-application-record.en.pdf" - 2>/dev/null | tr '\n' ' ' >"$T/t"
expect_match "$T/t" 'sum of their counts'

# Keys from another organisation secret cannot be compared.
expect_exit 3 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/x" \
	--facts "$T/a.json" --facts "$T/b-other.json"
expect_match "$T/err" 'b-other\.json: keys\.secret_id: .*organisation secret'
expect_exit 3 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/x" --facts "$T/wrong.json"
expect_match "$T/err" "wrong\.json: schema: unknown schema 'something-else/2', expected \"frmatch-facts/1\""
expect_exit 3 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/x" --facts "$T/none.json"
[ ! -e "$T/x" ] || [ -z "$(ls -A "$T/x")" ] || fail "output written after a facts error"

# Without facts the quantity is marked as not given.
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/n" --format pdf
pdftotext -raw "$T/n/attachment-2-application-record.zh.pdf" - 2>/dev/null | tr -d ' \n' >"$T/t"
expect_match "$T/t" '未提供'
exit 0
