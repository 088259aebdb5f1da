//! JSON Merge Patch (RFC 7396) onto a resource's writable representation.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, FieldError};
use crate::extract::json_field_error;

/// Applies `patch` to `current` (the writable fields of a resource) and parses the result as a
/// fresh input, so a patched record passes exactly the validation a new one would. A field the
/// input does not know (including read-only ones such as `id` or `version`) is a 422.
pub fn merge<I, O>(current: &I, patch: &serde_json::Value) -> Result<O, ApiError>
where
    I: Serialize,
    O: DeserializeOwned,
{
    if !patch.is_object() {
        return Err(ApiError::validation(vec![FieldError::new(
            "body",
            "invalid_type",
            "a merge patch must be a JSON object",
        )]));
    }
    let mut document = serde_json::to_value(current)?;
    json_patch::merge(&mut document, patch);
    serde_path_to_error::deserialize(document).map_err(|error| ApiError::validation(vec![json_field_error(&error)]))
}
