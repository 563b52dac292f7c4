//! `GET /healthz`: whether the server can reach its database.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde_json::json;

use crate::state::AppState;

/// 200 `{"status":"ok"}` when the application's check passes (run on a blocking thread), 503
/// otherwise.
pub async fn get(state: web::Data<AppState>) -> HttpResponse {
    let check = state.health.clone();
    let healthy = web::block(move || check()).await.unwrap_or(false);
    if healthy {
        HttpResponse::Ok()
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .json(json!({"status": "ok"}))
    } else {
        tracing::warn!("health check failed");
        HttpResponse::ServiceUnavailable()
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .json(json!({
                "status": "unavailable",
                "error": {"code": "unavailable", "message": "the database does not answer"}
            }))
    }
}
