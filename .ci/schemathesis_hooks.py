"""Checks of our own for .ci/schemathesis (loaded through SCHEMATHESIS_HOOKS).

schemathesis' `positive_data_acceptance` wants every schema-valid request accepted. This API
refuses, by design, some requests that no schema can rule out: references to records that do
not exist (422, DESIGN), a reused Idempotency-Key with another body (422, DESIGN), a stale
If-Match (412, DESIGN), cross-field and per-document-type rules (a session ends after it
starts, a Peruvian DNI has 8 digits, a region lies in the country) and CSV content rules. So
the built-in check is replaced by the narrower one below: the query, path and header
constraints are all in the published spec, so a schema-valid request must never be a 400,
except for the few parameter rules the spec cannot state, each listed with its reason.
"""

import json
import re
import uuid

import schemathesis

# `code` of a problem's field error (400 on a parameter) that a schema-valid request may get.
PARAMETER_RULES_BEYOND_THE_SCHEMA = {
    # The cursor is opaque: only a `next_cursor` this API returned is one.
    "invalid_cursor",
    # `to` before `from`; a series longer than its point limit; a date whose interval end
    # overflows the calendar.
    "before_from",
    # A formalisation indicator's `from` after its `as_of` (the same rule, stated in the spec).
    "after_as_of",
    "too_many_points",
    "out_of_range",
    # A region code of the right shape that ISO 3166-2 does not list for its country (some
    # five thousand codes: the README states the rule, the spec does not enumerate them).
    "unknown_region",
    # An import job's `mapping`: a JSON object inside a query string (its description and the
    # README state it; the spec's string cannot).
    "invalid_mapping",
    # An import job's file with no bytes (a file body's content is not stated in the spec).
    "empty_file",
    # A coverage grouping for the other unit (`sex`, `age_band` count members: `unit=person`;
    # `head_sex`, `organisation` count households): the spec says which applies to which.
    "not_for_unit",
    # A filter naming a record that does not exist (DESIGN: a reference to a non-existent
    # record is refused, not ignored).
    "unknown_reference",
}

# OAuth errors (RFC 6749 §5.2) that depend on the registered client, not on the request's shape.
OAUTH_ERRORS_BEYOND_THE_SCHEMA = {"invalid_client", "invalid_scope", "invalid_grant", "unauthorized_client"}


def _json(response):
    try:
        return json.loads(response.content or b"null")
    except ValueError:
        return None


@schemathesis.check
def positive_parameters_accepted(ctx, response, case):
    """A request whose parameters fit the spec is not refused as malformed (400)."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return None
    body = _json(response)
    if isinstance(body, dict) and body.get("error") in OAUTH_ERRORS_BEYOND_THE_SCHEMA:
        return None
    errors = body.get("errors") if isinstance(body, dict) else None
    if errors and all(error.get("code") in PARAMETER_RULES_BEYOND_THE_SCHEMA for error in errors):
        return None
    raise AssertionError(
        "A request that fits the spec was refused as malformed (400): the spec should state the "
        "rule the server applies, or the server should accept the request"
    )


# The Idempotency-Key format the spec states (1 to 255 visible ASCII characters).
_IDEMPOTENCY_KEY = re.compile(r"^[!-~]([\t -~]*[!-~])?$")


@schemathesis.hook
def map_headers(ctx, headers):
    """One Idempotency-Key per operation, as a client sends them.

    A key sent again with the same body returns the first response, by design (DESIGN: retries
    over flaky connections are safe), even when the record it created has been deleted since.
    The generator sometimes draws the same key and body twice within a run, and the stateful
    checks then read the replayed 201 followed by a 404 as "created resource not found". So
    well-formed keys are made unique as they are drawn; malformed ones stay as drawn, so their
    refusal is still checked. Replay itself is tested in the services' own tests.
    """
    if not headers:
        return headers
    for name in list(headers):
        value = headers[name]
        if name.lower() == "idempotency-key" and isinstance(value, str) \
                and len(value) <= 255 and _IDEMPOTENCY_KEY.match(value):
            headers[name] = str(uuid.uuid4())
    return headers
