#!/usr/bin/env python3
"""Formaliza's fault suite (issue 23): the four components as separate processes on a private
PostgreSQL, two gateway replicas and two members replicas sharing a private Redis, a bounded
write load with Idempotency-Keys through both gateways, and one fault after another:

  SIGKILL of members (one replica), trainings, social-protection and one gateway replica (each
  restarted after a second, as a supervisor would), a PostgreSQL restart, a PostgreSQL stop of
  several seconds, and a Redis stop.

After the faults it checks what a client was promised: every acknowledged (2xx) write is
readable, no Idempotency-Key made two records, each service's feed is gap-free with exactly one
create per record, no answer was a 500, no process panicked; and, per fault, the time from the
fault to the first clean error (502/503/504 or a refused connection) and from the recovery to
the first success, against the targets below. It prints a table and exits non-zero on any
failure.

Run it through tests/faults/run (which builds the binaries and installs `requests`).
Environment: FAULTS_BIN (the folder of the binaries), FAULTS_TABLE (also write the table there),
FAULTS_KEEP=1 (keep the work directory), FAULTS_PG_BIN (/usr/lib/postgresql/15/bin).
"""

from __future__ import annotations

import itertools
import json
import os
import platform
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field

import requests

BIN = os.environ.get("FAULTS_BIN", "")
PG_BIN = os.environ.get("FAULTS_PG_BIN", "/usr/lib/postgresql/15/bin")
KEEP = os.environ.get("FAULTS_KEEP") == "1"

# Targets (issue 23). A database outage: the first clean error within 1 s of the fault (readyz
# down within 1 s), every 503 while it is known down within 250 ms, and writes served again
# within 250 ms of the database accepting connections (readyz ready within 1 s). A process
# killed and restarted: served again within 1 s of its being ready. Redis stopped: no error at
# all (rate limits fall back to each gateway's own), no request slower than 1 s.
FIRST_ERROR_S = 1.0
FAST_503_S = 0.25
DB_RECOVERY_S = 0.25
READYZ_S = 1.0
RESTART_RECOVERY_S = 1.0
REDIS_SLOWEST_S = 1.0

WRITERS_PER_RESOURCE = 2
STEADY_S = 1.5  # load before each fault
AFTER_S = 2.0  # load after each recovery
PG_STOP_S = 4.0
REDIS_STOP_S = 3.0
RESTART_AFTER_S = 1.0  # a killed process is started again after this long
CLEAN = {502, 503, 504}


