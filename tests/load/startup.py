#!/usr/bin/env python3
"""Start-up time and idle memory of one process.

    startup.py URL IDLE_SECONDS -- COMMAND [ARGS...]

Starts COMMAND (environment inherited), polls URL every millisecond until it answers 200,
waits IDLE_SECONDS, reads /proc/PID/status, stops the process (SIGTERM, then SIGKILL) and
prints one JSON line: ready_ms (exec to first 200), rss_kib (VmRSS when idle), hwm_kib (VmHWM),
threads.
"""
import http.client
import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse


def status(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


def kib(value):
    return int(value.split()[0])


def main():
    url, idle = sys.argv[1], float(sys.argv[2])
    command = sys.argv[sys.argv.index("--") + 1:]
    parsed = urllib.parse.urlsplit(url)
    log = open(os.environ.get("BENCH_STARTUP_LOG", os.devnull), "ab")
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=log, stderr=log)
    ready_ms = None
    try:
        while time.monotonic() - started < 60:
            if process.poll() is not None:
                raise SystemExit(f"{command[0]} exited with {process.returncode} before ready")
            try:
                conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=1)
                conn.request("GET", parsed.path or "/")
                if conn.getresponse().status == 200:
                    ready_ms = (time.monotonic() - started) * 1000
                    break
            except OSError:
                pass
            finally:
                conn.close()
            time.sleep(0.001)
        if ready_ms is None:
            raise SystemExit(f"{url} not ready within 60 s")
        time.sleep(idle)
        fields = status(process.pid)
        print(json.dumps({
            "ready_ms": round(ready_ms, 1),
            "rss_kib": kib(fields["VmRSS"]),
            "hwm_kib": kib(fields["VmHWM"]),
            "threads": int(fields["Threads"]),
        }))
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


if __name__ == "__main__":
    main()
