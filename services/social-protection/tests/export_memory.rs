//! 100,000 enrolments exported in constant memory, on both backends.
//!
//! Memory is this process's resident set, so this test has a binary of its own, and runs the
//! backends one after the other: beside the API tests, any of them allocating at the same time
//! (seeding, another export) counted as growth, and the check failed or passed by timing.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on what it did not expect"
)]

#[allow(
    dead_code,
    reason = "the API tests' helpers, of which this test uses a few"
)]
#[path = "api/common.rs"]
mod common;

use cap::Cap;
use diesel::prelude::*;
use formaliza_shared::Scope;
use formaliza_shared::db::Backend;
use formaliza_social_protection::schema::enrollments;
use futures_util::StreamExt;
use serde_json::Value;

use crate::common::{export, scheme};

/// Live heap bytes of this process, where the services run too: what the export holds. The
/// resident set also counted what the allocator had kept from the seeding, which hid growth.
#[global_allocator]
static HEAP: Cap<std::alloc::System> = Cap::new(std::alloc::System, usize::MAX);

/// What the export may hold at once: the batches queued ahead and the one being written, a few
/// hundred kilobytes each; the whole export is 58 MB.
const LIVE_HEAP_BOUND: usize = 8 << 20;

async fn streams(backend: Backend) {
    let Some(services) = common::start(backend).await else {
        return;
    };
    let (_, writer) = services.programme();
    let sis = scheme(&writer, "public_service", "person").await;
    const ROWS: usize = 100_000;
    // Written straight into the table: 100,000 API calls would test the API, not the export.
    let now = formaliza_shared::db::now();
    let date = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    formaliza_shared::db::run(&services.protection.pool, move |conn| {
        formaliza_shared::db::write(conn, |conn| {
            for chunk in 0..ROWS / 1000 {
                let rows: Vec<_> = (0..1000)
                    .map(|i| {
                        (
                            enrollments::id.eq(uuid::Uuid::now_v7().to_string()),
                            enrollments::scheme_id.eq(sis.clone()),
                            enrollments::member_id.eq(Some(format!("member-{chunk}-{i}"))),
                            enrollments::status.eq("active"),
                            enrollments::status_since.eq(date),
                            enrollments::version.eq(1_i64),
                            enrollments::created_at.eq(now),
                            enrollments::updated_at.eq(now),
                        )
                    })
                    .collect();
                formaliza_shared::on_backend!(conn, |c| diesel::insert_into(enrollments::table)
                    .values(&rows)
                    .execute(c))?;
            }
            Ok::<_, diesel::result::Error>(())
        })?;
        Ok(())
    })
    .await
    .unwrap();

    // A fresh client: the pooled connection may have idled out meanwhile.
    let api = services.protection.client(Some(common::token(
        "ministry",
        &[Scope::EnrollmentsExport],
        None,
    )));
    let mut response = api
        .request(actix_web::http::Method::GET, "/v1/enrollments/export")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert!(
        response.headers().get("content-length").is_none(),
        "chunked, not buffered"
    );
    let start = HEAP.allocated();
    let (mut lines, mut bytes, mut chunks, mut peak) = (0_usize, 0_usize, 0_usize, start);
    let mut partial = Vec::new();
    while let Some(chunk) = response.next().await {
        let chunk = chunk.unwrap();
        chunks += 1;
        bytes += chunk.len();
        if chunks == 1 {
            // A slow client: the service must wait for it, not read the rest ahead into memory.
            actix_rt::time::sleep(std::time::Duration::from_secs(3)).await;
        }
        partial.extend_from_slice(&chunk);
        // Check each complete line parses, keep only the unfinished tail.
        let end = partial
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1);
        for line in partial[..end]
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
        {
            let row: Value = serde_json::from_slice(line).unwrap();
            assert_eq!(row["consent"], false);
            lines += 1;
        }
        partial.drain(..end);
        peak = peak.max(HEAP.allocated());
    }
    assert_eq!(lines, ROWS);
    assert!(chunks > 10, "streamed in pieces, got {chunks}");
    // The whole export is tens of megabytes; memory must not grow with it.
    let growth = peak.saturating_sub(start);
    eprintln!("{backend:?}: live heap grew by at most {growth} bytes for a {bytes}-byte export");
    assert!(
        growth < LIVE_HEAP_BOUND,
        "the live heap grew by {growth} bytes for a {bytes}-byte export"
    );

    // A client that leaves after the first chunk: the export stops, its connection comes back
    // to the pool clean, and the next export is whole.
    {
        let mut response = api
            .request(actix_web::http::Method::GET, "/v1/enrollments/export")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert!(!response.next().await.unwrap().unwrap().is_empty());
    }
    assert_eq!(export(&api, "?status=active").await.len(), ROWS);
    assert_eq!(export(&api, "?status=rejected").await.len(), 0);
}

#[actix_rt::test]
async fn a_hundred_thousand_enrolments_stream_in_constant_memory() {
    streams(Backend::Sqlite).await;
    streams(Backend::Postgres).await;
}