def log(message: str) -> None:
    print(f"[faults {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run its tools as the postgres user."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


# ---------------------------------------------------------------------------------------------
# Processes this suite starts (and only these are ever signalled).


class Process:
    def __init__(self, name: str, argv: list[str], env: dict[str, str], logs: str):
        self.name, self.argv, self.env = name, argv, env
        self.log_path = os.path.join(logs, f"{name}.log")
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        out = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            self.argv, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        out.close()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.alive():
            assert self.proc is not None
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Postgres:
    """A private cluster in the work directory, on its own port (never the machine's)."""

    def __init__(self, work: str):
        self.dir = os.path.join(work, "pg")
        self.port = free_port()
        self.log = os.path.join(work, "logs", "postgresql.log")
        os.makedirs(self.dir)
        open(self.log, "w").close()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
            shutil.chown(self.log, "postgres")
        subprocess.run(
            as_postgres([f"{PG_BIN}/initdb", "-D", self.dir, "-U", "postgres", "-A", "trust",
                         "--no-sync", "-E", "UTF8"]),
            check=True, stdout=subprocess.DEVNULL,
        )
        options = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
                   "-c max_connections=200 -c shared_buffers=64MB")
        self.ctl = [f"{PG_BIN}/pg_ctl", "-D", self.dir, "-l", self.log, "-o", options]

    def url(self, db: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        subprocess.run(as_postgres([*self.ctl, "-w", "start"]), check=True, stdout=subprocess.DEVNULL)

    def stop(self) -> None:
        subprocess.run(as_postgres([*self.ctl, "-m", "fast", "-w", "stop"]), check=True,
                       stdout=subprocess.DEVNULL)

    def restart(self) -> None:
        subprocess.run(as_postgres([*self.ctl, "-m", "fast", "-w", "restart"]), check=True,
                       stdout=subprocess.DEVNULL)

    def teardown(self) -> None:
        subprocess.run(as_postgres([*self.ctl, "-m", "immediate", "stop"]),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def createdb(self, name: str) -> None:
        subprocess.run([f"{PG_BIN}/createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U",
                        "postgres", name], check=True)

    def accepting(self) -> bool:
        """Whether the server accepts a session now: a startup packet answered by an
        authentication request ('R'), not an error ('E': starting up, shutting down)."""
        body = b"user\0postgres\0database\0postgres\0\0"
        packet = struct.pack("!ii", len(body) + 8, 196608) + body
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(packet)
                return s.recv(1)[:1] == b"R"
        except OSError:
            return False


# ---------------------------------------------------------------------------------------------
# The write load.


@dataclass
class Attempt:
    resource: str
    gateway: int
    key: str
    started: float
    ended: float
    status: int  # 0: no answer (connection refused or reset)


@dataclass
class Ack:
    resource: str
    key: str
    id: str


RESOURCES = {
    # resource: (path, feed, the field that carries the key, body)
    "members": ("/v1/members", "members", "family_names",
                lambda k: {"given_names": "Carga", "family_names": k, "country": "PE"}),
    "courses": ("/v1/courses", "trainings", "title",
                lambda k: {"title": k, "topic": "cooperativism", "total_hours": 4,
                           "certificate_hours": 3, "language": "es"}),
    "schemes": ("/v1/schemes", "social-protection", "name",
                lambda k: {"name": k, "country": "PE", "kind": "insurance", "category": "health",
                           "coverage_unit": "person"}),
}


class Load:
    def __init__(self, gateways: list[str], token: str):
        self.gateways, self.token = gateways, token
        self.attempts: list[Attempt] = []
        self.acks: list[Ack] = []
        self.unexpected: list[str] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []
        self.counter = itertools.count()

    def start(self) -> None:
        for resource in RESOURCES:
            for n in range(WRITERS_PER_RESOURCE):
                t = threading.Thread(target=self.writer, args=(resource, n), daemon=True)
                t.start()
                self.threads.append(t)

    def stop(self) -> None:
        """Stops taking new keys; each writer finishes the key it holds (retrying until
        acknowledged, at most 60 s)."""
        self.stopping.set()
        for t in self.threads:
            t.join(timeout=90)

    def writer(self, resource: str, n: int) -> None:
        path, _, _, body_of = RESOURCES[resource]
        session = requests.Session()
        headers = {"Authorization": f"Bearer {self.token}"}
        while not self.stopping.is_set():
            seq = next(self.counter)
            key = f"fault-{resource}-{n}-{seq}-{uuid.uuid4().hex[:8]}"
            body = body_of(key)
            gateway = seq % len(self.gateways)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                started = time.monotonic()
                try:
                    r = session.post(self.gateways[gateway] + path, json=body, timeout=15,
                                     headers={**headers, "Idempotency-Key": key})
                    status = r.status_code
                except requests.RequestException:
                    r, status = None, 0
                ended = time.monotonic()
                with self.lock:
                    self.attempts.append(Attempt(resource, gateway, key, started, ended, status))
                if r is not None and 200 <= status < 300:
                    with self.lock:
                        self.acks.append(Ack(resource, key, r.json()["id"]))
                    break
                if status == 0:
                    # The gateway is gone: retry the same key through the other one.
                    session = requests.Session()
                    gateway = (gateway + 1) % len(self.gateways)
                elif status not in CLEAN and status != 429:
                    with self.lock:
                        self.unexpected.append(
                            f"{resource} {key}: {status} {r.text[:300] if r is not None else ''}")
                    if status != 500:
                        break  # a 4xx will not change on a retry
                time.sleep(0.02)
            else:
                with self.lock:
                    self.unexpected.append(f"{resource} {key}: never acknowledged in 60 s")


# ---------------------------------------------------------------------------------------------
# Readiness, watched from outside as an orchestrator would.


class Readiness:
    def __init__(self, services: dict[str, str]):
        self.services = services
        self.changes: dict[str, list[tuple[float, bool]]] = {name: [] for name in services}
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.watch, daemon=True)

    def watch(self) -> None:
        session = requests.Session()
        last: dict[str, bool | None] = {name: None for name in self.services}
        while not self.stopping.is_set():
            for name, url in self.services.items():
                try:
                    ready = session.get(url + "/readyz", timeout=1).status_code == 200
                except requests.RequestException:
                    ready = False
                if ready != last[name]:
                    self.changes[name].append((time.monotonic(), ready))
                    last[name] = ready
            time.sleep(0.05)

    def first(self, name: str, ready: bool, after: float) -> float | None:
        for at, state in self.changes[name]:
            if at >= after and state == ready:
                return at
        return None


# ---------------------------------------------------------------------------------------------
# The system under test.


class System:
    def __init__(self, work: str):
        self.work = work
        self.logs = os.path.join(work, "logs")
        os.makedirs(self.logs)
        os.chmod(work, 0o755)
        self.pg = Postgres(work)
        self.redis_port = free_port()
        self.redis: Process | None = None
        self.processes: dict[str, Process] = {}
        self.ports = {name: free_port() for name in
                      ("gateway-1", "gateway-2", "members-1", "members-2", "trainings",
                       "social-protection", "metrics-1", "metrics-2")}

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def base_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("FORMALIZA_")}
        env.update(RUST_LOG="info", RUST_BACKTRACE="1")
        return env

    def start_redis(self) -> None:
        self.redis = Process("redis", ["redis-server", "--port", str(self.redis_port), "--bind",
                                       "127.0.0.1", "--save", "", "--appendonly", "no"],
                             self.base_env(), self.logs)
        self.redis.start()
        wait_for(lambda: tcp_open(self.redis_port), 10, "redis")

    def gateway_env(self, name: str) -> dict[str, str]:
        env = self.base_env()
        env.update(
            FORMALIZA_BIND=f"127.0.0.1:{self.ports[name]}",
            # Each replica's operations listener on a port of its own.
            FORMALIZA_METRICS_BIND=f"127.0.0.1:{self.ports[name.replace('gateway', 'metrics')]}",
            FORMALIZA_DATABASE_URL=self.pg.url("gateway"),
            FORMALIZA_DB_POOL_SIZE="4",
            FORMALIZA_WORKERS="2",
            # Each gateway in front of its own members replica; both in front of the others.
            FORMALIZA_MEMBERS_URL=self.url("members-1" if name == "gateway-1" else "members-2"),
            FORMALIZA_TRAININGS_URL=self.url("trainings"),
            FORMALIZA_SOCIAL_PROTECTION_URL=self.url("social-protection"),
            FORMALIZA_REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/",
            FORMALIZA_RATE_LIMIT_PER_SECOND="100000",
            FORMALIZA_RATE_LIMIT_BURST="100000",
            FORMALIZA_UPSTREAM_TIMEOUT_MS="10000",
        )
        return env

    def service_env(self, name: str, database: str) -> dict[str, str]:
        env = self.base_env()
        env.update(
            FORMALIZA_BIND=f"127.0.0.1:{self.ports[name]}",
            FORMALIZA_DATABASE_URL=self.pg.url(database),
            FORMALIZA_DB_POOL_SIZE="4",
            FORMALIZA_WORKERS="2",
            FORMALIZA_JWKS_FILE=os.path.join(self.work, "jwks.json"),
            FORMALIZA_MEMBERS_URL=self.url("members-1"),
            FORMALIZA_PSEUDONYM_SECRET="fault-suite-pseudonym-secret-0123456789",
            FORMALIZA_SERVICE_CLIENT_ID=self.reader["client_id"],
            FORMALIZA_SERVICE_CLIENT_SECRET=self.reader["client_secret"],
            FORMALIZA_TOKEN_URL=self.url("gateway-1") + "/oauth/token",
        )
        return env

    def gateway_cli(self, *args: str) -> str:
        env = self.gateway_env("gateway-1")
        env["RUST_LOG"] = "warn"
        return subprocess.run([f"{BIN}/formaliza-gateway", *args], env=env, check=True,
                              capture_output=True, text=True).stdout

    def add(self, name: str, argv: list[str], env: dict[str, str]) -> Process:
        process = Process(name, argv, env, self.logs)
        self.processes[name] = process
        process.start()
        return process

    def wait_ready(self, name: str, path: str = "/readyz", seconds: float = 60) -> None:
        process = self.processes[name]

        def ready() -> bool:
            if not process.alive():
                raise SystemExit(f"{name} exited; see {process.log_path}")
            try:
                return requests.get(self.url(name) + path, timeout=1).status_code == 200
            except requests.RequestException:
                return False

        wait_for(ready, seconds, name)

    def up(self) -> str:
        log(f"PostgreSQL on port {self.pg.port}, Redis on {self.redis_port}, work in {self.work}")
        self.pg.start()
        for db in ("gateway", "members", "trainings", "protection"):
            self.pg.createdb(db)
        self.start_redis()
        self.gateway_cli("migrate")
        scopes = ("members:read members:write trainings:read trainings:write protection:read "
                  "protection:write")
        client = json.loads(self.gateway_cli("clients", "add", "--name", "Fault load",
                                             "--scopes", scopes))
        self.reader = json.loads(self.gateway_cli("clients", "add", "--name", "Read models",
                                                  "--scopes", "members:read"))
        for name in ("gateway-1", "gateway-2"):
            # One after the other: the first makes the signing key both use.
            self.add(name, [f"{BIN}/formaliza-gateway"], self.gateway_env(name))
            self.wait_ready(name, "/healthz")
        jwks = requests.get(self.url("gateway-1") + "/.well-known/jwks.json", timeout=5).text
        with open(os.path.join(self.work, "jwks.json"), "w") as f:
            f.write(jwks)
        for name, binary, db in (("members-1", "members", "members"),
                                 ("members-2", "members", "members"),
                                 ("trainings", "trainings", "trainings"),
                                 ("social-protection", "social-protection", "protection")):
            # One after the other: each migrates its database on start.
            self.add(name, [f"{BIN}/formaliza-{binary}"], self.service_env(name, db))
            self.wait_ready(name)
        for name in ("gateway-1", "gateway-2"):
            self.wait_ready(name)
        r = requests.post(self.url("gateway-1") + "/oauth/token",
                          data={"grant_type": "client_credentials"},
                          auth=(client["client_id"], client["client_secret"]), timeout=10)
        r.raise_for_status()
        return r.json()["access_token"]

    def restart(self, name: str) -> None:
        process = self.processes[name]
        process.start()
        self.wait_ready(name, "/healthz" if name.startswith("gateway") else "/readyz")

    def down(self) -> None:
        for process in self.processes.values():
            process.kill(signal.SIGTERM)
        if self.redis:
            self.redis.kill(signal.SIGTERM)
        self.pg.teardown()


