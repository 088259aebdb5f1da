#!/usr/bin/env python3
"""Latency of a slow endpoint, where wrk would finish too few requests for a percentile.

    latency.py URL_OR_@FILE --concurrency C --seconds S --min-requests N [--token-env BENCH_TOKEN]

C keep-alive connections send GET requests back to back until S seconds have passed AND at least
N requests have completed (so a percentile rests on enough samples). URL_OR_@FILE is one URL, or
@FILE with one URL a line, taken in turn (e.g. a different reference date each request, which
no cache can answer). Prints one JSON line like report.lua's: requests, seconds, rps, p50_ms,
p90_ms, p99_ms, max_ms, non2xx, errors.
"""
import argparse
import http.client
import json
import math
import os
import threading
import time
import urllib.parse


def percentile(sorted_values, p):
    if not sorted_values:
        return 0.0
    rank = max(0, math.ceil(p / 100 * len(sorted_values)) - 1)
    return sorted_values[rank]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("target")
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--min-requests", type=int, default=20)
    parser.add_argument("--token-env", default="BENCH_TOKEN")
    args = parser.parse_args()
    if args.target.startswith("@"):
        with open(args.target[1:]) as f:
            urls = [line.strip() for line in f if line.strip()]
    else:
        urls = [args.target]
    headers = {}
    token = os.environ.get(args.token_env)
    if token:
        headers["Authorization"] = f"Bearer {token}"

    lock = threading.Lock()
    latencies, counters = [], {"non2xx": 0, "errors": 0, "next": 0}
    started = time.monotonic()

    def worker():
        parsed = urllib.parse.urlsplit(urls[0])
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120)
        while True:
            with lock:
                done = len(latencies) + counters["errors"]
                if time.monotonic() - started >= args.seconds and done >= args.min_requests:
                    break
                url = urllib.parse.urlsplit(urls[counters["next"] % len(urls)])
                counters["next"] += 1
            path = url.path + ("?" + url.query if url.query else "")
            t0 = time.monotonic()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                elapsed = (time.monotonic() - t0) * 1000
                with lock:
                    latencies.append(elapsed)
                    if not 200 <= response.status < 300:
                        counters["non2xx"] += 1
            except (OSError, http.client.HTTPException):
                with lock:
                    counters["errors"] += 1
                conn.close()
                conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120)
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - started
    values = sorted(latencies)
    print(json.dumps({
        "requests": len(values), "seconds": round(seconds, 3),
        "rps": round(len(values) / seconds, 2),
        "p50_ms": round(percentile(values, 50), 2), "p90_ms": round(percentile(values, 90), 2),
        "p99_ms": round(percentile(values, 99), 2), "max_ms": round(values[-1] if values else 0, 2),
        "non2xx": counters["non2xx"], "errors": counters["errors"],
    }))


if __name__ == "__main__":
    main()
