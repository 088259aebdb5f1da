//! Error responses every operation documents, written once.

use std::collections::BTreeMap;

use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::link::{Link, LinkBuilder};
use utoipa::openapi::path::{Operation, Parameter, ParameterBuilder, ParameterIn, PathItem};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::security::{
    ClientCredentials, Flow, OAuth2, Scopes, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{OpenApi, Ref, RefOr, Required};
use utoipa::{IntoParams, IntoResponses};

use crate::auth::Scope;
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

/// A 503 at the gateway: the request was not carried out, so a retry is safe.
const GATEWAY_503: &str = "Not carried out: the gateway could not reach the service \
    (`upstream-unavailable`: the request was never delivered), or the service's database or a \
    service it depends on is unavailable. Retry after `Retry-After` seconds (a write with the same \
    `Idempotency-Key`)";
/// A 502 at the gateway: the request was sent, the answer was lost.
const GATEWAY_502: &str = "Outcome unknown: the connection to the service was lost after the \
    request was sent (`upstream-connection-lost`), or its answer could not be read \
    (`upstream-invalid-answer`). The service may have carried the request out: retry a write only \
    with the same `Idempotency-Key` (the first answer comes back, nothing is done twice), or read \
    the record before retrying one sent without a key";
/// A 504 at the gateway: no answer in time, and no knowing what the service did.
const GATEWAY_504: &str = "Outcome unknown: the service did not answer in time \
    (`upstream-timeout`). It may still carry the request out: retry a write only with the same \
    `Idempotency-Key`";
/// A 414 at the gateway's edge.
const EDGE_414: &str = "The request target (path and query) is longer than 8 KiB (`uri-too-long`)";
/// A 431 at the gateway's edge.
const EDGE_431: &str = "A header field is longer than 8 KiB, or the request line and headers \
    together exceed 32 KiB (`header-too-large`)";

/// Adds what the gateway itself may answer instead of the service (502, 503, 504, with what
/// each says about the request's outcome) to every operation of a service's document, as the
/// gateway exposes it.
pub fn state_gateway_failures(document: &mut OpenApi) {
    for operation in document.paths.paths.values_mut().flat_map(operations_mut) {
        for (code, description) in [
            ("502", GATEWAY_502),
            ("503", GATEWAY_503),
            ("504", GATEWAY_504),
        ] {
            operation
                .responses
                .responses
                .insert(code.to_owned(), problem(description));
        }
    }
}

/// Adds the gateway's limits on a request's head (414, 431) to every operation of a document.
pub fn state_edge_limits(document: &mut OpenApi) {
    for operation in document.paths.paths.values_mut().flat_map(operations_mut) {
        for (code, description) in [("414", EDGE_414), ("431", EDGE_431)] {
            operation
                .responses
                .responses
                .insert(code.to_owned(), problem(description));
        }
    }
}

/// Where the gateway issues tokens, relative to the server the document is read from.
pub const TOKEN_URL: &str = "/oauth/token";

/// Declares the gateway's OAuth 2.0 client-credentials flow (`oauth2`, with the token URL and
/// every scope) beside the `bearer` scheme, and offers it on every operation that takes a bearer
/// token, with the same scopes: Swagger UI's Authorize button then fetches a token and sends it,
/// and client generators learn where tokens come from. The token is the same either way.
pub fn offer_client_credentials(document: &mut OpenApi) {
    let scopes = Scopes::from_iter(
        Scope::ALL
            .iter()
            .map(|scope| (scope.as_str(), scope.description())),
    );
    document
        .components
        .get_or_insert_with(Default::default)
        .add_security_scheme(
            "oauth2",
            SecurityScheme::OAuth2(OAuth2::with_description(
                [Flow::ClientCredentials(ClientCredentials::new(
                    TOKEN_URL, scopes,
                ))],
                "OAuth 2.0 client credentials (RFC 6749 §4.4) at the gateway's `POST /oauth/token`: \
                 HTTP Basic with the client id and secret. The token it issues is the `bearer` one.",
            )),
        );
    for operation in document.paths.paths.values_mut().flat_map(operations_mut) {
        let Some(security) = operation.security.as_mut() else {
            continue;
        };
        let offered: Vec<SecurityRequirement> = security
            .iter()
            .filter_map(|requirement| {
                let requirement = serde_json::to_value(requirement).ok()?;
                let scopes = requirement.get("bearer")?.as_array()?;
                Some(SecurityRequirement::new(
                    "oauth2",
                    scopes
                        .iter()
                        .filter_map(|scope| scope.as_str().map(str::to_owned)),
                ))
            })
            .collect();
        security.extend(offered);
    }
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
error_set!(/// Errors of a list whose figures come partly from another service (424: it answered
    /// nonsense; 503: it cannot be reached).
    ListWithRelayErrors => [400, 401, 403, 424, 503]);
error_set!(/// Errors of a read whose figures come partly from another service.
    ReadWithRelayErrors => [400, 401, 403, 404, 424, 503]);
error_set!(/// Errors of a merge-patch operation.
    UpdateErrors => [400, 401, 403, 404, 409, 412, 413, 415, 422, 503]);
error_set!(/// Errors of a delete operation.
    DeleteErrors => [400, 401, 403, 404, 409, 412, 503]);

/// What the server accepts as an `Idempotency-Key`: 1 to 255 visible ASCII characters (inner
/// spaces and tabs allowed; HTTP strips them at the ends), as
/// [`crate::idempotency::IdempotencyKey`] parses it.
pub const IDEMPOTENCY_KEY_PATTERN: &str = r"^[!-~]([\t -~]*[!-~])?$";

fn header(name: &str, description: &str, schema: ObjectBuilder) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(schema.schema_type(Type::String)))
        .build()
}

