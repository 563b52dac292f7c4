//! Visitor tokens: 32 random bytes from the OS, shown once as 64 hex digits; storage only ever
//! sees `hex(sha256(token))`.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use rand::rngs::OsRng;
use rand::TryRngCore;
use sha2::{Digest, Sha256};
use ticket_domain::service::DynVisitorService;
use ticket_domain::visitor::{TokenHash, VisitorId};

use crate::error::ApiError;

/// Random bytes in a token.
const TOKEN_BYTES: usize = 32;

/// A new token (64 lower-case hex digits) and its hash.
pub fn new_token() -> Result<(String, TokenHash), ApiError> {
    let mut bytes = [0u8; TOKEN_BYTES];
    OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(ApiError::internal)?;
    let token = hex::encode(bytes);
    let hash = hash(&token);
    Ok((token, hash))
}

/// The hash storage knows a token by, or `None` when `raw` cannot be a token we made.
pub fn hash_presented(raw: &str) -> Option<TokenHash> {
    let well_formed =
        raw.len() == TOKEN_BYTES * 2 && raw.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    well_formed.then(|| hash(raw))
}

fn hash(token: &str) -> TokenHash {
    TokenHash(hex::encode(Sha256::digest(token.as_bytes())))
}

/// The token of an `Authorization: Bearer <token>` header.
fn bearer(req: &HttpRequest) -> Option<&str> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The visitor a token belongs to, looked up on a blocking thread.
pub async fn visitor_of(
    visitors: web::Data<DynVisitorService>,
    hash: TokenHash,
) -> Result<VisitorId, ApiError> {
    let profile = web::block(move || visitors.authenticate(&hash)).await??;
    profile.map(|p| p.id).ok_or(ApiError::Unauthorized)
}

/// An authenticated visitor: extracting it answers 401 for a missing, malformed or unknown
/// bearer token.
#[derive(Debug, Clone)]
pub struct Visitor {
    /// Storage's id of the visitor.
    pub id: VisitorId,
    /// The token's hash (the key of the visitor's rate limit).
    pub hash: TokenHash,
}

impl FromRequest for Visitor {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let visitors = req.app_data::<web::Data<DynVisitorService>>().cloned();
        let hash = bearer(req).and_then(hash_presented);
        Box::pin(async move {
            let visitors = visitors
                .ok_or_else(|| ApiError::internal("the visitor service is not registered"))?;
            let hash = hash.ok_or(ApiError::Unauthorized)?;
            let id = visitor_of(visitors, hash.clone()).await?;
            Ok(Self { id, hash })
        })
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn a_new_token_is_64_hex_digits_and_hashes_to_its_hash() {
        let (token, hash) = new_token().unwrap();
        assert_eq!(token.len(), 64);
        assert_eq!(hash_presented(&token), Some(hash.clone()));
        assert_eq!(hash.0.len(), 64);
        assert_ne!(hash.0, token);
    }

    #[test]
    fn two_tokens_differ() {
        assert_ne!(new_token().unwrap().0, new_token().unwrap().0);
    }

    #[test]
    fn malformed_tokens_are_not_looked_up() {
        for bad in [
            "",
            "T1001",
            &"A".repeat(64),
            &"a".repeat(63),
            &"g".repeat(64),
        ] {
            assert_eq!(hash_presented(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_bearer_scheme_is_case_insensitive() {
        let req = TestRequest::default()
            .insert_header((header::AUTHORIZATION, "bearer abc"))
            .to_http_request();
        assert_eq!(bearer(&req), Some("abc"));
        let req = TestRequest::default()
            .insert_header((header::AUTHORIZATION, "Basic abc"))
            .to_http_request();
        assert_eq!(bearer(&req), None);
    }
}
