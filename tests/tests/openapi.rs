//! The published OpenAPI document, `openapi/formaliza.json`: the gateway's operations plus every
//! service's, as the gateway exposes them. Fails on drift; `UPDATE_OPENAPI=1` rewrites it.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on what it did not expect"
)]

use std::path::PathBuf;

use utoipa::openapi::OpenApi;

/// Every service behind the gateway, with its document.
fn services() -> Vec<(&'static str, OpenApi)> {
    vec![
        ("members", formaliza_members::openapi()),
        ("trainings", formaliza_trainings::openapi()),
        ("social-protection", formaliza_social_protection::openapi()),
    ]
}

fn merged() -> OpenApi {
    let mut document = formaliza_gateway::openapi();
    for (name, mut service) in services() {
        // At the gateway these are the gateway's own.
        for own in ["/healthz", "/readyz"] {
            service.paths.paths.remove(own);
        }
        // What the gateway answers when the service cannot (and what that says of the outcome).
        formaliza_shared::openapi::state_gateway_failures(&mut service);
        // utoipa's merge keeps the first of two same-named schemas silently: refuse instead.
        if let (Some(ours), Some(theirs)) = (&document.components, &service.components) {
            for (schema, definition) in &theirs.schemas {
                if let Some(existing) = ours.schemas.get(schema) {
                    let (a, b) = (
                        serde_json::to_value(existing).unwrap(),
                        serde_json::to_value(definition).unwrap(),
                    );
                    assert_eq!(
                        a, b,
                        "schema `{schema}` of the {name} service clashes with another of the same name"
                    );
                }
            }
        }
        // Import jobs are one API in every service, the gateway choosing by kind or job id:
        // one operation each, whose security lists each service's scope (any one suffices).
        let shared: Vec<String> = service
            .paths
            .paths
            .keys()
            .filter(|path| {
                path.starts_with("/v1/imports") && document.paths.paths.contains_key(*path)
            })
            .cloned()
            .collect();
        for path in shared {
            let theirs = service.paths.paths.remove(&path).unwrap();
            let ours = document.paths.paths.get_mut(&path).unwrap();
            for (method, operation) in [
                (&mut ours.get, theirs.get),
                (&mut ours.post, theirs.post),
                (&mut ours.delete, theirs.delete),
            ] {
                if let (Some(ours), Some(theirs)) = (method.as_mut(), operation) {
                    let security = ours.security.get_or_insert_with(Vec::new);
                    for requirement in theirs.security.unwrap_or_default() {
                        let value = serde_json::to_value(&requirement).unwrap();
                        if !security
                            .iter()
                            .any(|r| serde_json::to_value(r).unwrap() == value)
                        {
                            security.push(requirement);
                        }
                    }
                }
            }
        }
        for path in service.paths.paths.keys() {
            assert!(
                !document.paths.paths.contains_key(path)
                    || path.starts_with("/v1/feeds/")
                    || path.starts_with("/v1/audit/"),
                "{name} redefines {path}"
            );
        }
        document.merge(service);
    }
    formaliza_shared::openapi::state_edge_limits(&mut document);
    formaliza_shared::openapi::offer_client_credentials(&mut document);
    document
}

/// Whether an operation requires a token: `security` lists a non-empty requirement (an empty
/// `{}` one means anonymous access is allowed).
fn needs_token(operation: &serde_json::Value) -> bool {
    operation["security"]
        .as_array()
        .is_some_and(|requirements| {
            !requirements.is_empty()
                && requirements
                    .iter()
                    .all(|r| r.as_object().is_some_and(|o| !o.is_empty()))
        })
}

#[test]
fn the_published_document_matches_the_code() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../openapi/formaliza.json");
    let generated = merged().to_pretty_json().unwrap() + "\n";
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == generated,
        "openapi/formaliza.json is out of date: run `UPDATE_OPENAPI=1 cargo test -p formaliza-tests --test openapi`"
    );
    // The gateway serves exactly this file.
    assert_eq!(
        formaliza_gateway::PUBLISHED_SPEC,
        published,
        "rebuild the gateway after updating the document"
    );
}

#[test]
fn every_operation_but_the_public_ones_needs_a_token() {
    let document = serde_json::to_value(merged()).unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    assert!(document["components"]["securitySchemes"]["bearer"].is_object());
    let public = [
        "/healthz",
        "/readyz",
        "/oauth/token",
        "/.well-known/jwks.json",
        // An employer checking a worker's certificate has no account.
        "/v1/certificates/verify/{code}",
        // Published indicators: anyone, a dashboard in a browser above all.
        "/v1/public",
        "/v1/public/{slug}",
    ];
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let secured = needs_token(operation);
            assert_eq!(secured, !public.contains(&path.as_str()), "{method} {path}");
        }
    }
}

#[test]
fn the_gateway_routes_every_service_operation_with_a_matching_scope() {
    let document = serde_json::to_value(merged()).unwrap();
    let own = [
        "/healthz",
        "/readyz",
        "/oauth/token",
        "/.well-known/jwks.json",
    ];
    for (path, item) in document["paths"].as_object().unwrap() {
        // Webhook subscriptions and published indicators are the gateway's own, checked by its
        // handlers.
        if own.contains(&path.as_str())
            || path.starts_with("/v1/subscriptions")
            || path.starts_with("/v1/published")
            || path.starts_with("/v1/public")
        {
            continue;
        }
        // `/v1/feeds/{service}`: each service's own feed.
        let concrete = path.replace("{service}", "members");
        let route = formaliza_gateway::routes::route_for(&concrete)
            .unwrap_or_else(|| panic!("no gateway route for {path}"));
        for (method, operation) in item.as_object().unwrap() {
            let needed = if method == "get" {
                route.read
            } else {
                route.write
            };
            if needed.is_empty() {
                assert!(
                    !needs_token(operation),
                    "{method} {path} is public at the gateway"
                );
                continue;
            }
            let declared: Vec<&str> = operation["security"][0]["bearer"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
                .collect();
            assert!(
                needed
                    .iter()
                    .any(|scope| declared.contains(&scope.as_str())),
                "{method} {path}: the gateway asks for {needed:?}, the operation declares {declared:?}"
            );
        }
    }
}

#[test]
fn the_client_credentials_flow_lists_every_scope_and_stands_beside_every_bearer_requirement() {
    let document = serde_json::to_value(merged()).unwrap();
    let flow = &document["components"]["securitySchemes"]["oauth2"]["flows"]["clientCredentials"];
    assert_eq!(flow["tokenUrl"], "/oauth/token");
    let mut declared: Vec<&str> = flow["scopes"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut every: Vec<&str> = formaliza_shared::auth::Scope::ALL
        .iter()
        .map(|scope| scope.as_str())
        .collect();
    declared.sort_unstable();
    every.sort_unstable();
    assert_eq!(declared, every);
    // Swagger UI sends the token it fetched only where an operation names the oauth2 scheme.
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let Some(requirements) = operation["security"].as_array() else {
                continue;
            };
            let under = |scheme: &str| -> Vec<&serde_json::Value> {
                requirements.iter().filter_map(|r| r.get(scheme)).collect()
            };
            assert_eq!(under("bearer"), under("oauth2"), "{method} {path}");
        }
    }
}
