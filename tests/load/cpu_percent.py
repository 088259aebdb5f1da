#!/usr/bin/env python3
"""CPU use of a process over a while, in percent of one core: cpu_percent.py PID SECONDS."""
import os
import sys
import time


def ticks(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


pid, seconds = sys.argv[1], float(sys.argv[2])
before = ticks(pid)
time.sleep(seconds)
print(round((ticks(pid) - before) / os.sysconf("SC_CLK_TCK") / seconds * 100, 1))
