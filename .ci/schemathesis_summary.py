"""One paragraph about a schemathesis run, from its NDJSON report (used by .ci/schemathesis).

Counts the test cases per phase, the stateful steps and how many of them followed a link from
an earlier response, and which links were followed.

    python schemathesis_summary.py NAME REPORT.ndjson SECONDS EXIT_CODE
"""

import collections
import json
import sys


def main() -> None:
    name, report, seconds, code = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    cases = collections.Counter()
    operations = set()
    sequences = 0
    steps = 0
    linked = 0
    followed = collections.Counter()
    try:
        lines = open(report, encoding="utf-8").readlines()
    except OSError:
        lines = []
    for line in lines:
        event = json.loads(line)
        finished = event.get("ScenarioFinished")
        if not finished:
            continue
        phase = finished["phase"]
        recorder = finished.get("recorder") or {}
        recorded = recorder.get("cases") or {}
        cases[phase] += len(recorded)
        if phase != "stateful":
            operations.add(recorder.get("label"))
            continue
        sequences += 1
        by_id = {case_id: entry["value"] for case_id, entry in recorded.items()}
        for case_id, entry in recorded.items():
            steps += 1
            if entry.get("is_transition_applied"):
                linked += 1
                value = entry["value"]
                parent = by_id.get(entry.get("parent_id") or "")
                source = f"{parent['method']} {parent['path']}" if parent else "?"
                followed[f"{source} -> {value['method']} {value['path']}"] += 1
    phases = ", ".join(f"{phase} {count}" for phase, count in cases.items())
    result = "passed" if code == "0" else f"FAILED (exit {code})"
    print(f"{name}: {result} in {seconds}s; {sum(cases.values())} test cases ({phases}) "
          f"over {len(operations - {None})} operations; stateful: {sequences} scenarios, "
          f"{steps} steps, {linked} of them following a link")
    for link, count in followed.most_common(12):
        print(f"    {count:4d}  {link}")
    if len(followed) > 12:
        print(f"    … and {len(followed) - 12} more links")


if __name__ == "__main__":
    main()
