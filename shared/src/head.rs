//! `HEAD` on every `GET` route (RFC 9110 §9.3.2): the same status and headers as the `GET`,
//! `Content-Length` included when the `GET` would send one (uncompressed), and no body.

use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::body::{BodySize, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::ACCEPT_ENCODING;
use actix_web::middleware::Next;
use actix_web::web::Bytes;

/// The body of an answer to `HEAD`: the size the `GET`'s body has, and no bytes. The HTTP/1.1
/// encoder writes nothing after the head of an answer to `HEAD`; this spares computing the body
/// it would drop (a whole export, say).
#[derive(Debug, Clone, Copy)]
pub struct HeadBody(BodySize);

impl MessageBody for HeadBody {
    type Error = std::convert::Infallible;

    fn size(&self) -> BodySize {
        match self.0 {
            BodySize::Sized(length) => BodySize::Sized(length),
            // A streamed body has no length to announce, and a HEAD answer no chunks to frame.
            BodySize::Stream | BodySize::None => BodySize::None,
        }
    }

    fn poll_next(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        Poll::Ready(None)
    }
}

/// Middleware: serves `HEAD` with the `GET` route of the same path, then drops the body.
pub async fn head_as_get<B: MessageBody + 'static>(
    mut req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B, HeadBody>>, actix_web::Error> {
    let head = req.method() == Method::HEAD;
    if head {
        req.head_mut().method = Method::GET;
        // Uncompressed, so that `Content-Length` says the representation's size (and no client
        // tries to inflate an empty body).
        req.headers_mut().remove(ACCEPT_ENCODING);
    }
    let response = next.call(req).await?;
    Ok(if head {
        response.map_body(|_, body| EitherBody::right(HeadBody(body.size())))
    } else {
        response.map_into_left_body()
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use actix_web::middleware::from_fn;
    use actix_web::{App, HttpResponse, test, web};

    use super::*;

    #[actix_rt::test]
    async fn head_answers_the_get_route_without_a_body() {
        let app = test::init_service(
            App::new()
                .route(
                    "/thing",
                    web::get().to(|| async {
                        HttpResponse::Ok()
                            .insert_header(("etag", "\"3\""))
                            .body("twelve bytes")
                    }),
                )
                .wrap(from_fn(head_as_get)),
        )
        .await;
        let request = test::TestRequest::default()
            .method(Method::HEAD)
            .uri("/thing")
            .to_request();
        let response = test::call_service(&app, request).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers().get("etag").unwrap(), "\"3\"");
        assert_eq!(response.response().body().size(), BodySize::Sized(12));
        assert!(test::read_body(response).await.is_empty());
    }
}
