#!/usr/bin/env python3
"""Prints the benchmark table (markdown) from tests/load/run's results directory.

    report.py RESULTS_DIR

Each section's figures are in RESULTS_DIR/<section>.tsv ("key<TAB>value", value often JSON).
A section not run yet is listed as such.
"""
import json
import os
import sys

RESULTS = sys.argv[1] if len(sys.argv) > 1 else "/var/tmp/formaliza-bench/results"
TARGETS = []  # (item, target, measured, met: bool|None)


def load(section):
    path = os.path.join(RESULTS, f"{section}.tsv")
    if not os.path.exists(path):
        return None
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("\t")
            values[key] = value
            if value[:1] in "{[":
                try:
                    values[key] = json.loads(value)
                except ValueError:
                    pass
    return values


def num(x, digits=0):
    if x is None:
        return "–"
    if digits == 0:
        return f"{x:,.0f}"
    return f"{x:,.{digits}f}"


def ratio(a, b):
    return a / b if a is not None and b else None


def mib(kib):
    try:
        return float(kib) / 1024
    except (TypeError, ValueError):
        return None


def verdict(met):
    return "—" if met is None else ("**met**" if met else "**missed**")


def target(item, goal, measured, met):
    TARGETS.append((item, goal, measured, met))
    return verdict(met)


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def not_run(title, section):
    print(f"## {title}\n\n_Not run yet: `tests/load/run {section}`._\n")


def errors(point):
    if not isinstance(point, dict):
        return "–"
    bad = sum(point.get(k, 0) for k in ("non2xx", "errors", "connect_errors", "read_errors", "write_errors", "timeouts"))
    return str(bad)


def machine():
    m = load("machine")
    if not m:
        return
    print("## Machine\n")
    for key in ("cpu", "memory", "kernel", "os", "rustc", "postgresql", "haproxy", "nginx", "wrk",
                "pgbench", "sqlite3", "settings", "load_at_start", "date"):
        if key in m:
            print(f"- {key}: {m[key]}")
    d = load("durations") or {}
    order = ["setup", "gateway", "lists", "export", "indicators", "formalisation", "webhooks", "import",
             "footprint", "writes"]
    durations = [f"{k} {float(d[k]):.0f} s" for k in order if k in d]
    if durations:
        print(f"- section run times: {', '.join(durations)}")
    print()


def gateway():
    g = load("gateway")
    title = "1. Gateway overhead (GET /v1/members, ES256 token, small JSON from a trivial nginx upstream)"
    if not g:
        return not_run(title, "gateway")
    print(f"## {title}\n")
    levels = sorted({int(k.split(".c")[1].split(".")[0]) for k in g if ".c" in k and not k.startswith("check.")})
    names = [("direct", "direct to the upstream"), ("formaliza", "Formaliza gateway"),
             ("haproxy", "HAProxy 2.6 + jwt_verify"), ("nginx", "nginx, plain proxy (no JWT)"),
             ("bare", "actix-web + awc, forwarding only (the gateway's HTTP stack)"),
             ("formaliza_uncached", "Formaliza gateway, a new token every request")]
    rows = []
    for c in levels:
        direct = g.get(f"direct.c{c}", {}).get("rps")
        for key, label in names:
            p = g.get(f"{key}.c{c}")
            if not isinstance(p, dict):
                continue
            cpu = p.get("cpu_us_per_request", {})
            kernel = p.get("kernel_us_per_request", {})

            def spent(who):
                if who not in cpu:
                    return "–"
                if who not in kernel:
                    return num(cpu[who], 1)
                return f"{num(cpu[who], 1)} ({num(kernel[who], 1)})"

            rows.append([c, label, num(p["rps"]), num(p["p50_ms"], 2), num(p["p99_ms"], 2),
                         num(ratio(p["rps"], direct), 2), errors(p),
                         spent("proxy"), spent("upstream"), spent("wrk")])
    print(table(["conns", "path", "req/s", "p50 ms", "p99 ms", "× direct", "errors",
                 "CPU µs/req (kernel): proxy", "upstream", "wrk"], rows))
    print()
    print("CPU µs/req: user + system CPU of each process (the proxy's workers included) during the "
          "measured run, per request answered; in parentheses the part spent in the kernel "
          "(system time: sockets, loopback TCP, wake-ups). On shared cores a path's throughput is "
          "about 2 cores ÷ the sum of its row's three figures.")
    print()
    rows = []
    for c in levels:
        f = g.get(f"formaliza.c{c}", {}).get("rps")
        h = g.get(f"haproxy.c{c}", {}).get("rps")
        d = g.get(f"direct.c{c}", {}).get("rps")
        r1, r2 = ratio(f, h), ratio(f, d)
        rows.append([c, num(r1, 2), target(f"gateway, {c} conns: Formaliza ≥ HAProxy", "≥ 1.00×", num(r1, 2), r1 and r1 >= 1.0),
                     num(r2, 2), target(f"gateway, {c} conns: Formaliza ≥ 0.6 × direct", "≥ 0.60×", num(r2, 2), r2 and r2 >= 0.6)])
    print(table(["conns", "Formaliza / HAProxy", "target ≥ 1.00", "Formaliza / direct", "target ≥ 0.60"], rows))
    caches = [f"{k.split('.')[1][1:]} conns: {v}" for k, v in g.items() if k.endswith(".cache")]
    if caches:
        print("\nThe gateway's token cache during the distinct-token runs: " + "; ".join(caches) + ".")
    if "gateway_rss_kib" in g:
        print(f"\nRSS after the runs: Formaliza gateway {num(mib(g.get('gateway_rss_kib')), 1)} MiB, "
              f"HAProxy {num(mib(g.get('haproxy_rss_kib')), 1)} MiB.")
    checks = {k: v for k, v in g.items() if k.startswith("check.")}
    if checks:
        print("\nToken checks (status codes; the good token must pass, the others must not): " + ", ".join(
            f"{k[6:]} {v}" for k, v in checks.items()))
    print()