/// The optional `Idempotency-Key` header of a POST, with the values it accepts.
pub struct IdempotencyKeyHeader;

impl IntoParams for IdempotencyKeyHeader {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![header(
            "Idempotency-Key",
            "Makes retries safe: the same key and body return the first response. \
             1 to 255 visible ASCII characters; a UUID is a good choice.",
            ObjectBuilder::new()
                .min_length(Some(1))
                .max_length(Some(255))
                .pattern(Some(IDEMPOTENCY_KEY_PATTERN)),
        )]
    }
}

/// The `{id}` of a record's path.
pub struct RecordIdPath;

impl IntoParams for RecordIdPath {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            ParameterBuilder::new()
                .name("id")
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .description(Some("The record's id"))
                .schema(Some(ObjectBuilder::new().schema_type(Type::String).format(
                    Some(utoipa::openapi::SchemaFormat::Custom("uuid".into())),
                )))
                .build(),
        ]
    }
}

/// The `304 Not Modified` of a record's `GET` with an `If-None-Match` naming its version.
pub struct NotModified;

impl IntoResponses for NotModified {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let etag = utoipa::openapi::HeaderBuilder::new()
            .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
            .description(Some("The current version"))
            .build();
        BTreeMap::from([(
            "304".to_owned(),
            RefOr::T(
                ResponseBuilder::new()
                    .description("Not modified: `If-None-Match` named the current version")
                    .header("ETag", etag)
                    .build(),
            ),
        )])
    }
}

/// The optional `If-Match` header of a PATCH, DELETE or state change.
pub struct IfMatchHeader;

impl IntoParams for IfMatchHeader {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![header(
            "If-Match",
            "ETag of the version you read (`\"3\"`); another version is a 412",
            ObjectBuilder::new(),
        )]
    }
}

/// The optional `If-None-Match` header of a GET of one record.
pub struct IfNoneMatchHeader;

impl IntoParams for IfNoneMatchHeader {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![header(
            "If-None-Match",
            "ETag of the version you hold (`\"3\"`); if it is still the current one, the answer is a 304 without a body",
            ObjectBuilder::new(),
        )]
    }
}

/// What every free-text query parameter accepts: no control character (C0, DEL, C1), as
/// `extract::parse_query` enforces.
pub const NO_CONTROL_CHARACTERS: &str = r"^[^\u0000-\u001F\u007F-\u009F]*$";

