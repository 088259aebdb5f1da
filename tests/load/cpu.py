#!/usr/bin/env python3
"""Adds CPU microseconds per unit of work to a result line of tests/load/run.

usage: cpu.py JSON COUNT_FIELD BEFORE AFTER [NAME=USER_S SYSTEM_S]...

BEFORE and AFTER are "name=user:system ..." (tests/load/lib.sh cpu_ticks_of, clock ticks of a
process and its children) read around the measured run; each NAME=USER_S SYSTEM_S is a process
timed whole (by /usr/bin/time). Prints JSON with "cpu_us_per_<unit>" (user + system) and
"kernel_us_per_<unit>" (system only) added, where the unit is COUNT_FIELD without its plural s
("requests" -> request, "rows" -> row).
"""
import json
import os
import sys


def ticks(text):
    """{name: (user, system)} from "name=user:system ..."."""
    out = {}
    for word in text.split():
        name, value = word.split("=")
        user, system = value.split(":")
        out[name] = (int(user), int(system))
    return out


def main():
    point, field, before, after, *timed = sys.argv[1:]
    point = json.loads(point)
    count = point.get(field) or 0
    if count:
        hz = os.sysconf("SC_CLK_TCK")
        cpu, kernel = {}, {}
        for spec in timed:
            name, seconds = spec.split("=", 1)
            user, system = (float(s) for s in seconds.split())
            cpu[name] = (user + system) * 1e6 / count
            kernel[name] = system * 1e6 / count
        start = ticks(before)
        for name, (user, system) in ticks(after).items():
            user0, system0 = start.get(name, (0, 0))
            cpu[name] = (user - user0 + system - system0) * 1e6 / hz / count
            kernel[name] = (system - system0) * 1e6 / hz / count
        unit = field.rstrip("s")
        point[f"cpu_us_per_{unit}"] = {name: round(us, 2) for name, us in cpu.items()}
        point[f"kernel_us_per_{unit}"] = {name: round(us, 2) for name, us in kernel.items()}
    print(json.dumps(point))


if __name__ == "__main__":
    main()