def lists():
    s = load("lists")
    title = "2. Lists: GET /v1/members?limit=50 over 1,000,000 members (members service on PostgreSQL)"
    if not s:
        return not_run(title, "lists")
    print(f"## {title}\n")
    print(f"Rows: {s.get('rows')}; deep page: after {s.get('deep_after')}.  ")
    print(f"EXPLAIN ANALYZE: first page {s.get('explain.first')}; deep page {s.get('explain.deep')}.\n")
    levels = sorted({int(k.rsplit(".c", 1)[1]) for k in s if k.startswith("service.")})
    rows, checks = [], []
    for c in levels:
        first, deep = s.get(f"service.first.c{c}", {}), s.get(f"service.deep.c{c}", {})
        for page, p in (("first", first), ("deep (after 900,000)", deep)):
            floor = s.get(f"pgbench.{'first' if page == 'first' else 'deep'}.c{c}", {})
            rows.append([c, page, num(p.get("rps")), num(p.get("p50_ms"), 2), num(p.get("p99_ms"), 2),
                         num(floor.get("rps")), num(floor.get("mean_ms"), 2),
                         num(ratio(p.get("rps"), floor.get("rps")), 2), errors(p)])
        r = ratio(deep.get("p99_ms"), first.get("p99_ms"))
        checks.append([c, num(r, 2), target(f"lists, {c} conns: deep p99 ≤ 1.5 × first p99", "≤ 1.50×", num(r, 2), r is not None and r <= 1.5)])
    print(table(["conns", "page", "service req/s", "p50 ms", "p99 ms", "pgbench tps (same SELECT)",
                 "pgbench mean ms", "service / pgbench", "errors"], rows))
    print()
    print(table(["conns", "deep p99 / first p99", "target ≤ 1.50"], checks))
    print()


