"""Smoke test of the Python client against a running Formaliza (clients/smoke runs it): a token
by client credentials, a member created, the coverage indicator read."""

import sys

from formaliza_client import AuthenticatedClient, Client
from formaliza_client.api.auth import issue_token
from formaliza_client.api.indicators import coverage
from formaliza_client.api.members import create_member
from formaliza_client.models import (
    CoverageIndicator,
    CoverageSector,
    GrantType,
    Member,
    MemberInput,
    TokenRequest,
    TokenResponse,
)

base_url, client_id, client_secret = sys.argv[1:4]


def check(condition: object, message: str) -> None:
    if not condition:
        sys.exit(f"python client: {message}")


answer = issue_token.sync_detailed(
    client=Client(base_url=base_url),
    body=TokenRequest(
        grant_type=GrantType.CLIENT_CREDENTIALS,
        client_id=client_id,
        client_secret=client_secret,
    ),
)
check(answer.status_code == 200, f"POST /oauth/token answered {answer.status_code}: {answer.content!r}")
token = answer.parsed
check(isinstance(token, TokenResponse), "the token response")

with AuthenticatedClient(base_url=base_url, token=token.access_token) as api:
    created = create_member.sync_detailed(
        client=api,
        idempotency_key="smoke-python",
        body=MemberInput.from_dict(
            {
                "given_names": "Juan Carlos",
                "family_names": "Mamani Condori",
                "sex": "male",
                "national_id": {"type": "pe_dni", "number": "41234568"},
                "sector": "coffee",
                "country": "PE",
                "region": "PE-JUN",
                "data_sharing_consent": True,
            }
        ),
    )
    check(created.status_code == 201, f"POST /v1/members answered {created.status_code}: {created.content!r}")
    member = created.parsed
    check(isinstance(member, Member) and member.given_names == "Juan Carlos", "the created member")

    indicator = coverage.sync_detailed(client=api, sector=CoverageSector.COFFEE)
    check(indicator.status_code == 200, f"GET /v1/indicators/coverage answered {indicator.status_code}")
    check(isinstance(indicator.parsed, CoverageIndicator), "the coverage indicator")
    print(
        f"python client: token ({len(token.scope.split())} scopes), member {member.id} created, "
        f"coverage on {indicator.parsed.as_of} read ({len(indicator.parsed.data)} cell(s))"
    )
