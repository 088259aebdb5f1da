#!/usr/bin/env python3
"""Adds CPU microseconds per unit of work to a result line of tests/load/run.

usage: cpu.py JSON COUNT_FIELD BEFORE AFTER [NAME=USER_S SYSTEM_S]...

BEFORE and AFTER are "name=ticks ..." (tests/load/lib.sh cpu_ticks_of, user + system clock
ticks of a process and its children) read around the measured run; each NAME=USER_S SYSTEM_S is
a process timed whole (by /usr/bin/time). Prints JSON with "cpu_us_per_<unit>" added, where the
unit is COUNT_FIELD without its plural s ("requests" -> request, "rows" -> row).
"""
import json
import os
import sys


def ticks(text):
    return {name: int(value) for name, value in (word.split("=") for word in text.split())}


def main():
    point, field, before, after, *timed = sys.argv[1:]
    point = json.loads(point)
    count = point.get(field) or 0
    if count:
        hz = os.sysconf("SC_CLK_TCK")
        cpu = {}
        for spec in timed:
            name, seconds = spec.split("=", 1)
            cpu[name] = sum(float(s) for s in seconds.split()) * 1e6 / count
        start = ticks(before)
        for name, end in ticks(after).items():
            cpu[name] = (end - start.get(name, 0)) * 1e6 / hz / count
        point[f"cpu_us_per_{field.rstrip('s')}"] = {name: round(us, 2) for name, us in cpu.items()}
    print(json.dumps(point))


if __name__ == "__main__":
    main()
