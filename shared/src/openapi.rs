//! Error responses every operation documents, written once.

use std::collections::BTreeMap;

use utoipa::IntoResponses;
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::{Ref, RefOr};

use crate::error::PROBLEM_JSON;

fn problem(description: &str) -> RefOr<Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                PROBLEM_JSON,
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
            .build(),
    )
}

fn responses(codes: &[u16]) -> BTreeMap<String, RefOr<Response>> {
    codes
        .iter()
        .map(|code| {
            let description = match code {
                400 => "Malformed request: bad JSON, query parameter or cursor",
                401 => "Missing, expired or invalid access token",
                403 => "The token lacks the required scope",
                404 => "No such resource (or it belongs to another partner)",
                409 => {
                    "Conflicts with existing data (duplicate national ID, illegal transition, …)"
                }
                412 => "`If-Match` names a stale version",
                413 => "Request body too large",
                415 => "Unsupported Content-Type",
                422 => "Validation failed; `errors` lists every field",
                424 => "A service this operation depends on answered with an error",
                503 => "Database or a dependency unavailable; retry",
                _ => "Error",
            };
            (code.to_string(), problem(description))
        })
        .collect()
}

macro_rules! error_set {
    ($(#[$doc:meta])* $name:ident => [$($code:literal),*]) => {
        $(#[$doc])*
        pub struct $name;
        impl IntoResponses for $name {
            fn responses() -> BTreeMap<String, RefOr<Response>> {
                responses(&[$($code),*])
            }
        }
    };
}

error_set!(/// Errors of a list operation.
    ListErrors => [400, 401, 403, 503]);
error_set!(/// Errors of a read operation.
    ReadErrors => [400, 401, 403, 404, 503]);
error_set!(/// Errors of a create operation.
    CreateErrors => [400, 401, 403, 409, 413, 415, 422, 503]);
error_set!(/// Errors of a create operation that checks references in another service.
    CreateWithReferenceErrors => [400, 401, 403, 409, 413, 415, 422, 424, 503]);
error_set!(/// Errors of a merge-patch operation.
    UpdateErrors => [400, 401, 403, 404, 409, 412, 413, 415, 422, 503]);
error_set!(/// Errors of a delete operation.
    DeleteErrors => [400, 401, 403, 404, 409, 412, 503]);
