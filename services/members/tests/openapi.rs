//! The members service's OpenAPI document is checked in at `openapi/members.json`; this fails
//! when the code and the file drift apart. `UPDATE_OPENAPI=1 cargo test` rewrites the file.

use std::path::PathBuf;

use formaliza_shared::testing::{check_operations_documented, check_published_document};

#[test]
fn the_published_document_matches_the_code() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../openapi/members.json");
    check_published_document(&formaliza_members::openapi(), &path);
}

#[test]
fn every_operation_documents_its_scope_and_errors() {
    check_operations_documented(&formaliza_members::openapi(), &[]);
}
