#!/usr/bin/env python3
"""Makes the benchmark's ES256 key pair and tokens (idempotent: keeps an existing key).

    jwt_tokens.py DIR ISSUER AUDIENCE

writes DIR/es256-private.pem, DIR/es256-public.pem (what HAProxy's jwt_verify reads),
DIR/jwks.json (what Formaliza's FORMALIZA_JWKS_FILE reads) and these tokens, valid 24 h:
  DIR/token-members-read     scope "members:read" (the gateway comparison)
  DIR/token-all              every scope the other benchmarks need
  DIR/token-bad-aud, DIR/token-bad-scope, DIR/token-expired, DIR/token-bad-sig
                             (negative checks: both JWT checkers must refuse them)
  DIR/tokens-distinct        BENCH_DISTINCT_TOKENS (20,000) different "members:read" tokens,
                             one a line (the gateway's verified-token cache never hits)
"""
import base64
import json
import os
import sys
import time
import uuid

import jwt  # pyjwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

KID = "bench-es256"


def b64(n: int) -> str:
    return base64.urlsafe_b64encode(n.to_bytes(32, "big")).rstrip(b"=").decode()


def main() -> None:
    out, issuer, audience = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(out, exist_ok=True)
    private_path = os.path.join(out, "es256-private.pem")
    if os.path.exists(private_path):
        with open(private_path, "rb") as f:
            key = serialization.load_pem_private_key(f.read(), password=None)
    else:
        key = ec.generate_private_key(ec.SECP256R1())
        with open(private_path, "wb") as f:
            f.write(key.private_bytes(serialization.Encoding.PEM,
                                      serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))
    public = key.public_key()
    with open(os.path.join(out, "es256-public.pem"), "wb") as f:
        f.write(public.public_bytes(serialization.Encoding.PEM,
                                    serialization.PublicFormat.SubjectPublicKeyInfo))
    numbers = public.public_numbers()
    jwks = {"keys": [{"kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": KID,
                      "x": b64(numbers.x), "y": b64(numbers.y)}]}
    with open(os.path.join(out, "jwks.json"), "w") as f:
        json.dump(jwks, f)

    now = int(time.time())

    def token(scope, aud=audience, exp=now + 86400, signer=key):
        claims = {"iss": issuer, "aud": aud, "sub": "bench-client", "scope": scope,
                  "iat": now, "nbf": now, "exp": exp, "jti": str(uuid.uuid4())}
        return jwt.encode(claims, signer, algorithm="ES256", headers={"kid": KID})

    everything = ("members:read members:write protection:read protection:write "
                  "enrollments:export indicators:read")
    other_key = ec.generate_private_key(ec.SECP256R1())
    tokens = {
        "token-members-read": token("members:read"),
        "token-all": token(everything),
        "token-bad-aud": token("members:read", aud="someone-else"),
        "token-bad-scope": token("trainings:read members:readonly"),
        "token-expired": token("members:read", exp=now - 3600),
        "token-bad-sig": token("members:read", signer=other_key),
    }
    for name, value in tokens.items():
        with open(os.path.join(out, name), "w") as f:
            f.write(value)
    # Distinct tokens, one per request, to measure verification without the gateway's cache.
    count = int(os.environ.get("BENCH_DISTINCT_TOKENS", "20000"))
    with open(os.path.join(out, "tokens-distinct"), "w") as f:
        for _ in range(count):
            f.write(token("members:read") + "\n")


if __name__ == "__main__":
    main()
