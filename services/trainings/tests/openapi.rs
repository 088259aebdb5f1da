//! The trainings service's OpenAPI document is checked in at `openapi/trainings.json`; this fails
//! when the code and the file drift apart. `UPDATE_OPENAPI=1 cargo test` rewrites the file.

use std::path::PathBuf;

/// The one operation anyone may call without a token.
const PUBLIC: &str = "/v1/certificates/verify/{code}";

#[test]
fn the_published_document_matches_the_code() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../openapi/trainings.json");
    let generated = formaliza_trainings::openapi().to_pretty_json().unwrap() + "\n";
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == generated,
        "openapi/trainings.json is out of date: run `UPDATE_OPENAPI=1 cargo test -p formaliza-trainings --test openapi`"
    );
}

#[test]
fn every_operation_documents_its_scope_and_errors() {
    let document = serde_json::to_value(formaliza_trainings::openapi()).unwrap();
    let paths = document["paths"].as_object().unwrap();
    for expected in [
        "/v1/courses",
        "/v1/sessions/{id}",
        "/v1/sessions/{id}/attendance",
        "/v1/participations",
        "/v1/certificates",
        PUBLIC,
        "/v1/indicators/training",
        "/v1/feeds/{service}",
    ] {
        assert!(paths.contains_key(expected), "{expected} missing");
    }
    for (path, item) in paths {
        for (method, operation) in item.as_object().unwrap() {
            let responses = operation["responses"].as_object().unwrap();
            if path == "/healthz" {
                continue;
            }
            assert!(responses.contains_key("503"), "{method} {path} lacks 503");
            if path == PUBLIC {
                assert_eq!(
                    operation["security"],
                    serde_json::json!([{}]),
                    "{path} must be public"
                );
                assert!(responses.contains_key("404"));
            } else if path != "/readyz" {
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
    // Schema names are unique across services: generic names are prefixed.
    let schemas = document["components"]["schemas"].as_object().unwrap();
    for name in [
        "TrainingIndicator",
        "CertificateVerification",
        "CourseTopic",
        "Problem",
    ] {
        assert!(schemas.contains_key(name), "{name} missing");
    }
}