def tcp_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_for(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.005)
    raise SystemExit(f"{what} not ready within {seconds} s")


# ---------------------------------------------------------------------------------------------
# Faults.


@dataclass
class Fault:
    name: str
    resources: set[str]  # whose writes it affects
    gateway: int | None  # through which gateway (None: both)
    kind: str  # "restart" | "database" | "redis"
    fault_at: float = 0.0
    recovered_at: float = 0.0
    readyz: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)


def inject(system: System, fault: Fault) -> None:
    if fault.kind == "restart":
        process = {"members (replica 1)": "members-1", "trainings": "trainings",
                   "social-protection": "social-protection",
                   "gateway (replica 1)": "gateway-1"}[fault.name]
        fault.fault_at = time.monotonic()
        system.processes[process].kill(signal.SIGKILL)
        time.sleep(RESTART_AFTER_S)
        system.restart(process)
        fault.recovered_at = time.monotonic()
    elif fault.name == "PostgreSQL restart":
        fault.fault_at = time.monotonic()
        system.pg.restart()
        wait_for(system.pg.accepting, 30, "PostgreSQL")
        fault.recovered_at = time.monotonic()
    elif fault.name.startswith("PostgreSQL stop"):
        fault.fault_at = time.monotonic()
        system.pg.stop()
        time.sleep(PG_STOP_S)
        threading.Thread(target=system.pg.start, daemon=True).start()
        wait_for(system.pg.accepting, 30, "PostgreSQL")
        fault.recovered_at = time.monotonic()
    elif fault.kind == "redis":
        assert system.redis is not None
        fault.fault_at = time.monotonic()
        system.redis.kill(signal.SIGTERM)
        time.sleep(REDIS_STOP_S)
        system.start_redis()
        fault.recovered_at = time.monotonic()


