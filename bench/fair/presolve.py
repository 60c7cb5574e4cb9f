#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Fetches N challenges from sluiced (GET /api/v1/join/challenge, one keep-alive connection)
# and solves each (SHA-256(challenge || counter as 8 bytes big-endian) with `difficulty`
# leading zero bits), writing one join body a line for bench/wrk/join_pow.lua.
# Usage: presolve.py PORT N OUT
import hashlib, http.client, json, sys

port, n, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
conn = http.client.HTTPConnection("127.0.0.1", port)
with open(out, "w") as f:
    for _ in range(n):
        conn.request("GET", "/api/v1/join/challenge")
        c = json.loads(conn.getresponse().read())
        text, bits = c["challenge"].encode(), c["difficulty"]
        base = hashlib.sha256(text)
        counter = 0
        while True:
            h = base.copy()
            h.update(counter.to_bytes(8, "big"))
            if int.from_bytes(h.digest()[:4], "big") >> (32 - bits) == 0 if bits else True:
                break
            counter += 1
        f.write(json.dumps({"pow": {"challenge": c["challenge"], "counter": counter}}) + "\n")
