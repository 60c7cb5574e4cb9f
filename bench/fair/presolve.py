#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Fetches N challenges from sluiced (GET /api/v1/join/challenge, pipelined on one keep-alive
# connection, BATCH requests a write) and solves each (SHA-256(challenge || counter as 8 bytes
# big-endian) with `difficulty` leading zero bits), writing one join body a line for
# bench/wrk/join_pow.lua.
# Usage: presolve.py PORT N OUT
import hashlib, json, socket, sys

BATCH = 512
port, n, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
request = b"GET /api/v1/join/challenge HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
sock = socket.create_connection(("127.0.0.1", port))
buf = bytearray()


def read_response():
    """One response's body (the status must be 200)."""
    global buf
    while True:
        end = buf.find(b"\r\n\r\n")
        if end >= 0:
            head = bytes(buf[:end]).decode("latin-1").split("\r\n")
            if not head[0].split(" ")[1] == "200":
                sys.exit(f"presolve: the server answered {head[0]!r}")
            length = 0
            for line in head[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            if len(buf) >= end + 4 + length:
                body = bytes(buf[end + 4:end + 4 + length])
                del buf[:end + 4 + length]
                return body
        chunk = sock.recv(1 << 20)
        if not chunk:
            sys.exit("presolve: the server closed the connection")
        buf += chunk


with open(out, "w") as f:
    left = n
    while left > 0:
        batch = min(BATCH, left)
        sock.sendall(request * batch)
        for _ in range(batch):
            c = json.loads(read_response())
            text, bits = c["challenge"].encode(), c["difficulty"]
            base = hashlib.sha256(text)
            counter = 0
            while bits:
                h = base.copy()
                h.update(counter.to_bytes(8, "big"))
                if int.from_bytes(h.digest()[:4], "big") >> (32 - bits) == 0:
                    break
                counter += 1
            f.write('{"pow":{"challenge":"%s","counter":%d}}\n' % (c["challenge"], counter))
        left -= batch
