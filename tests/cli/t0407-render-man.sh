#!/bin/sh
# The render example of frfile(1) runs as printed, against the sample
# filing and two devices' facts, and the manual page stays lint-clean.
. "$(dirname "$0")/lib.sh"

page=$top/man/frfile.1
mandoc -T lint -W warning "$page" >"$T/lint" 2>&1 || { cat "$T/lint" >&2; fail "mandoc -T lint"; }
# The example is a literal block: join its continuation lines.
sed -n '/^\.Sh EXAMPLES/,/^\.Sh /p' "$page" |
	awk '/^frfile render/ { cmd = $0; while (cmd ~ /\\e$/) { sub(/\\e$/, "", cmd);
		getline more; cmd = cmd more } print cmd }' >"$T/example"
expect_lines "$T/example" 1
mkdir -p "$T/work" && cd "$T/work" || fail "cd"
cp "$SAMPLES/filing.json" filing.json
python3 - <<'PY'
import hashlib, json
for dev, rng in (("gate-01", range(0, 50)), ("gate-02", range(30, 70))):
    json.dump({"schema": "frmatch-facts/1", "device": dev, "individuals": len(rng),
               "keys": {"algorithm": "HMAC-SHA256", "secret_id": "0123456789abcdef",
                        "persons": [{"key": hashlib.sha256(b"%d" % i).hexdigest(),
                                     "from": "2025-01-01", "until": None} for i in rng]}},
              open(dev + ".json", "w"))
PY
# shellcheck disable=SC2046
expect_exit 0 env PATH="$BUILD:$PATH" $(cat "$T/example") --json
expect_eq 70 "$(jv "$T/out" '.stored.individuals')" "distinct individuals"
[ -f package/attachment-5-letter-of-commitment.zh-en.pdf ] || fail "letter not written"
exit 0
