//! Keyset pagination with opaque cursors: every page costs one index range scan, however deep.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::ApiError;

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 500;

/// A validated page request: how many rows, and the key after which to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: i64,
    /// The last key of the previous page (rows come in ascending key order).
    pub after: Option<String>,
}

impl PageRequest {
    /// Validates `?limit=` (1..=500, default 50) and decodes `?cursor=`.
    pub fn parse(limit: Option<i64>, cursor: Option<&str>) -> Result<Self, ApiError> {
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::bad_parameter(
                "limit",
                "out_of_range",
                format!("limit must be between 1 and {MAX_LIMIT}"),
            ));
        }
        let after = cursor
            .filter(|c| !c.is_empty())
            .map(decode_cursor)
            .transpose()?;
        Ok(Self { limit, after })
    }

    /// How many rows to fetch: one more than the page, to know whether another page follows.
    pub fn fetch(&self) -> i64 {
        self.limit + 1
    }

    /// Cuts the extra row off and builds the response.
    pub fn page<R, T>(
        &self,
        mut rows: Vec<R>,
        key: impl Fn(&R) -> String,
        view: impl FnMut(R) -> T,
    ) -> Page<T> {
        let limit = usize::try_from(self.limit).unwrap_or(usize::MAX);
        let next_cursor = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(|row| encode_cursor(&key(row)))
        } else {
            None
        };
        Page {
            data: rows.into_iter().map(view).collect(),
            next_cursor,
        }
    }
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub data: Vec<T>,
    /// Pass as `?cursor=` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

const CURSOR_PREFIX: &str = "k1:";

pub fn encode_cursor(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{CURSOR_PREFIX}{key}"))
}

pub fn decode_cursor(cursor: &str) -> Result<String, ApiError> {
    let invalid = || {
        ApiError::bad_parameter(
            "cursor",
            "invalid_cursor",
            "the cursor is not one this API returned",
        )
    };
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let key = text.strip_prefix(CURSOR_PREFIX).ok_or_else(invalid)?;
    if key.is_empty() || key.len() > 200 {
        return Err(invalid());
    }
    Ok(key.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn cursors_round_trip(key in "[ -~]{1,200}") {
            prop_assert_eq!(decode_cursor(&encode_cursor(&key)).unwrap(), key);
        }

        #[test]
        fn garbage_cursors_are_400_not_panics(cursor in ".{0,300}") {
            if let Err(error) = decode_cursor(&cursor) {
                prop_assert_eq!(error.status().as_u16(), 400);
            }
        }
    }

    #[test]
    fn limits_are_enforced() {
        assert_eq!(PageRequest::parse(None, None).unwrap().limit, 50);
        assert_eq!(PageRequest::parse(Some(500), None).unwrap().limit, 500);
        for bad in [0, -1, 501, 100_000] {
            assert_eq!(
                PageRequest::parse(Some(bad), None)
                    .unwrap_err()
                    .status()
                    .as_u16(),
                400
            );
        }
    }

    #[test]
    fn page_cuts_the_probe_row_and_points_past_the_last() {
        let request = PageRequest::parse(Some(2), None).unwrap();
        let page = request.page(vec!["a", "b", "c"], |r| r.to_string(), |r| r);
        assert_eq!(page.data, vec!["a", "b"]);
        assert_eq!(
            decode_cursor(page.next_cursor.as_deref().unwrap()).unwrap(),
            "b"
        );
        let last = request.page(vec!["a", "b"], |r| r.to_string(), |r| r);
        assert!(last.next_cursor.is_none());
    }
}
