//! JSON Merge Patch (RFC 7396) onto a resource's writable representation.

use serde::de::DeserializeOwned;

use crate::error::{ApiError, FieldError};
use crate::extract::json_field_error;

/// Applies `patch` to `current` (the writable fields of a resource).
pub fn apply(
    current: &serde_json::Value,
    patch: &serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    if !patch.is_object() {
        return Err(ApiError::validation(vec![FieldError::new(
            "body",
            "invalid_type",
            "a merge patch must be a JSON object",
        )]));
    }
    let mut document = current.clone();
    json_patch::merge(&mut document, patch);
    Ok(document)
}

/// Parses the patched document as a fresh input, so a patched record passes exactly the
/// validation a new one would. A field the input does not know (including read-only ones such
/// as `id` or `version`) is a 422.
pub fn parse<T: DeserializeOwned>(document: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(document)
        .map_err(|error| ApiError::validation(vec![json_field_error(&error)]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_patch_follows_rfc_7396() {
        let current = json!({"name": "a", "region": "PE-JUN", "nested": {"x": 1, "y": 2}});
        let patched = apply(
            &current,
            &json!({"region": null, "nested": {"y": null, "z": 3}}),
        )
        .unwrap();
        assert_eq!(patched, json!({"name": "a", "nested": {"x": 1, "z": 3}}));
        assert_eq!(
            apply(&current, &json!([1])).unwrap_err().status().as_u16(),
            422
        );
    }
}
