# variant.py IN OUT STATEMENT... — write a variant of a JSON file for the
# CLI tests: each STATEMENT is Python run with the document bound to `d`,
# e.g. "d['applications'][0]['retention_days'] = None".
import json
import sys

d = json.load(open(sys.argv[1], encoding="utf-8"))
for stmt in sys.argv[3:]:
    exec(stmt)
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump(d, f, ensure_ascii=False, indent=2)
