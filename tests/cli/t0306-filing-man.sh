#!/bin/sh
# man/frfile-filing.5 documents every key of forms/schema.json: it is
# generated from the schema and forms and must be up to date; it lints
# clean; and every key the sample uses is documented.
. "$(dirname "$0")/lib.sh"

python3 "$top/scripts/gen-filing-man.py" >"$T/gen.5" || fail "generator failed"
cmp -s "$T/gen.5" "$top/man/frfile-filing.5" ||
	fail "man/frfile-filing.5 is stale: run python3 scripts/gen-filing-man.py > man/frfile-filing.5"
if command -v mandoc >/dev/null; then
	mandoc -T lint -W warning "$top/man/frfile-filing.5" >"$T/lint" 2>&1 ||
		{ cat "$T/lint" >&2; fail "mandoc -T lint"; }
fi
python3 - "$SAMPLES/filing.json" "$top/man/frfile-filing.5" <<'PY' || fail "undocumented keys"
import json, re, sys
def keys(v, p=""):
    out = set()
    if isinstance(v, dict):
        for k, x in v.items():
            q = (p + "." if p else "") + k
            out.add(q)
            out |= keys(x, q)
    elif isinstance(v, list):
        for x in v:
            if isinstance(x, (dict, list)):
                out |= keys(x, p + "[]")
    return out
man = set(re.findall(r"^\.It Ic (\S+)$", open(sys.argv[2], encoding="utf-8").read(), re.M))
missing = sorted(keys(json.load(open(sys.argv[1], encoding="utf-8"))) - man)
if missing:
    print(missing)
    sys.exit(1)
PY
