#!/usr/bin/env python3
"""Webhook delivery, measured from outside (tests/load/run webhooks).

    webhooks.py GATEWAY PRIVATE_KEY_PEM ISSUER AUDIENCE throughput EVENTS
    webhooks.py GATEWAY PRIVATE_KEY_PEM ISSUER AUDIENCE latency RATE SECONDS
    webhooks.py GATEWAY PRIVATE_KEY_PEM ISSUER AUDIENCE fanout SUBSCRIPTIONS

A receiver (a threaded HTTP server on loopback) records when each event arrives. Tokens are
signed here with the benchmark's key (the gateway trusts its JWKS file), one client id per 20
subscriptions (a client may hold 20).

throughput: EVENTS members are imported, then the members feed is read whole through the gateway
  (pages of 1,000: the floor), then a subscription replays it from 0 to the receiver: events per
  second each way, and their ratio.
latency: members created at RATE per second for SECONDS; for each, the time from the creating
  request's answer (its commit) to the receipt of its event: p50, p99, max.
fanout: SUBSCRIPTIONS subscriptions on the members feed, then one member created: the time until
  every subscription has received it.
Prints one JSON object.
"""
import json
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt  # pyjwt
import requests

GATEWAY, KEY, ISSUER, AUDIENCE, MODE = sys.argv[1:6]
ARGS = sys.argv[6:]
PRIVATE = open(KEY).read()


def token(sub, scope="members:read members:write subscriptions:write"):
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": sub, "scope": scope, "iat": now, "nbf": now,
              "exp": now + 3600, "jti": str(uuid.uuid4())}
    return jwt.encode(claims, PRIVATE, algorithm="ES256", headers={"kid": "bench-es256"})


class Receipts:
    def __init__(self):
        self.lock = threading.Lock()
        self.events = {}   # (path, member id) -> first receipt time
        self.count = 0     # events received, repeats included
        self.by_path = {}  # path -> events received

    def add(self, path, body):
        now = time.time()
        data = json.loads(body)["data"]
        with self.lock:
            self.count += len(data)
            self.by_path[path] = self.by_path.get(path, 0) + len(data)
            for event in data:
                self.events.setdefault((path, event["id"]), now)


RECEIPTS = Receipts()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        RECEIPTS.add(self.path, body)
        self.send_response(204)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
threading.Thread(target=server.serve_forever, daemon=True).start()
RECEIVER = f"http://127.0.0.1:{server.server_address[1]}"

session = requests.Session()


def call(method, path, tok, **kw):
    r = session.request(method, GATEWAY + path, headers={"Authorization": f"Bearer {tok}"}, **kw)
    if r.status_code >= 300:
        raise SystemExit(f"{method} {path}: {r.status_code} {r.text[:300]}")
    return r


def subscribe(tok, path, services=("members",)):
    return call("POST", "/v1/subscriptions", tok,
                json={"url": RECEIVER + path, "services": list(services)}).json()


def wait_for(predicate, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.005)
    return False


def member(tok, n):
    started = time.time()
    r = call("POST", "/v1/members", tok, json={"given_names": f"Socia {n}", "family_names": "Quispe",
                                               "country": "PE", "region": "PE-JUN", "sector": "coffee"})
    return r.json()["id"], started, time.time()


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def throughput(events):
    tok = token("bench-webhooks")
    rows = "\n".join(json.dumps({"given_names": f"Socia {i}", "family_names": "Quispe", "country": "PE",
                                 "region": "PE-JUN", "sector": "coffee"}) for i in range(events))
    r = session.post(GATEWAY + "/v1/members/import", data=rows.encode(), timeout=600,
                     headers={"Authorization": f"Bearer {tok}", "Content-Type": "application/x-ndjson"})
    if r.status_code >= 300:
        raise SystemExit(f"import: {r.status_code} {r.text[:300]}")
    # The floor: the whole feed read by a client, pages of 1,000.
    started, after, read = time.time(), 0, 0
    while True:
        page = call("GET", f"/v1/feeds/members?after={after}&limit=1000", tok).json()
        read += len(page["data"])
        after = page["next_after"]
        if not page["has_more"]:
            break
    feed_seconds = time.time() - started
    created = subscribe(tok, "/throughput")
    started = time.time()
    call("POST", f"/v1/subscriptions/{created['id']}/replay", tok, json={"service": "members", "after": 0})
    if not wait_for(lambda: RECEIPTS.by_path.get("/throughput", 0) >= read, 600):
        raise SystemExit(f"delivered {RECEIPTS.by_path.get('/throughput', 0)} of {read} events")
    delivery_seconds = time.time() - started
    return {"events": read, "feed_seconds": round(feed_seconds, 3),
            "feed_events_per_s": round(read / feed_seconds), "delivery_seconds": round(delivery_seconds, 3),
            "delivered_events_per_s": round(read / delivery_seconds),
            "ratio": round(feed_seconds / delivery_seconds, 3)}


def latency(rate, seconds):
    tok = token("bench-latency")
    subscribe(tok, "/latency")
    committed = {}
    interval, n, start = 1.0 / rate, 0, time.time()
    while time.time() - start < seconds:
        member_id, _, done = member(tok, n)
        committed[member_id] = done
        n += 1
        time.sleep(max(0.0, start + n * interval - time.time()))
    wait_for(lambda: all(("/latency", m) in RECEIPTS.events for m in committed), 30)
    lags = [(RECEIPTS.events[("/latency", m)] - t) * 1000 for m, t in committed.items()
            if ("/latency", m) in RECEIPTS.events]
    return {"events": len(committed), "received": len(lags), "p50_ms": round(percentile(lags, 50), 1),
            "p99_ms": round(percentile(lags, 99), 1), "max_ms": round(max(lags), 1)}


def fanout(subscriptions):
    paths = []
    started = time.time()
    for n in range(subscriptions):
        tok = token(f"bench-fanout-{n // 20}")
        path = f"/fanout/{n}"
        subscribe(tok, path)
        paths.append(path)
    create_seconds = time.time() - started
    tok = token("bench-fanout-writer")
    member_id, _, done = member(tok, 0)
    ok = wait_for(lambda: all((p, member_id) in RECEIPTS.events for p in paths), 120)
    lags = [(RECEIPTS.events[(p, member_id)] - done) * 1000 for p in paths if (p, member_id) in RECEIPTS.events]
    return {"subscriptions": subscriptions, "create_seconds": round(create_seconds, 2),
            "all_received": ok, "received": len(lags), "p50_ms": round(percentile(lags, 50), 1),
            "p99_ms": round(percentile(lags, 99), 1), "last_ms": round(max(lags), 1)}


if MODE == "throughput":
    print(json.dumps(throughput(int(ARGS[0]))))
elif MODE == "latency":
    print(json.dumps(latency(float(ARGS[0]), float(ARGS[1]))))
elif MODE == "fanout":
    print(json.dumps(fanout(int(ARGS[0]))))
else:
    raise SystemExit(f"unknown mode {MODE}")
