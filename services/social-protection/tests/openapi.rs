//! The service's OpenAPI document is checked in at `openapi/social-protection.json`; this fails
//! when the code and the file drift apart. `UPDATE_OPENAPI=1 cargo test` rewrites the file.

use std::path::PathBuf;

#[test]
fn the_published_document_matches_the_code() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../openapi/social-protection.json");
    let generated = formaliza_social_protection::openapi()
        .to_pretty_json()
        .unwrap()
        + "\n";
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == generated,
        "openapi/social-protection.json is out of date: run `UPDATE_OPENAPI=1 cargo test -p formaliza-social-protection --test openapi`"
    );
}

#[test]
fn every_operation_documents_its_scope_and_errors() {
    let document = serde_json::to_value(formaliza_social_protection::openapi()).unwrap();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let responses = operation["responses"].as_object().unwrap();
            if path == "/healthz" {
                continue;
            }
            assert!(responses.contains_key("503"), "{method} {path} lacks 503");
            if path != "/readyz" {
                assert!(
                    operation["security"][0]["bearer"]
                        .as_array()
                        .is_some_and(|s| !s.is_empty()),
                    "{method} {path} lacks its scope"
                );
                for status in ["400", "401", "403"] {
                    let content =
                        &responses[status]["content"]["application/problem+json"]["schema"]["$ref"];
                    assert_eq!(
                        content, "#/components/schemas/Problem",
                        "{method} {path} {status}"
                    );
                }
            }
            assert!(
                operation["summary"].is_string() || operation["description"].is_string(),
                "{method} {path} undocumented"
            );
        }
    }
}

#[test]
fn schema_names_are_the_services_own() {
    let document = serde_json::to_value(formaliza_social_protection::openapi()).unwrap();
    let schemas = document["components"]["schemas"].as_object().unwrap();
    for generic in ["Indicator", "Item", "Data", "Status", "Kind", "Transition"] {
        assert!(
            !schemas.contains_key(generic),
            "{generic} is too generic a schema name"
        );
    }
    for own in [
        "Scheme",
        "Enrollment",
        "CoverageIndicator",
        "ExportedEnrollment",
    ] {
        assert!(schemas.contains_key(own), "{own} missing");
    }
}