def export():
    s = load("export")
    title = "3. Export: GET /v1/enrollments/export (NDJSON) against psql \\copy of the same rows"
    if not s:
        return not_run(title, "export")
    print(f"## {title}\n")
    sizes = sorted({int(k.split(".")[1]) for k in s if k.startswith("copy.")})
    rows = []
    for n in sizes:
        copy = s.get(f"copy.{n}", {})
        for key, label in (("copy", "psql \\copy … TO STDOUT"), ("direct", "service alone"),
                           ("gateway", "through the gateway")):
            p = s.get(f"{key}.{n}", {})
            cpu = p.get("cpu_us_per_row", {})
            rows.append([f"{n:,}", label, num(p.get("rows_per_s")), num(p.get("seconds"), 2),
                         num(p.get("mib"), 0) if "mib" in p else "–",
                         num(ratio(p.get("rows_per_s"), copy.get("rows_per_s")), 2),
                         ", ".join(f"{k} {v:.2f}" for k, v in cpu.items()) or "–"])
    print(table(["rows", "path", "rows/s", "seconds", "MiB", "× COPY", "CPU µs per row"], rows))
    print()
    rows = []
    for n in sizes:
        for who in ("service", "gateway"):
            rows.append([f"{n:,}", who, num(mib(s.get(f"{who}.{n}.rss_idle_kib")), 1),
                         num(mib(s.get(f"{who}.{n}.hwm_kib")), 1), num(mib(s.get(f"{who}.{n}.rss_after_kib")), 1)])
    print(table(["rows", "process", "RSS before (MiB)", "peak RSS, VmHWM (MiB)", "RSS after (MiB)"], rows))
    print()
    checks = []
    if sizes:
        big = sizes[-1]
        r = ratio(s.get(f"gateway.{big}", {}).get("rows_per_s"), s.get(f"copy.{big}", {}).get("rows_per_s"))
        checks.append([f"{big:,} rows through the gateway ≥ 0.5 × COPY", num(r, 2),
                       target(f"export: gateway rows/s ≥ 0.5 × COPY ({big:,} rows)", "≥ 0.50×", num(r, 2), r is not None and r >= 0.5)])
        for who in ("service", "gateway"):
            peak = mib(s.get(f"{who}.{big}.hwm_kib"))
            checks.append([f"{who} peak RSS < 64 MiB", f"{num(peak, 1)} MiB",
                           target(f"export: {who} peak RSS < 64 MiB", "< 64 MiB", f"{num(peak, 1)} MiB", peak is not None and peak < 64)])
            if len(sizes) > 1:
                small = mib(s.get(f"{who}.{sizes[0]}.hwm_kib"))
                grow = ratio(peak, small)
                checks.append([f"{who} peak RSS does not grow ({sizes[0]:,} → {big:,} rows; ≤ +10 %)", f"× {num(grow, 2)}",
                               target(f"export: {who} peak RSS flat from {sizes[0]:,} to {big:,} rows", "≤ 1.10×", f"× {num(grow, 2)}", grow is not None and grow <= 1.10)])
    print(table(["target", "measured", "verdict"], checks))
    print()


def indicators():
    s = load("indicators")
    title = "4. Indicators: GET /v1/indicators/coverage?as_of=… through the gateway (PostgreSQL)"
    if not s:
        return not_run(title, "indicators")
    print(f"## {title}\n")
    households = sorted({int(k.split(".")[0][1:]) for k in s if k.startswith("h")})
    modes = {"same": "the same date", "dates": "a different date each request"}
    rows = []
    for h in households:
        for mode in ("same", "dates"):
            keys = [k for k in s if k.startswith(f"h{h}.{mode}.c")]
            for k in sorted(keys, key=lambda k: int(k.rsplit("c", 1)[1])):
                p = s[k]
                rows.append([f"{h:,}", modes[mode], k.rsplit(".c", 1)[1], p["requests"], num(p["rps"], 2),
                             num(p["p50_ms"], 2), num(p["p99_ms"], 2), errors(p)])
    print(table(["households", "as_of", "conns", "requests", "req/s", "p50 ms", "p99 ms", "errors"], rows))
    print()
    def explain(key):
        return num(float(s[key]), 1) if key in s else "–"
    rows = [[f"{h:,}", s.get(f"h{h}.rows", ""), explain(f"h{h}.explain_kept_ms"), explain(f"h{h}.explain_ms"),
             num(mib(s.get(f"h{h}.service_hwm_kib")), 0), s.get(f"h{h}.answer", "")] for h in households]
    print(table(["households", "data", "EXPLAIN ANALYZE ms (kept model)", "EXPLAIN ANALYZE ms (from the histories)",
                 "service peak RSS MiB", "answer"], rows))
    print()
    if households:
        big, small = households[-1], households[0]
        checks = []
        for mode in ("same", "dates"):
            for k in sorted(k for k in s if k.startswith(f"h{big}.{mode}.c")):
                p = s[k]
                c = k.rsplit(".c", 1)[1]
                ok = p["requests"] > 0 and p["p99_ms"] < 100
                checks.append([f"p99 < 100 ms at {big:,} households, {modes[mode]}, {c} conn(s)", f"{num(p['p99_ms'], 1)} ms",
                               target(f"indicators: p99 < 100 ms ({big:,} households, {modes[mode]}, {c} conns)", "< 100 ms", f"{num(p['p99_ms'], 1)} ms", ok)])
        # Growth of the uncached answer (a new date each request), where every size has it.
        mode = "dates" if f"h{small}.dates.c1" in s else "same"
        a, b = s.get(f"h{small}.{mode}.c1", {}).get("p50_ms"), s.get(f"h{big}.{mode}.c1", {}).get("p50_ms")
        checks.append([f"growth of p50 ({modes[mode]}) from {small:,} to {big:,} households ({big // small}× the data)",
                       f"{num(a, 1)} → {num(b, 1)} ms, × {num(ratio(b, a), 1)}", "(reported)"])
        print(table(["target", "measured", "verdict"], checks))
    print()


