# Problem titles, one per problem type (`urn:formaliza:problem:<type>`), and the details the code
# writes. The `detail-…` entries are the English sentences exactly as the code writes them, with
# `{ $variables }` where it writes values: a Spanish answer recognises the sentence here and says
# the entry of the same id in es/problems.ftl with the same values. Change a sentence in the code
# and here together (the tests in shared/src/error.rs and gateway/ fail otherwise).

title-bad-request = Bad request
title-invalid-parameter = Invalid parameter
title-validation = Invalid request
title-import-failed = Import failed
title-unauthorized = Authentication required
title-forbidden = Not allowed
title-not-found = Not found
title-method-not-allowed = Method not allowed
title-conflict = Conflict
title-stale-version = Version mismatch
title-payload-too-large = Request body too large
title-unsupported-media-type = Unsupported media type
title-unavailable = Service unavailable
title-internal = Internal error
title-dependency-failed = Dependency failed
title-too-many-rows = Too many rows
title-rate-limited = Too many requests
title-uri-too-long = URI too long
title-header-too-large = Request header fields too large
title-upstream-unavailable = Service unavailable
title-upstream-connection-lost = Connection to the service lost
title-upstream-invalid-answer = Invalid answer from the service
title-upstream-timeout = Service timed out
title-incomplete-request-body = Incomplete request body

## shared/src/error.rs

detail-fields-invalid = { $count } fields are invalid
detail-payload-too-large = the request body exceeds the limit of { $limit } bytes
detail-method-not-allowed = { $path } does not answer { $method }; it answers { $allow }
detail-internal = an unexpected error occurred; quote the request id when reporting it
detail-no-such-record = no such record
detail-unique-value = a record with the same unique value already exists
detail-referenced = the record is referenced by, or refers to, a record that does not allow it
detail-connection-lost = the database connection was lost; retry
detail-concurrent-change = a concurrent change got in the way; retry
detail-database-busy = the database is busy; retry
detail-database-unreachable = the database is not reachable; retry
detail-shutting-down = the server is shutting down; retry

## shared/src/auth, shared/src/upstream.rs

detail-one-authorization = send exactly one Authorization header
detail-authorization-missing = this operation needs an `Authorization: Bearer <token>` header
detail-authorization-not-text = the Authorization header is not valid text
detail-authorization-not-bearer = the Authorization header must be `Bearer <token>`
detail-token-refused = the access token is invalid or expired
detail-scope-missing = this operation needs the `{ $scope }` scope
detail-scopes-missing = this operation needs one of the scopes: { $scopes }
detail-reference-forbidden = checking this reference needs read access to the { $service } service (for example `members:read`)
detail-service-unreachable = the { $service } service cannot be reached; retry later
detail-service-unavailable = the { $service } service is unavailable; retry later
detail-service-unusable = the { $service } service gave an unusable answer
detail-service-not-configured = the { $service } service is not configured

## shared/src/resource.rs, concurrency.rs, extract.rs, server.rs

detail-no-record = no { $kind } with id { $id }
detail-programme-wide = programme-wide { $kind } records are changed by the programme, not by partners
detail-stale-version = the resource is at version { $version } (ETag { $etag }); fetch it again and reapply your change
detail-changed-meanwhile = the record was changed by another request meanwhile; fetch it again
detail-json-expected-got = expected a JSON body (Content-Type: application/json), got `{ $media }`
detail-json-expected = expected a JSON body with Content-Type: application/json
detail-body-unreadable = the request body could not be read: { $error }
detail-body-not-json = the body is not valid JSON: { $error }
detail-no-route = no route for { $method } { $path }
detail-too-many-rows = an import takes at most { $max } rows; split the file

## gateway/src/failures.rs, limits.rs, edge.rs

-unknown-outcome = the outcome is unknown: the service may have carried the request out. Reads are safe to retry; retry a write only with the same Idempotency-Key (its first answer is then returned, nothing is done twice), or check the record first if it had none
detail-upstream-unavailable = the { $service } service could not be reached, so the request was not delivered and nothing was done; retry later
detail-upstream-connection-lost = the connection to the { $service } service was lost after the request was sent; { -unknown-outcome }
detail-upstream-invalid-answer = the { $service } service's answer could not be read; { -unknown-outcome }
detail-upstream-timeout = the { $service } service did not answer within { $milliseconds } ms; { -unknown-outcome }
detail-incomplete-request-body = the request body broke off before its end while it was passed to the { $service } service; { -unknown-outcome }
detail-rate-limited = this client may send { $burst } requests in a burst; retry in { $seconds } s
detail-uri-too-long = the request target is { $bytes } bytes long; the limit is { $limit } bytes
detail-header-too-large = the header { $name } is { $bytes } bytes long; the limit is { $limit } bytes per header
detail-head-too-large = the request line and headers are { $bytes } bytes long; the limit is { $limit } bytes in all
