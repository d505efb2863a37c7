#!/bin/sh
# Facts from frmatch: the stored quantity is the distinct persons over
# several keyed files (a person on two devices counts once, persons
# deleted before today do not count); several files without keys are
# refused, never added; keys from different secrets are refused.
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
expect_eq 130 "$(jv "$T/out" '.stored.individuals')" "distinct individuals"
expect_eq facts "$(jv "$T/out" '.stored.from')"
pdftotext -raw "$T/k/attachment-2-application-record.zh.pdf" - 2>/dev/null | tr -d ' \n' >"$T/t"
expect_match "$T/t" '存储人脸信息数量（人）130数量统计截止日期2026年11月27日'
expect_match "$T/t" '对3台人脸识别设备中存储的人脸信息按个人去重统计'
# Per application: office access has the two gates (100), reception 30.
expect_match "$T/t" '本应用设备存储人脸信息数量（人）100'
expect_match "$T/t" '本应用设备存储人脸信息数量（人）30'
# Protection per device, in words: never summed, never a key.
expect_match "$T/t" '设备“gate-hq-01”：存储60人数据加密采用AES-256-GCM算法'
expect_match "$T/t" '安全审计审计日志已启用，10条记录，哈希链校验通过'
expect_no_match "$T/t" '20条记录'
json_get "$T/k/manifest.json" "[i['role'] for i in d['inputs']]" >"$T/roles"
expect_match "$T/roles" '"filing", "facts", "facts", "facts"'
pdftotext -raw "$T/k/attachment-5-letter-of-commitment.zh.pdf" - 2>/dev/null | tr -d ' \n' >"$T/l"
expect_match "$T/l" '存储的人脸信息数量为130人'

# Files without keys cannot be de-duplicated: refused, never summed.
expect_exit 3 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/s" --today 2026-11-27 \
	--facts "$T/a.json" --facts "$T/b-nokeys.json" --lang en
expect_match "$T/err" '2 facts files without person keys cannot be de-duplicated'
[ ! -e "$T/s" ] || fail "output written after a refused count"
# With the count given another way, such facts still serve the documents.
printf '{"individuals": 150, "complete": true, "date": "2026-11-27", "crossing_date": null, "sources": []}\n' >"$T/count.json"
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/s2" --today 2026-11-27 \
	--facts "$T/a.json" --facts "$T/b-nokeys.json" --count "$T/count.json" --lang en --json
expect_eq 150 "$(jv "$T/out" '.stored.individuals')"

# Keys from another organisation secret cannot be compared.
expect_exit 3 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/x" \
	--facts "$T/a.json" --facts "$T/b-other.json"
expect_match "$T/err" 'b-other\.json: keys\.secret_id: .*organisation secret'
expect_exit 3 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/x" --facts "$T/wrong.json"
expect_match "$T/err" "wrong\.json: schema: unknown schema 'something-else/2', expected \"frmatch-facts/1\""
expect_exit 3 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/x" --facts "$T/none.json"
[ ! -e "$T/x" ] || [ -z "$(ls -A "$T/x")" ] || fail "output written after a facts error"

# Without a count the draft says so in words (never a flag) and warns.
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/n" --format pdf
expect_match "$T/err" 'warning: no stored count'
pdftotext -raw "$T/n/attachment-2-application-record.zh.pdf" - 2>/dev/null | tr -d ' \n' >"$T/t"
expect_match "$T/t" '存储人脸信息数量（人）尚未统计（提交前须统计）'
expect_no_match "$T/t" '--|frmatch'
exit 0
