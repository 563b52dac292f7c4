//! `POST /api/v1/visitors`: a new anonymous visitor and its token.

use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::json;

use crate::auth;
use crate::client_ip;
use crate::error::ApiError;
use crate::state::AppState;

/// 201 `{"token": "…"}`. The token is shown this once; storage keeps its hash only.
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    state.limit_new_visitor(client_ip::of_request(&req, &state.trusted_proxies))?;
    let (token, hash) = auth::new_token()?;
    let visitors = state.visitors.clone();
    web::block(move || visitors.register_visitor(&hash)).await??;
    Ok(HttpResponse::Created().json(json!({ "token": token })))
}