/// States in the document the rule `parse_query` applies to every query parameter: a plain
/// string (no enum, no format, no pattern of its own) gets [`NO_CONTROL_CHARACTERS`].
pub fn state_query_text_rule(document: &mut OpenApi) {
    let parameters = document
        .paths
        .paths
        .values_mut()
        .flat_map(operations_mut)
        .flat_map(|operation| operation.parameters.iter_mut().flatten());
    for parameter in parameters {
        let RefOr::T(parameter) = parameter else {
            continue;
        };
        if !matches!(parameter.parameter_in, ParameterIn::Query) {
            continue;
        }
        if let Some(RefOr::T(Schema::Object(text))) = &mut parameter.schema
            && matches!(text.schema_type, SchemaType::Type(Type::String))
            && text.format.is_none()
            && text.enum_values.is_none()
            && text.pattern.is_none()
        {
            text.pattern = Some(NO_CONTROL_CHARACTERS.to_owned());
        }
    }
}

/// Adds the OpenAPI links a client (or a stateful test) follows after creating a record: from
/// `POST /v1/things` (201) to every operation on `/v1/things/{id}` and below it, with the new id
/// and, where the target takes `If-Match`, the new ETag; and to every other create in the same
/// document whose body refers to a thing (`thing_id`), with the new id in that field.
pub fn link_created_records(document: &mut OpenApi) {
    let schemas = document
        .components
        .as_ref()
        .map(|c| c.schemas.clone())
        .unwrap_or_default();
    // (collection, operation id of its create)
    let creates: Vec<(String, String)> = document
        .paths
        .paths
        .iter()
        .filter_map(|(path, item)| {
            let post = item.post.as_ref()?;
            post.responses
                .responses
                .contains_key("201")
                .then(|| (path.clone(), post.operation_id.clone().unwrap_or_default()))
        })
        .collect();
    // (operation id of a create, the reference fields of its body)
    let references: Vec<(String, Vec<String>)> = creates
        .iter()
        .map(|(path, operation_id)| {
            let fields = document
                .paths
                .paths
                .get(path)
                .and_then(|item| item.post.as_ref())
                .map(|post| body_properties(post, &schemas))
                .unwrap_or_default();
            (operation_id.clone(), fields)
        })
        .collect();
    let mut links_by_collection: Vec<(String, Vec<(String, Link)>)> = Vec::new();
    for (collection, _) in &creates {
        let item_prefix = format!("{collection}/{{id}}");
        let mut links = Vec::new();
        for (path, item) in &document.paths.paths {
            if path != &item_prefix && !path.starts_with(&format!("{item_prefix}/")) {
                continue;
            }
            for operation in operations(item) {
                let Some(operation_id) = operation.operation_id.clone() else {
                    continue;
                };
                let mut link = LinkBuilder::new()
                    .operation_id(operation_id.clone())
                    .parameter("path.id", "$response.body#/id");
                let takes_if_match = operation
                    .parameters
                    .iter()
                    .flatten()
                    .any(|p| matches!(p, RefOr::T(p) if p.name == "If-Match"));
                if takes_if_match {
                    link = link.parameter("header.If-Match", "$response.header.ETag");
                }
                links.push((operation_id, link.build()));
            }
        }
        let singular = collection
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .trim_end_matches('s');
        let field = format!("{singular}_id");
        for (operation_id, fields) in &references {
            if fields.contains(&field) {
                let link = LinkBuilder::new()
                    .operation_id(operation_id.clone())
                    .request_body(Some(
                        serde_json::json!({ field.clone(): "$response.body#/id" }),
                    ))
                    .build();
                links.push((operation_id.clone(), link));
            }
        }
        links_by_collection.push((collection.clone(), links));
    }
    for (collection, links) in links_by_collection {
        let created = document
            .paths
            .paths
            .get_mut(&collection)
            .and_then(|item| item.post.as_mut())
            .and_then(|post| post.responses.responses.get_mut("201"));
        if let Some(RefOr::T(response)) = created {
            for (name, link) in links {
                response.links.insert(name, RefOr::T(link));
            }
        }
    }
}

/// The operations of a path item (the methods this API uses); [`operations_mut`] is its twin,
/// and the two must list the same methods.
fn operations(item: &PathItem) -> impl Iterator<Item = &Operation> {
    [&item.get, &item.post, &item.patch, &item.delete, &item.put]
        .into_iter()
        .flatten()
}

fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.post,
        &mut item.patch,
        &mut item.delete,
        &mut item.put,
    ]
    .into_iter()
    .flatten()
}