def formalisation():
    s = load("formalisation")
    title = "4b. Formalisation: GET /v1/indicators/formalisation?as_of=… through the gateway (PostgreSQL)"
    if not s:
        return not_run(title, "formalisation")
    print(f"## {title}\n")
    print(f"- data: {s.get('rows', '')}")
    print(f"- answer: {s.get('answer', '')}")
    print(f"- members service peak RSS: {num(mib(s.get('service_hwm_kib')), 0)} MiB\n")
    modes = {"dates": "whole scope", "grouped": "grouped (region, age band) with became_formal"}
    rows, checks = [], []
    for k in sorted((k for k in s if "." in k and k.split(".")[0] in modes), key=lambda k: (k.split(".")[0], int(k.rsplit("c", 1)[1]))):
        p = s[k]
        mode, c = k.split(".")[0], k.rsplit(".c", 1)[1]
        rows.append([modes[mode], c, p["requests"], num(p["rps"], 2), num(p["p50_ms"], 2), num(p["p99_ms"], 2), errors(p)])
        ok = p["requests"] > 0 and p["p99_ms"] < 100
        checks.append([f"p99 < 100 ms, a new date each request, {modes[mode]}, {c} conn(s)", f"{num(p['p99_ms'], 1)} ms",
                       target(f"formalisation: p99 < 100 ms ({modes[mode]}, {c} conns)", "< 100 ms", f"{num(p['p99_ms'], 1)} ms", ok)])
    print(table(["question (a new date each request)", "conns", "requests", "req/s", "p50 ms", "p99 ms", "errors"], rows))
    print()
    print(table(["target", "measured", "verdict"], checks))
    print()


def webhooks():
    s = load("webhooks")
    title = "4c. Webhooks: delivery through the gateway to a local receiver (members on PostgreSQL)"
    if not s:
        return not_run(title, "webhooks")
    print(f"## {title}\n")
    t = s.get("throughput", {})
    rows = []
    if t:
        rows.append(["throughput", f"{t['events']:,} events: feed read {num(t['feed_events_per_s'], 0)}/s, "
                     f"delivered {num(t['delivered_events_per_s'], 0)}/s", f"× {num(t['ratio'], 2)} of the feed read rate"])
    for key, label in (("latency.poll500", "commit → receipt, 500 ms poll"), ("latency.poll2000", "commit → receipt, 2 s poll")):
        p = s.get(key)
        if p:
            rows.append([label, f"{p['received']}/{p['events']} events",
                         f"p50 {num(p['p50_ms'], 0)} ms, p99 {num(p['p99_ms'], 0)} ms, max {num(p['max_ms'], 0)} ms"])
    f = s.get("fanout")
    if f:
        rows.append([f"{f['subscriptions']:,} subscriptions, one change",
                     f"{f['received']:,} received (subscribed in {num(f['create_seconds'], 1)} s)",
                     f"p50 {num(f['p50_ms'], 0)} ms, p99 {num(f['p99_ms'], 0)} ms, last {num(f['last_ms'], 0)} ms"])
    if "idle_1000_cpu_pct" in s:
        rows.append(["1,000 subscriptions, nothing changing", "gateway CPU, % of a core",
                     f"{num(float(s['idle_1000_cpu_pct']), 1)} %"])
    if "gateway_hwm_kib" in s:
        rows.append(["gateway peak RSS", "", f"{num(mib(s['gateway_hwm_kib']), 0)} MiB"])
    print(table(["case", "measured", "figure"], rows))
    print()
    checks = []
    if t:
        checks.append(["delivery ≥ 0.5× the feed read rate", f"× {num(t['ratio'], 2)}",
                       target("webhooks: delivery ≥ 0.5× feed read rate", "≥ 0.5×", f"× {num(t['ratio'], 2)}",
                              t["ratio"] >= 0.5)])
    p = s.get("latency.poll500")
    if p:
        checks.append(["p99 commit → receipt < 1 s (500 ms poll, no notification path)", f"{num(p['p99_ms'], 0)} ms",
                       target("webhooks: p99 commit → receipt < 1 s", "< 1 s", f"{num(p['p99_ms'], 0)} ms",
                              p["p99_ms"] < 1000)])
    print(table(["target", "measured", "verdict"], checks))
    print()


