#!/usr/bin/env python3
"""Sign-in under attack, against a running `mus serve` on loopback.

    signin.py guesses BASE EMAIL N        N wrong passwords for EMAIL from
                                          127.0.0.1, all sent at once
    signin.py flood BASE PID N EMAIL...   N wrong sign-ins at once, each from
                                          its own loopback address (127.1.x.y)
                                          so the throttle lets it through to
                                          a password check; samples the RSS
                                          of PID meanwhile
    signin.py connections BASE PID N      the same with GET /api/health: what
                                          N connections cost without sign-ins

Prints one line of `key=value` pairs. Raw HTTP/1.1 over asyncio, one
connection per attempt, standard library only. Every request times out
after 60 s, so a run ends by itself.
"""

import asyncio
import json
import sys
import time
from collections import Counter

TIMEOUT = 60.0


async def login(host, port, email, password, source):
    """One POST /api/v1/auth/login; (status, Retry-After or None)."""
    body = json.dumps({"email": email, "password": password}).encode()
    request = (
        f"POST /api/v1/auth/login HTTP/1.1\r\nHost: {host}:{port}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode() + body
    return await send(host, port, request, source)


async def health(host, port, source):
    request = (
        f"GET /api/health HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n"
    ).encode()
    return await send(host, port, request, source)


async def send(host, port, request, source):
    """Sends one request on a connection of its own; (status, Retry-After)."""
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(host, port, local_addr=(source, 0)), TIMEOUT
        )
    except (OSError, asyncio.TimeoutError) as error:
        return f"connect:{type(error).__name__}", None
    try:
        writer.write(request)
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), TIMEOUT)
    except (OSError, asyncio.TimeoutError) as error:
        return f"read:{type(error).__name__}", None
    finally:
        writer.close()
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    if not head or len(head[0].split()) < 2:
        return "malformed", None
    retry_after = None
    for line in head[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "retry-after":
            retry_after = value.strip()
    return head[0].split()[1], retry_after


def split(base):
    host, port = base.removeprefix("http://").rsplit(":", 1)
    return host, int(port)


def report(statuses, extra):
    counts = Counter(status for status, _ in statuses)
    busy = [after for status, after in statuses if status == "503"]
    fields = {f"s{status}": n for status, n in sorted(counts.items())}
    fields["busy_without_retry_after"] = sum(1 for after in busy if after is None)
    fields.update(extra)
    print(" ".join(f"{key}={value}" for key, value in fields.items()), flush=True)


async def guesses(base, email, n):
    host, port = split(base)
    started = time.monotonic()
    statuses = await asyncio.gather(
        *(login(host, port, email, f"forkert-gaet-{i:04}", "127.0.0.1") for i in range(n))
    )
    report(statuses, {"sent": n, "seconds": f"{time.monotonic() - started:.2f}"})


def rss_kb(pid, field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


async def sample_rss(pid, peak, stop):
    while not stop.is_set():
        peak[0] = max(peak[0], rss_kb(pid, "VmRSS"))
        try:
            await asyncio.wait_for(stop.wait(), 0.05)
        except asyncio.TimeoutError:
            pass


def source(i):
    return f"127.1.{i // 250}.{i % 250 + 1}"


async def flood(base, pid, n, emails):
    host, port = split(base)
    attempts = []
    for i in range(n):
        # Known and unknown e-mails alike: both cost one password check.
        email = emails[i % len(emails)] if i % 4 else f"ingen-{i}@test.example"
        attempts.append(login(host, port, email, f"forkert-{i:05}", source(i)))
    await measure(pid, n, attempts)


async def connections(base, pid, n):
    host, port = split(base)
    await measure(pid, n, [health(host, port, source(i)) for i in range(n)])


async def measure(pid, n, requests):
    """Sends `requests` at once; reports the answers and the RSS of pid."""
    before = rss_kb(pid, "VmRSS")
    peak, stop = [before], asyncio.Event()
    sampler = asyncio.create_task(sample_rss(pid, peak, stop))
    started = time.monotonic()
    statuses = await asyncio.gather(*requests)
    seconds = time.monotonic() - started
    stop.set()
    await sampler
    await asyncio.sleep(2)
    after = rss_kb(pid, "VmRSS")
    report(
        statuses,
        {
            "sent": n,
            "seconds": f"{seconds:.2f}",
            "rss_before_mb": f"{before / 1024:.1f}",
            "rss_peak_mb": f"{peak[0] / 1024:.1f}",
            "hwm_mb": f"{rss_kb(pid, 'VmHWM') / 1024:.1f}",
            "rss_after_mb": f"{after / 1024:.1f}",
            "threads": rss_kb(pid, "Threads"),
        },
    )


def main(argv):
    if len(argv) >= 4 and argv[0] == "guesses":
        asyncio.run(guesses(argv[1], argv[2], int(argv[3])))
    elif len(argv) >= 5 and argv[0] == "flood":
        asyncio.run(flood(argv[1], int(argv[2]), int(argv[3]), argv[4:]))
    elif len(argv) >= 4 and argv[0] == "connections":
        asyncio.run(connections(argv[1], int(argv[2]), int(argv[3])))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