@dataclass
class Row:
    fault: str
    writes: int
    clean_errors: int
    server_errors: int
    first_error: float | None
    slowest_503: float | None
    first_success: float | None
    readyz_down: float | None
    readyz_up: float | None
    failures: list[str]


def measure(fault: Fault, attempts: list[Attempt], acks: int, until: float,
            readiness: Readiness) -> Row:
    mine = [a for a in attempts
            if a.resource in fault.resources and (fault.gateway is None or a.gateway == fault.gateway)
            and a.started < until]
    during = [a for a in attempts if fault.fault_at <= a.ended and a.started < until]
    errors = [a for a in mine if a.ended >= fault.fault_at and (a.status in CLEAN or a.status == 0)]
    first_error = min((a.ended for a in errors), default=None)
    successes = [a for a in mine if a.ended >= fault.recovered_at and 200 <= a.status < 300]
    first_success = min((a.ended for a in successes), default=None)
    server_errors = sum(1 for a in during if a.status == 500)
    failures = []
    row = Row(fault.name, acks, len([a for a in during if a.status in CLEAN or a.status == 0]),
              server_errors, None if first_error is None else first_error - fault.fault_at, None,
              None if first_success is None else first_success - fault.recovered_at, None, None,
              failures)
    if server_errors:
        failures.append(f"{server_errors} answers were 500")
    if row.first_success is None:
        failures.append("no success after the recovery")
    if fault.kind == "database":
        known_down = [a for a in errors if a.status == 503 and first_error is not None
                      and a.started > first_error and a.ended < fault.recovered_at]
        row.slowest_503 = max((a.ended - a.started for a in known_down), default=None)
        downs = [readiness.first(s, False, fault.fault_at) for s in readiness.services]
        # Ready again after having gone down: a service's probe may find PostgreSQL back a few
        # ms before this suite does (a negative time reads "before").
        ups = [None if d is None else readiness.first(s, True, d)
               for s, d in zip(readiness.services, downs)]
        if all(d is not None for d in downs):
            row.readyz_down = max(d - fault.fault_at for d in downs if d is not None)
        if all(u is not None for u in ups):
            row.readyz_up = max(u - fault.recovered_at for u in ups if u is not None)
        if row.first_success is not None and row.first_success > DB_RECOVERY_S:
            failures.append(f"writes served {row.first_success:.3f} s after the database was back "
                            f"(target {DB_RECOVERY_S} s)")
        if fault.name.startswith("PostgreSQL stop"):
            if row.first_error is None or row.first_error > FIRST_ERROR_S:
                failures.append(f"first clean error after {fmt(row.first_error)} "
                                f"(target {FIRST_ERROR_S} s)")
            if row.slowest_503 is not None and row.slowest_503 > FAST_503_S:
                failures.append(f"a 503 took {row.slowest_503:.3f} s while the database was known "
                                f"down (target {FAST_503_S} s)")
            if row.readyz_down is None or row.readyz_down > READYZ_S:
                failures.append(f"/readyz not ready after {fmt(row.readyz_down)} (target {READYZ_S} s)")
            if row.readyz_up is None or row.readyz_up > READYZ_S:
                failures.append(f"/readyz ready after {fmt(row.readyz_up)} (target {READYZ_S} s)")
    elif fault.kind == "restart":
        if row.first_success is not None and row.first_success > RESTART_RECOVERY_S:
            failures.append(f"served {row.first_success:.3f} s after the restart "
                            f"(target {RESTART_RECOVERY_S} s)")
    elif fault.kind == "redis":
        if row.clean_errors:
            failures.append(f"{row.clean_errors} errors while Redis was down (want none)")
        slowest = max((a.ended - a.started for a in during if a.started < fault.recovered_at),
                      default=0.0)
        row.slowest_503 = None
        if slowest > REDIS_SLOWEST_S:
            failures.append(f"a request took {slowest:.3f} s while Redis was down")
    return row


