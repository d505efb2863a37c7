#!/usr/bin/env python3
# fmtmpl.py — test templates for frmatch's CLI tests.
#   fmtmpl.py OUT DIM BASE_SEED [NOISE_SEED] [json|raw]
# Person BASE_SEED's vector (Gaussian), plus small noise when NOISE_SEED
# is given (a new capture of the same face); written as a JSON array or
# raw little-endian float32.
import json
import random
import struct
import sys

out, dim, base = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
noise = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[4] != "-" else None
fmt = sys.argv[5] if len(sys.argv) > 5 else "json"
r = random.Random(base)
v = [r.gauss(0, 1) for _ in range(dim)]
if noise is not None:
    n = random.Random(noise * 7919 + base)
    v = [x + n.gauss(0, 0.25) for x in v]
if fmt == "raw":
    open(out, "wb").write(struct.pack("<%df" % dim, *v))
else:
    json.dump(v, open(out, "w"))
