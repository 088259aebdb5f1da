//! The service's OpenAPI document is checked in at `openapi/social-protection.json`; this fails
//! when the code and the file drift apart. `UPDATE_OPENAPI=1 cargo test` rewrites the file.

use std::path::PathBuf;

use formaliza_shared::testing::{check_operations_documented, check_published_document};

#[test]
fn the_published_document_matches_the_code() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../openapi/social-protection.json");
    check_published_document(&formaliza_social_protection::openapi(), &path);
}

#[test]
fn every_operation_documents_its_scope_and_errors() {
    check_operations_documented(&formaliza_social_protection::openapi(), &[]);
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