/// The top-level properties of an operation's JSON body (through one `$ref`).
fn body_properties(
    operation: &Operation,
    schemas: &BTreeMap<String, RefOr<utoipa::openapi::schema::Schema>>,
) -> Vec<String> {
    use utoipa::openapi::schema::Schema;
    let schema = match &operation.request_body {
        Some(RefOr::T(body)) => match body.content.get("application/json") {
            Some(RefOr::T(content)) => content.schema.as_ref(),
            _ => None,
        },
        _ => None,
    };
    let object = match schema {
        Some(RefOr::Ref(reference)) => reference
            .ref_location
            .rsplit('/')
            .next()
            .and_then(|name| schemas.get(name)),
        Some(inline) => Some(inline),
        None => None,
    };
    match object {
        Some(RefOr::T(Schema::Object(object))) => object.properties.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

/// The methods each path of a document answers, for a `405` with `Allow` (RFC 9110 §15.5.6)
/// when a request names a known path with another method.
#[derive(Debug, Clone, Default)]
pub struct AllowedMethods(Vec<(Vec<String>, Vec<&'static str>)>);

impl AllowedMethods {
    pub fn of(document: &OpenApi) -> Self {
        let mut allowed = Self::default();
        for (path, item) in &document.paths.paths {
            let methods: Vec<&'static str> = [
                ("GET", &item.get),
                ("POST", &item.post),
                ("PUT", &item.put),
                ("PATCH", &item.patch),
                ("DELETE", &item.delete),
            ]
            .into_iter()
            .filter_map(|(method, operation)| operation.as_ref().map(|_| method))
            .collect();
            allowed.add(path, &methods);
        }
        allowed
    }

    /// Adds a path template (`/v1/things/{id}`) answering `methods` (and `HEAD` wherever it
    /// answers `GET`, see [`crate::head`]).
    pub fn add(&mut self, template: &str, methods: &[&'static str]) {
        let mut with_head = Vec::with_capacity(methods.len() + 1);
        for &method in methods {
            match method {
                "GET" => with_head.extend(["GET", "HEAD"]),
                "HEAD" => {}
                other => with_head.push(other),
            }
        }
        let methods = with_head;
        let segments = template.split('/').map(str::to_owned).collect();
        match self.0.iter_mut().find(|(s, _)| *s == segments) {
            Some((_, known)) => {
                for method in methods {
                    if !known.contains(&method) {
                        known.push(method);
                    }
                }
            }
            None => self.0.push((segments, methods)),
        }
    }

    /// The path's segment in place of the first `{parameter}` of a template it matches (the
    /// `{id}` of `/v1/members/{id}` or `/v1/programme/indicators/{id}/progress`).
    pub fn parameter<'p>(&self, path: &'p str) -> Option<&'p str> {
        let segments: Vec<&str> = path.split('/').collect();
        self.0.iter().find_map(|(template, _)| {
            let matches = template.len() == segments.len()
                && template.iter().zip(&segments).all(|(t, s)| {
                    t == s || (t.starts_with('{') && t.ends_with('}') && !s.is_empty())
                });
            if !matches {
                return None;
            }
            template
                .iter()
                .position(|t| t.starts_with('{'))
                .map(|n| segments[n])
        })
    }

    /// The `Allow` value for a request path, if some template matches it. A template without
    /// parameters (`/v1/members/import`) wins over one with (`/v1/members/{id}`), as in routing.
    pub fn allow(&self, path: &str) -> Option<String> {
        let segments: Vec<&str> = path.split('/').collect();
        if let Some((_, allowed)) = self.0.iter().find(|(template, _)| *template == segments) {
            return Some(allowed.join(", "));
        }
        let mut methods: Vec<&str> = Vec::new();
        for (template, allowed) in &self.0 {
            let matches = template.len() == segments.len()
                && template.iter().zip(&segments).all(|(t, s)| {
                    t == s || (t.starts_with('{') && t.ends_with('}') && !s.is_empty())
                });
            if matches {
                for method in allowed {
                    if !methods.contains(method) {
                        methods.push(method);
                    }
                }
            }
        }
        (!methods.is_empty()).then(|| methods.join(", "))
    }
}
