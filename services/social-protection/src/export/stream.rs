//! The streaming body: a producer on a blocking thread reads, encodes and queues batches; the
//! response streams them, its status decided by the first one.

use actix_web::web::Bytes;
use futures_util::StreamExt;
use tokio::sync::mpsc;

use formaliza_shared::db::{DbConnection, DbPool};
use formaliza_shared::privacy::Privacy;
use formaliza_shared::{ApiError, Principal, audit};

use super::encode::Encoder;
use super::query::{ExportFilter, ExportFormat};
use super::read::{Output, Stop, pg_export, sqlite_export};

/// How long an export waits for its first rows before it answers 200 without them: long
/// enough for a statement that fails to fail first, well inside the gateway's wait for a
/// response head (`FORMALIZA_UPSTREAM_TIMEOUT_MS`, 30 s by default), which a very large export
/// would otherwise spend in PostgreSQL's sort.
pub(super) const FIRST_BATCH_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Encoded batches queued ahead of the client: the next batch is read while this one travels.
pub(super) const AHEAD: usize = 2;

/// Reads and encodes the export on one blocking thread and one connection, queueing encoded
/// batches for the response, until the rows run out, the client goes away (the queue is
/// closed) or the database fails (the error is queued last).
pub(super) fn produce(
    pool: DbPool,
    filter: ExportFilter,
    privacy: Privacy,
    viewer: Principal,
    format: ExportFormat,
    queue: mpsc::Sender<Result<Bytes, ApiError>>,
) {
    let started = pool
        .get()
        .and_then(|connection| Ok((connection, Encoder::new(format, &privacy, viewer.clone())?)));
    let (mut connection, encoder) = match started {
        Ok(started) => started,
        Err(error) => {
            let _ = queue.blocking_send(Err(error));
            return;
        }
    };
    let mut output = Output { encoder, queue };
    let done = match &mut *connection {
        DbConnection::Pg(conn) => pg_export(conn, &filter, &mut output),
        DbConnection::Sqlite(conn) => sqlite_export(conn, &filter, &mut output),
    };
    // Every export leaves an access record, with the rows it read (a client that went away
    // half-way read fewer).
    if let Err(error) = audit::record_export(&mut connection, &viewer, output.encoder.rows) {
        log::error!("the export's access record could not be written: {error}");
    }
    if let Err(Stop::Failed(error)) = done {
        let _ = output.queue.blocking_send(Err(error));
    }
}

/// The response body from the producer's queue. The first batch decides the status: a database
/// that fails before any row is sent gets its problem answer, not a 200 cut short. Unless no
/// batch has come within `wait` (PostgreSQL still sorting a large export): then the status goes,
/// the rows follow, and a later failure can only cut the stream short.
pub(super) async fn answer_stream(
    mut batches: mpsc::Receiver<Result<Bytes, ApiError>>,
    wait: std::time::Duration,
) -> Result<impl futures_util::Stream<Item = Result<Bytes, actix_web::Error>>, ApiError> {
    let first = match actix_web::rt::time::timeout(wait, batches.recv()).await {
        Ok(first) => Some(
            first
                .ok_or_else(|| ApiError::internal("the export stopped before its first batch"))??,
        ),
        Err(_) => None,
    };
    let rest = futures_util::stream::unfold(batches, |mut batches| async move {
        let next = batches.recv().await?;
        if let Err(error) = &next {
            // Headers are gone: all we can do is cut the stream short, visibly.
            log::error!("enrolment export failed mid-stream: {error}");
        }
        Some((next.map_err(actix_web::Error::from), batches))
    });
    Ok(futures_util::stream::iter(first.map(Ok)).chain(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn body(
        stream: impl futures_util::Stream<Item = Result<Bytes, actix_web::Error>>,
    ) -> Vec<Result<Bytes, String>> {
        stream
            .map(|item| item.map_err(|e| e.to_string()))
            .collect()
            .await
    }

    #[actix_web::test]
    async fn a_failure_before_the_first_rows_is_the_answer() {
        let (queue, batches) = mpsc::channel(AHEAD);
        queue
            .send(Err(ApiError::unavailable("database down")))
            .await
            .unwrap();
        let answer = answer_stream(batches, std::time::Duration::from_secs(5)).await;
        let Err(problem) = answer else {
            panic!("a 200 for an export that failed before its first row");
        };
        assert_eq!(problem.status().as_u16(), 503);
    }

    #[actix_web::test]
    async fn rows_slower_than_the_wait_follow_the_status() {
        let (queue, batches) = mpsc::channel(AHEAD);
        // No rows yet, as while PostgreSQL sorts a large export: the status must not wait.
        let answer = actix_web::rt::time::timeout(
            std::time::Duration::from_secs(10),
            answer_stream(batches, std::time::Duration::from_millis(20)),
        )
        .await;
        let Ok(Ok(stream)) = answer else {
            panic!("the status waited for the first rows");
        };
        for batch in ["a\n", "b\n"] {
            queue.send(Ok(Bytes::from(batch))).await.unwrap();
        }
        drop(queue);
        let rows = body(stream).await;
        assert_eq!(rows, vec![Ok(Bytes::from("a\n")), Ok(Bytes::from("b\n"))]);
    }

    #[actix_web::test]
    async fn a_failure_after_the_status_cuts_the_stream() {
        let (queue, batches) = mpsc::channel(AHEAD);
        queue.send(Ok(Bytes::from("a\n"))).await.unwrap();
        queue
            .send(Err(ApiError::internal("connection lost")))
            .await
            .unwrap();
        drop(queue);
        let stream = answer_stream(batches, std::time::Duration::from_secs(5))
            .await
            .unwrap();
        let rows = body(stream).await;
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0], Ok(Bytes::from("a\n")));
        assert!(rows[1].is_err(), "the failure must end the body visibly");
    }
}
