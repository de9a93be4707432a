#!/usr/bin/env python3
"""How long `POST /api/v1/auth/password-reset` takes to answer for an address
that belongs to someone and for one that does not, alternating, N times each.

    python3 scripts/bench.d/reset_timing.py http://127.0.0.1:8080 \
        anne.soerensen@solbakke.example nobody@solbakke.example [N]

The answers must not tell the two apart: the lookup runs after the 202.
A person is mailed at most three times an hour, so the known address gets
three mails however large N is.
"""
import json
import statistics
import sys
import time
import urllib.request


def once(base, email):
    request = urllib.request.Request(
        f"{base}/api/v1/auth/password-reset",
        data=json.dumps({"email": email}).encode(),
        headers={"content-type": "application/json"},
        method="POST",
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request) as response:
        assert response.status == 202, response.status
    return (time.perf_counter() - started) * 1000


def main():
    base, known, unknown = sys.argv[1:4]
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    times = {known: [], unknown: []}
    for _ in range(n):
        for email in (known, unknown):
            times[email].append(once(base, email))
    for label, email in (("known", known), ("unknown", unknown)):
        t = sorted(times[email])
        print(f"{label:8} n={n} median={statistics.median(t):.2f} ms "
              f"p95={t[int(0.95 * (n - 1))]:.2f} ms max={t[-1]:.2f} ms")


if __name__ == "__main__":
    main()
