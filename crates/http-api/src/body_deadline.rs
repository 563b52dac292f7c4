//! The deadline on request bodies: a request's payload is replaced by one that fails once the
//! body has taken longer than allowed since its head, which the handlers answer with
//! `408 request_timeout` (and the connection is closed).

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::dev::{Payload, ServiceRequest};
use actix_web::error::PayloadError;
use actix_web::HttpMessage;
use bytes::Bytes;
use futures_util::Stream;
use tokio::time::{sleep, Sleep};

/// The error a late body ends with (inside a [`PayloadError::Io`]).
#[derive(Debug, thiserror::Error)]
#[error("the request body was not complete in time")]
struct BodyTimedOut;

/// Gives `req`'s body `within` to arrive (from now). Requests without a body are untouched.
pub fn limit(req: &mut ServiceRequest, within: Duration) {
    let inner = req.take_payload();
    if matches!(inner, Payload::None) {
        return;
    }
    let deadlined = Deadlined {
        inner,
        timer: Box::pin(sleep(within)),
        expired: false,
    };
    req.set_payload(Payload::from(
        Box::pin(deadlined) as actix_http::BoxedPayloadStream
    ));
}

/// Whether a payload failed because its deadline passed.
pub fn is_timeout(error: &PayloadError) -> bool {
    matches!(error, PayloadError::Io(io) if io.get_ref().is_some_and(|inner| inner.is::<BodyTimedOut>()))
}

/// The body, or [`BodyTimedOut`] once the timer has fired while the body waited for more.
struct Deadlined {
    inner: Payload,
    timer: Pin<Box<Sleep>>,
    expired: bool,
}

impl Stream for Deadlined {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.expired {
            return Poll::Ready(None);
        }
        match Pin::new(&mut this.inner).poll_next(cx) {
            Poll::Ready(item) => Poll::Ready(item),
            // Readers poll until they get `Pending`, so a body trickling in byte by byte
            // meets the timer between every two chunks.
            Poll::Pending => match this.timer.as_mut().poll(cx) {
                Poll::Ready(()) => {
                    this.expired = true;
                    let error = io::Error::new(io::ErrorKind::TimedOut, BodyTimedOut);
                    Poll::Ready(Some(Err(PayloadError::Io(error))))
                }
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;
    use futures_util::StreamExt;

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_body_that_stops_coming_fails_with_a_timeout_once_the_deadline_passes() {
        let (mut sender, payload) = actix_http::h1::Payload::create(false);
        let mut req = TestRequest::default().to_srv_request();
        req.set_payload(payload.into());
        limit(&mut req, Duration::from_secs(10));
        let mut body = req.take_payload();
        let started = tokio::time::Instant::now();
        sender.feed_data(Bytes::from_static(b"{\"te"));
        assert_eq!(body.next().await.unwrap().unwrap(), "{\"te");

        let error = body.next().await.unwrap().unwrap_err();

        assert!(is_timeout(&error), "{error}");
        assert!(started.elapsed() >= Duration::from_secs(10));
        assert!(body.next().await.is_none());
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_in_time_is_passed_through() {
        let (mut sender, payload) = actix_http::h1::Payload::create(false);
        let mut req = TestRequest::default().to_srv_request();
        req.set_payload(payload.into());
        limit(&mut req, Duration::from_secs(10));
        let mut body = req.take_payload();
        sender.feed_data(Bytes::from_static(b"{}"));
        sender.feed_eof();
        assert_eq!(body.next().await.unwrap().unwrap(), "{}");
        assert!(body.next().await.is_none());
    }

    #[test]
    fn other_payload_errors_are_not_timeouts() {
        assert!(!is_timeout(&PayloadError::Overflow));
        let io = io::Error::new(io::ErrorKind::TimedOut, "elsewhere");
        assert!(!is_timeout(&PayloadError::Io(io)));
    }
}