def fmt(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 0:
        return f"{-seconds * 1000:.0f} ms before"
    return f"{seconds * 1000:.0f} ms"


# ---------------------------------------------------------------------------------------------
# The checks after the load: what was acknowledged is there, once.


def check_writes(system: System, load: Load, token: str) -> list[str]:
    failures = []
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    gateway = system.url("gateway-2")
    for ack in load.acks:
        path, _, marker, _ = RESOURCES[ack.resource]
        r = session.get(f"{gateway}{path}/{ack.id}", timeout=10)
        if r.status_code != 200:
            failures.append(f"acknowledged {ack.resource} {ack.id} ({ack.key}) reads {r.status_code}")
        elif r.json().get(marker) != ack.key:
            failures.append(f"acknowledged {ack.resource} {ack.id} is not {ack.key}")
    acked = {(a.resource, a.key): a.id for a in load.acks}
    if len(acked) != len(load.acks):
        failures.append("a key was acknowledged twice with different ids")
    for resource, (_, feed, marker, _) in RESOURCES.items():
        events, after = [], 0
        while True:
            r = session.get(f"{gateway}/v1/feeds/{feed}", params={"after": after, "limit": 1000},
                            timeout=30)
            r.raise_for_status()
            page = r.json()
            events.extend(page["data"])
            after = page["next_after"]
            if not page["has_more"]:
                break
        seqs = [e["seq"] for e in events]
        if seqs != list(range(1, len(seqs) + 1)):
            gaps = sorted(set(range(1, max(seqs, default=0) + 1)) - set(seqs))[:5]
            failures.append(f"{feed} feed is not gap-free from 1 (missing {gaps}, "
                            f"{len(seqs)} events)")
        creates: dict[str, int] = {}
        ids_by_key: dict[str, set[str]] = {}
        for e in events:
            if e["op"] == "create":
                creates[e["id"]] = creates.get(e["id"], 0) + 1
                key = (e.get("data") or {}).get(marker, "")
                if key.startswith("fault-"):
                    ids_by_key.setdefault(key, set()).add(e["id"])
        twice = [i for i, n in creates.items() if n != 1]
        if twice:
            failures.append(f"{feed}: {len(twice)} records with more than one create event")
        duplicated = {k: ids for k, ids in ids_by_key.items() if len(ids) > 1}
        if duplicated:
            failures.append(f"{feed}: {len(duplicated)} keys made two records, e.g. "
                            f"{next(iter(duplicated.items()))}")
        for (r_name, key), id_ in acked.items():
            if r_name == resource and ids_by_key.get(key) != {id_}:
                failures.append(f"{feed}: acknowledged {key} ({id_}) has creates "
                                f"{ids_by_key.get(key)}")
    return failures


def check_logs(system: System) -> list[str]:
    failures = []
    for name in os.listdir(system.logs):
        with open(os.path.join(system.logs, name), errors="replace") as f:
            text = f.read()
        if re.search(r"panicked at|stack backtrace", text):
            failures.append(f"{name}: a panic")
        if name.startswith(("members", "trainings", "social", "gateway")):
            if "Invalid connection url for multiconnection" in text:
                failures.append(f"{name}: the database error is logged without its cause")
    return failures


def describe_machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "unknown"
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    pg = subprocess.run([f"{PG_BIN}/postgres", "--version"], capture_output=True,
                        text=True).stdout.strip()
    redis = subprocess.run(["redis-server", "--version"], capture_output=True,
                           text=True).stdout.split()[2:3]
    return (f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; {pg}; "
            f"Redis {redis[0].removeprefix('v=') if redis else '?'}; commit {commit}"
            f"{' (with local changes)' if dirty else ''}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")


def table(rows: list[Row], totals: dict[str, str], machine: str, seconds: float) -> str:
    lines = [
        f"Machine: {machine}. Suite time: {seconds:.0f} s.",
        "",
        "| Fault | Writes acknowledged | Clean errors (502/503/504, refused) | 500s "
        "| Fault → first clean error | Slowest 503 while known down | Recovery → first success "
        "| /readyz down / ready after | Verdict |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        readyz = "—" if r.readyz_down is None and r.readyz_up is None else \
            f"{fmt(r.readyz_down)} / {fmt(r.readyz_up)}"
        verdict = "ok" if not r.failures else "FAIL: " + "; ".join(r.failures)
        lines.append(f"| {r.fault} | {r.writes} | {r.clean_errors} | {r.server_errors} "
                     f"| {fmt(r.first_error)} | {fmt(r.slowest_503)} | {fmt(r.first_success)} "
                     f"| {readyz} | {verdict} |")
    lines.append("")
    for k, v in totals.items():
        lines.append(f"- {k}: {v}")
    return "\n".join(lines)


def main() -> int:
    if not BIN or not os.path.exists(f"{BIN}/formaliza-gateway"):
        print("set FAULTS_BIN to the folder of the binaries (tests/faults/run does)")
        return 2
    began = time.monotonic()
    work = tempfile.mkdtemp(prefix="formaliza-faults.")
    system = System(work)
    status = 1
    try:
        token = system.up()
        gateways = [system.url("gateway-1"), system.url("gateway-2")]
        readiness = Readiness({n: system.url(n) for n in
                               ("members-1", "members-2", "trainings", "social-protection")})
        readiness.thread.start()
        load = Load(gateways, token)
        load.start()
        faults = [
            Fault("members (replica 1)", {"members"}, 0, "restart"),
            Fault("trainings", {"courses"}, None, "restart"),
            Fault("social-protection", {"schemes"}, None, "restart"),
            Fault("gateway (replica 1)", set(RESOURCES), 0, "restart"),
            Fault("PostgreSQL restart", set(RESOURCES), None, "database"),
            Fault(f"PostgreSQL stop ({PG_STOP_S:.0f} s)", set(RESOURCES), None, "database"),
            Fault(f"Redis stop ({REDIS_STOP_S:.0f} s)", set(RESOURCES), None, "redis"),
        ]
        rows = []
        for fault in faults:
            time.sleep(STEADY_S)
            with load.lock:
                before = len(load.acks)
            log(f"fault: {fault.name}")
            inject(system, fault)
            time.sleep(AFTER_S)
            with load.lock:
                attempts, acks = list(load.attempts), len(load.acks) - before
            rows.append(measure(fault, attempts, acks, time.monotonic(), readiness))
        log("stopping the load (each writer finishes its key)")
        load.stop()
        readiness.stopping.set()
        failures = check_writes(system, load, token)
        failures += check_logs(system)
        failures += [f"unexpected answer: {u}" for u in load.unexpected[:10]]
        statuses: dict[int, int] = {}
        for a in load.attempts:
            statuses[a.status] = statuses.get(a.status, 0) + 1
        totals = {
            "writes acknowledged": f"{len(load.acks)} (all readable, one record and one create "
                                   "event each)" if not failures else str(len(load.acks)),
            "answers": ", ".join(f"{'no answer' if s == 0 else s}: {n}"
                                 for s, n in sorted(statuses.items())),
            "checks after the load": "passed" if not failures else "FAILED: " + "; ".join(failures[:10]),
        }
        text = table(rows, totals, describe_machine(), time.monotonic() - began)
        print(text)
        if os.environ.get("FAULTS_TABLE"):
            with open(os.environ["FAULTS_TABLE"], "w") as f:
                f.write(text + "\n")
        ok = not failures and all(not r.failures for r in rows)
        print("faults: passed" if ok else "faults: FAILED")
        status = 0 if ok else 1
    finally:
        system.down()
        if KEEP or status != 0:
            log(f"kept {work} (logs in {system.logs})")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
