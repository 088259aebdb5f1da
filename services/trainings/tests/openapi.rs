//! The trainings service's OpenAPI document is checked in at `openapi/trainings.json`; this fails
//! when the code and the file drift apart. `UPDATE_OPENAPI=1 cargo test` rewrites the file.

use std::path::PathBuf;

use formaliza_shared::testing::{check_operations_documented, check_published_document};

/// The one operation anyone may call without a token.
const PUBLIC: &str = "/v1/certificates/verify/{code}";

#[test]
fn the_published_document_matches_the_code() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../openapi/trainings.json");
    check_published_document(&formaliza_trainings::openapi(), &path);
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
    check_operations_documented(&formaliza_trainings::openapi(), &[PUBLIC]);
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