def imports():
    s = load("import")
    title = "5. Import: POST /v1/members/import, 100,000 CSV rows in one request (members service alone)"
    if not s:
        return not_run(title, "import")
    print(f"## {title}\n")
    print(f"File: {s.get('file')}.\n")
    rows = []
    for backend, floor_label in (("postgres", "COPY FROM (psql \\copy) into a staging table"),
                                 ("sqlite", "sqlite3 .import into a staging table")):
        p, f = s.get(backend, {}), s.get(f"floor.{backend}", {})
        rows.append([backend, num(p.get("rows_per_s")), num(p.get("seconds"), 1),
                     f"{p.get('created', '–')} / {p.get('failed', '–')}",
                     num(mib(s.get(f"{backend}.service_hwm_kib")), 0),
                     f"{floor_label}: {num(f.get('rows_per_s'))} rows/s", num(ratio(p.get("rows_per_s"), f.get("rows_per_s")), 3)])
    for backend in ("postgres", "sqlite"):
        p, f = s.get(f"{backend}.job"), s.get(f"floor.{backend}", {})
        if isinstance(p, dict):
            rows.append([f"{backend}, as a job (`POST /v1/imports`)", num(p.get("rows_per_s")), num(p.get("seconds"), 1),
                         f"{p.get('created', '–')} / {p.get('refused', '–')}",
                         num(mib(s.get(f"{backend}.job.service_hwm_kib")), 0),
                         f"{num(f.get('rows_per_s'))} rows/s", num(ratio(p.get("rows_per_s"), f.get("rows_per_s")), 3)])
    big = s.get("sqlite.job_big")
    if isinstance(big, dict):
        rows.append([f"sqlite, a job of {big.get('rows'):,} rows", num(big.get("rows_per_s")), num(big.get("seconds"), 1),
                     f"{big.get('created', '–')} / {big.get('refused', '–')}",
                     num(mib(s.get("sqlite.job_big.service_hwm_kib")), 0), "–", "–"])
    print(table(["database", "service rows/s", "seconds", "created / failed", "service peak RSS MiB", "floor", "× floor"], rows))
    print()


def footprint():
    s = load("footprint")
    title = "6. Footprint: start-up time to /readyz = 200 and idle RSS (SQLite)"
    if not s:
        return not_run(title, "footprint")
    print(f"## {title}\n")
    rows = []
    for key, label in (("standalone_first", "standalone `formaliza`, first start (creates the data)"),
                       ("standalone", "standalone `formaliza` (gateway + 3 services), restart"),
                       ("gateway", "formaliza-gateway alone"), ("members", "formaliza-members alone"),
                       ("trainings", "formaliza-trainings alone"),
                       ("social-protection", "formaliza-social-protection alone")):
        p = s.get(key)
        if isinstance(p, dict):
            rows.append([label, num(p["ready_ms"], 0), num(mib(p["rss_kib"]), 1), num(mib(p["hwm_kib"]), 1), p["threads"]])
    print(table(["process", "ready after (ms)", "idle RSS (MiB)", "peak RSS (MiB)", "threads"], rows))
    print()


def writes():
    s = load("writes")
    title = ("7. Writes: POST /v1/members (members service alone), SQLite synchronous = NORMAL "
             "against FULL (the default), PostgreSQL for reference")
    if not s:
        return not_run(title, "writes")
    print(f"## {title}\n")
    print(f"Disk: {s.get('disk', '–')}. Each acknowledged write is one transaction (row, feed "
          "event, counter).\n")
    rows = []
    levels = sorted({int(k.split(".c")[1]) for k in s if ".c" in k})
    for c in levels:
        normal, full, pg = (s.get(f"{b}.c{c}", {}) for b in ("sqlite_normal", "sqlite_full", "postgres"))
        rows.append([c, num(normal.get("rps")), num(full.get("rps")),
                     num(ratio(full.get("rps"), normal.get("rps")), 2),
                     f"{num(normal.get('p99_ms'), 1)} / {num(full.get('p99_ms'), 1)}",
                     num(pg.get("rps")), f"{errors(normal)} / {errors(full)} / {errors(pg)}"])
    print(table(["connections", "SQLite NORMAL writes/s", "SQLite FULL writes/s", "FULL ÷ NORMAL",
                 "p99 ms NORMAL / FULL", "PostgreSQL writes/s", "errors N / F / PG"], rows))
    print()


def summary():
    print("## Targets\n")
    if not TARGETS:
        print("_None measured yet._\n")
        return
    print(table(["item", "target", "measured", "verdict"], [[i, g, m, verdict(v)] for i, g, m, v in TARGETS]))
    print()


def main():
    print("# Formaliza benchmark results\n")
    machine()
    gateway()
    lists()
    export()
    indicators()
    formalisation()
    webhooks()
    imports()
    footprint()
    writes()
    summary()


if __name__ == "__main__":
    main()
