//! What the client is told when an exchange with a service fails: whether the request certainly
//! never reached the service (nothing was done: retry later) or the outcome is unknown (a write
//! may have been committed: retry only with the same `Idempotency-Key`). A connection that breaks
//! after the request was written must never read as "unavailable, retry", since a plain retry of
//! a committed create would then create the record twice.

use std::io;
use std::time::Duration;

use actix_web::error::ParseError;
use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderValue, RETRY_AFTER};
use awc::error::{ConnectError, PayloadError, SendRequestError};

use formaliza_shared::ApiError;

/// How an exchange with a service failed, as far as the gateway can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No connection was established (refused, unresolvable, nothing listening, connect time-out):
    /// the service never saw the request.
    Unreachable,
    /// The connection broke after the request was (or may have been) written: the service may
    /// have acted on it.
    ConnectionLost,
    /// The service answered something that is not a readable HTTP answer.
    InvalidAnswer,
    /// No (complete) answer within the gateway's upstream time-out.
    TimedOut,
    /// The client's own request body broke off while it was being passed on.
    IncompleteRequestBody,
}

/// Kinds of I/O error that only a connection attempt produces: the request was never written.
const NEVER_CONNECTED: &[io::ErrorKind] = &[
    io::ErrorKind::ConnectionRefused,
    io::ErrorKind::AddrNotAvailable,
    io::ErrorKind::HostUnreachable,
    io::ErrorKind::NetworkUnreachable,
];

impl Failure {
    /// Classifies a failed send, conservatively: only failures that can only happen before a
    /// connection exists count as [`Failure::Unreachable`]. awc reports an answer that never came
    /// on a connection (a fresh one, or a pooled one the service closed meanwhile) as
    /// `Connect(Disconnected)`, after the request was written, so that one means "lost".
    pub fn of_send(error: &SendRequestError) -> Self {
        match error {
            SendRequestError::Connect(connect) => match connect {
                ConnectError::Resolver(_)
                | ConnectError::NoRecords
                | ConnectError::Unresolved
                | ConnectError::SslIsNotSupported
                | ConnectError::Timeout => Failure::Unreachable,
                ConnectError::Io(io) if NEVER_CONNECTED.contains(&io.kind()) => {
                    Failure::Unreachable
                }
                _ => Failure::ConnectionLost,
            },
            SendRequestError::Timeout => Failure::TimedOut,
            SendRequestError::Response(ParseError::Io(_)) => Failure::ConnectionLost,
            SendRequestError::Response(_) => Failure::InvalidAnswer,
            SendRequestError::Body(_) => Failure::IncompleteRequestBody,
            // A write that failed part-way, and anything awc may add later: unknown outcome.
            _ => Failure::ConnectionLost,
        }
    }

    /// Classifies a failure while reading the answer's body (the head had arrived).
    pub fn of_body(error: &PayloadError) -> Self {
        match error {
            PayloadError::Incomplete(_) | PayloadError::Io(_) => Failure::ConnectionLost,
            _ => Failure::InvalidAnswer,
        }
    }

