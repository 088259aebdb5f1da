"""What other people's software sees of Formaliza: the demo's five clients, through the gateway,
with ordinary Python HTTP clients that keep connections alive.

    python checks.py BASE_URL DEMO_OUTPUT

DEMO_OUTPUT is what `formaliza demo` printed (the clients' credentials). Each check prints one
line; the exit status is 1 if any failed.
"""

import json
import re
import sys
import traceback

import httpx
import requests
from requests.adapters import HTTPAdapter

BASE = sys.argv[1]
DEMO = open(sys.argv[2], encoding="utf-8").read()


def credentials():
    """role -> (client_id, client_secret), as the demo printed them."""
    found = re.findall(r"^  (\S+)\s.*\n\s+client_id (\S+)\s+client_secret (\S+)", DEMO, re.M)
    return {role: (cid, secret) for role, cid, secret in found}


def token(role):
    cid, secret = CREDENTIALS[role]
    answer = requests.post(f"{BASE}/oauth/token", auth=(cid, secret),
                           data={"grant_type": "client_credentials"}, timeout=10)
    answer.raise_for_status()
    return answer.json()["access_token"]


CREDENTIALS = credentials()
TOKENS = {role: token(role) for role in CREDENTIALS}


def bearer(role):
    return {"Authorization": f"Bearer {TOKENS[role]}"}


def expect(answer, status, what):
    if answer.status_code != status:
        raise AssertionError(f"{what}: expected {status}, got {answer.status_code}: {answer.text[:300]}")
    return answer


def one_connection_session():
    """A requests session that can only ever use one connection, so every request reuses it."""
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=1, pool_maxsize=1, pool_block=True)
    session.mount("http://", adapter)
    return session


def kept_alive_sequence(client, headers, label):
    """DELETE, GET, PATCH, GET, HEAD, a conditional GET (304) and GET again, on one connection."""
    def household(name):
        answer = client.post(f"{BASE}/v1/households", headers=headers,
                             json={"name": name, "country": "PE", "region": "PE-JUN"})
        return expect(answer, 201, f"{label}: create")
    dropped = household("Familia Framing A").json()["id"]
    kept = household("Familia Framing B").json()
    path = f"{BASE}/v1/households/{kept['id']}"
    expect(client.delete(f"{BASE}/v1/households/{dropped}", headers=headers), 204, f"{label}: DELETE")
    expect(client.get(path, headers=headers), 200, f"{label}: GET after DELETE")
    patched = client.patch(path, headers={**headers, "Content-Type": "application/merge-patch+json"},
                           content=json.dumps({"locality": "Pichanaqui"})) if label == "httpx" else \
        client.patch(path, headers={**headers, "Content-Type": "application/merge-patch+json"},
                     data=json.dumps({"locality": "Pichanaqui"}))
    expect(patched, 200, f"{label}: PATCH")
    read = expect(client.get(path, headers=headers), 200, f"{label}: GET after PATCH")
    assert read.json()["locality"] == "Pichanaqui", read.text
    head = expect(client.head(path, headers=headers), 200, f"{label}: HEAD")
    assert head.headers.get("content-length") == str(len(read.content)), dict(head.headers)
    etag = read.headers["etag"]
    expect(client.get(path, headers={**headers, "If-None-Match": etag}), 304, f"{label}: If-None-Match")
    expect(client.get(path, headers=headers), 200, f"{label}: GET after 304")
    expect(client.get(f"{BASE}/v1/households/{dropped}", headers=headers), 404, f"{label}: GET deleted")


def check_keep_alive_with_requests():
    with one_connection_session() as session:
        kept_alive_sequence(session, bearer("partner-pe"), "requests")


def check_keep_alive_with_httpx():
    with httpx.Client(limits=httpx.Limits(max_connections=1, max_keepalive_connections=1), timeout=10) as client:
        kept_alive_sequence(client, bearer("partner-pe"), "httpx")


def check_every_delete_is_framed():
    """A 204 from every kind of DELETE the programme office can make, each followed by a GET on
    the same connection."""
    programme = bearer("programme")
    # httpx (h11) is the strictest of the common clients about framing; one connection only.
    with httpx.Client(limits=httpx.Limits(max_connections=1, max_keepalive_connections=1), timeout=10) as session:
        for collection in ["schemes", "courses", "organisations", "households"]:
            listed = expect(session.get(f"{BASE}/v1/{collection}?limit=1", headers=programme), 200, collection)
            body = {
                "schemes": {"name": "Esquema temporal", "country": "PE", "kind": "insurance",
                            "category": "health", "coverage_unit": "person"},
                "courses": {"title": "Curso temporal", "topic": "other", "total_hours": 1,
                            "certificate_hours": 1, "language": "es"},
                "organisations": {"name": "Organización temporal", "kind": "association",
                                  "legal_status": "informal", "country": "BO"},
                "households": {"name": "Hogar temporal", "country": "BO"},
            }[collection]
            created = expect(session.post(f"{BASE}/v1/{collection}", headers=programme, json=body), 201, collection)
            expect(session.delete(f"{BASE}/v1/{collection}/{created.json()['id']}", headers=programme), 204,
                   f"DELETE {collection}")
            expect(session.get(f"{BASE}/v1/{collection}?limit=1", headers=programme), 200,
                   f"GET {collection} after DELETE")
            assert listed.json()["data"], f"the demo has {collection}"


CHECKS = [
    check_keep_alive_with_requests,
    check_keep_alive_with_httpx,
    check_every_delete_is_framed,
]


def main():
    failed = 0
    for check in CHECKS:
        try:
            check()
            print(f"PASS {check.__name__}")
        except Exception:  # noqa: BLE001 - every failure is reported, then the run fails
            failed += 1
            print(f"FAIL {check.__name__}")
            traceback.print_exc()
    print(f"{len(CHECKS) - failed} of {len(CHECKS)} checks passed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