    /// The `kind` label of the `upstream_errors` metric.
    pub fn metric_kind(self) -> &'static str {
        match self {
            Failure::Unreachable => "unavailable",
            Failure::ConnectionLost => "connection_lost",
            Failure::InvalidAnswer => "invalid_answer",
            Failure::TimedOut => "timeout",
            Failure::IncompleteRequestBody => "incomplete_request",
        }
    }

    /// The problem the client gets; `timeout` is the gateway's upstream time-out.
    pub fn problem(self, service: &str, timeout: Duration) -> ApiError {
        const UNKNOWN: &str = "the outcome is unknown: the service may have carried the request \
                               out. Reads are safe to retry; retry a write only with the same \
                               Idempotency-Key (its first answer is then returned, nothing is done \
                               twice), or check the record first if it had none";
        match self {
            Failure::Unreachable => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "upstream-unavailable",
                "Service unavailable",
                format!(
                    "the {service} service could not be reached, so the request was not delivered \
                     and nothing was done; retry later"
                ),
            )
            .with_header(RETRY_AFTER, HeaderValue::from_static("1")),
            Failure::ConnectionLost => ApiError::new(
                StatusCode::BAD_GATEWAY,
                "upstream-connection-lost",
                "Connection to the service lost",
                format!(
                    "the connection to the {service} service was lost after the request was sent; \
                     {UNKNOWN}"
                ),
            ),
            Failure::InvalidAnswer => ApiError::new(
                StatusCode::BAD_GATEWAY,
                "upstream-invalid-answer",
                "Invalid answer from the service",
                format!("the {service} service's answer could not be read; {UNKNOWN}"),
            ),
            Failure::TimedOut => ApiError::new(
                StatusCode::GATEWAY_TIMEOUT,
                "upstream-timeout",
                "Service timed out",
                format!(
                    "the {service} service did not answer within {} ms; {UNKNOWN}",
                    timeout.as_millis()
                ),
            ),
            Failure::IncompleteRequestBody => ApiError::new(
                StatusCode::BAD_REQUEST,
                "incomplete-request-body",
                "Incomplete request body",
                format!(
                    "the request body broke off before its end while it was passed to the \
                     {service} service; {UNKNOWN}"
                ),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn io(kind: io::ErrorKind) -> io::Error {
        io::Error::new(kind, "test")
    }

    #[test]
    fn only_failures_before_a_connection_are_unreachable() {
        let cases: Vec<(SendRequestError, Failure)> = vec![
            (
                SendRequestError::Connect(ConnectError::Io(io(io::ErrorKind::ConnectionRefused))),
                Failure::Unreachable,
            ),
            (
                SendRequestError::Connect(ConnectError::NoRecords),
                Failure::Unreachable,
            ),
            (
                SendRequestError::Connect(ConnectError::Unresolved),
                Failure::Unreachable,
            ),
            (
                SendRequestError::Connect(ConnectError::Timeout),
                Failure::Unreachable,
            ),
            // awc's word for "the connection closed before an answer came": after the write.
            (
                SendRequestError::Connect(ConnectError::Disconnected),
                Failure::ConnectionLost,
            ),
            (
                SendRequestError::Connect(ConnectError::Io(io(io::ErrorKind::ConnectionReset))),
                Failure::ConnectionLost,
            ),
            (
                SendRequestError::Connect(ConnectError::Io(io(io::ErrorKind::Other))),
                Failure::ConnectionLost,
            ),
            (
                SendRequestError::Send(io(io::ErrorKind::BrokenPipe)),
                Failure::ConnectionLost,
            ),
            (
                SendRequestError::Response(ParseError::Io(io(io::ErrorKind::ConnectionReset))),
                Failure::ConnectionLost,
            ),
            (
                SendRequestError::Response(ParseError::Status),
                Failure::InvalidAnswer,
            ),
            (SendRequestError::Timeout, Failure::TimedOut),
        ];
        for (error, expected) in cases {
            assert_eq!(Failure::of_send(&error), expected, "{error:?}");
        }
    }

    #[test]
    fn a_cut_off_body_is_a_lost_connection() {
        assert_eq!(
            Failure::of_body(&PayloadError::Incomplete(None)),
            Failure::ConnectionLost
        );
        assert_eq!(
            Failure::of_body(&PayloadError::EncodingCorrupted),
            Failure::InvalidAnswer
        );
    }

    #[test]
    fn only_the_unreachable_service_says_retry_later() {
        let timeout = Duration::from_millis(500);
        for failure in [
            Failure::Unreachable,
            Failure::ConnectionLost,
            Failure::InvalidAnswer,
            Failure::TimedOut,
            Failure::IncompleteRequestBody,
        ] {
            let problem = failure.problem("members", timeout);
            let unreachable = failure == Failure::Unreachable;
            assert_eq!(
                problem.status() == StatusCode::SERVICE_UNAVAILABLE,
                unreachable
            );
            assert_eq!(problem.detail().contains("retry later"), unreachable);
            assert_eq!(problem.detail().contains("Idempotency-Key"), !unreachable);
        }
    }

    #[test]
    fn every_failure_is_said_in_spanish() {
        use formaliza_shared::language::Language;
        for failure in [
            Failure::Unreachable,
            Failure::ConnectionLost,
            Failure::InvalidAnswer,
            Failure::TimedOut,
            Failure::IncompleteRequestBody,
        ] {
            let problem = failure.problem("members", Duration::from_millis(500));
            let english = problem.body_for(None, Language::English);
            let spanish = problem.body_for(None, Language::Spanish);
            assert_ne!(english.title, spanish.title, "{failure:?}");
            assert_ne!(english.detail, spanish.detail, "{failure:?}");
            assert!(spanish.detail.contains("members"), "{}", spanish.detail);
        }
    }
}
