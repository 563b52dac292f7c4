//! Which page origins may use the chat, and the CORS headers of the API.
//!
//! Same-origin requests are always allowed; cross-origin ones only from the configured origins
//! (or from any with `*`). Requests without `Origin` (curl, servers) are not browsers and are
//! allowed. Preflights are answered here, before routing.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse, ResponseError};

use crate::error::ApiError;

/// How long browsers may cache a preflight answer, in seconds.
const PREFLIGHT_MAX_AGE: &str = "7200";

/// The allowed origins, normalised.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    any: bool,
    listed: Vec<String>,
}

impl Origins {
    /// From the configuration: exact origins, or `*` for any.
    pub fn new(configured: &[String]) -> Self {
        Self {
            any: configured.iter().any(|o| o.trim() == "*"),
            listed: configured.iter().filter_map(|o| normalize(o)).collect(),
        }
    }

    /// Whether a page of `origin` may call a server reached as `host` (the `Host` header).
    pub fn allows(&self, origin: &str, host: Option<&str>) -> bool {
        let Some(origin) = normalize(origin) else {
            return false;
        };
        self.any || self.listed.contains(&origin) || host.is_some_and(|h| same_host(&origin, h))
    }

    /// Whether the request may go on: no `Origin` (not a browser), or an allowed one.
    pub fn admits(&self, headers: &HeaderMap) -> bool {
        match origin_of(headers) {
            None => true,
            Some(origin) => self.allows(origin, host_of(headers)),
        }
    }
}

fn origin_of(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::ORIGIN).and_then(|v| v.to_str().ok())
}

fn host_of(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::HOST).and_then(|v| v.to_str().ok())
}

/// `scheme://host[:port]`, lower-case, without a trailing slash or the scheme's default port;
/// `None` when it is not such an origin.
fn normalize(raw: &str) -> Option<String> {
    let lower = raw.trim().trim_end_matches('/').to_ascii_lowercase();
    let (scheme, authority) = lower.split_once("://")?;
    if authority.is_empty() || authority.contains('/') {
        return None;
    }
    let authority = strip_default_port(scheme, authority);
    Some(format!("{scheme}://{authority}"))
}

fn strip_default_port<'a>(scheme: &str, authority: &'a str) -> &'a str {
    match scheme {
        "http" => authority.strip_suffix(":80").unwrap_or(authority),
        "https" => authority.strip_suffix(":443").unwrap_or(authority),
        _ => authority,
    }
}

/// Whether the normalised `origin` names the host the request was sent to.
fn same_host(origin: &str, host: &str) -> bool {
    let Some((scheme, authority)) = origin.split_once("://") else {
        return false;
    };
    let host = host.trim().to_ascii_lowercase();
    authority == strip_default_port(scheme, &host)
}

/// Middleware of the API scope: answers preflights and adds the CORS headers.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let origins = req
        .app_data::<web::Data<Origins>>()
        .map(|origins| Origins::clone(origins))
        .unwrap_or_default();
    let origin = origin_of(req.headers()).map(str::to_owned);
    let allowed = origin
        .as_deref()
        .filter(|o| origins.allows(o, host_of(req.headers())))
        .map(str::to_owned);
    let is_preflight = req.method() == Method::OPTIONS
        && origin.is_some()
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if is_preflight {
        let response = match &allowed {
            Some(origin) => preflight(origin, origins.any),
            None => ApiError::OriginNotAllowed.error_response(),
        };
        return Ok(req.into_response(response).map_into_right_body());
    }
    let mut response = next.call(req).await?;
    let headers = response.headers_mut();
    headers.append(header::VARY, HeaderValue::from_static("origin"));
    if let Some(value) = allowed.and_then(|o| allow_origin_value(&o, origins.any)) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("retry-after"),
        );
    }
    Ok(response.map_into_left_body())
}

fn allow_origin_value(origin: &str, any: bool) -> Option<HeaderValue> {
    if any {
        Some(HeaderValue::from_static("*"))
    } else {
        HeaderValue::from_str(origin).ok()
    }
}

fn preflight(origin: &str, any: bool) -> HttpResponse {
    let mut response = HttpResponse::NoContent();
    if let Some(value) = allow_origin_value(origin, any) {
        response.insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, value));
    }
    response
        .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, "GET, POST"))
        .insert_header((
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            "authorization, content-type",
        ))
        .insert_header((header::ACCESS_CONTROL_MAX_AGE, PREFLIGHT_MAX_AGE))
        .insert_header((header::VARY, "origin"))
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origins(list: &[&str]) -> Origins {
        Origins::new(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn a_listed_origin_is_allowed_whatever_its_case_or_trailing_slash() {
        let o = origins(&["https://Shop.example.com/"]);
        assert!(o.allows("https://shop.example.com", Some("chat.example.com")));
        assert!(o.allows("https://shop.example.com:443", None));
    }

    #[test]
    fn another_scheme_port_or_subdomain_is_refused() {
        let o = origins(&["https://shop.example.com"]);
        for bad in [
            "http://shop.example.com",
            "https://shop.example.com:8443",
            "https://evil.shop.example.com",
            "https://shop.example.com.evil.com",
            "null",
            "",
        ] {
            assert!(!o.allows(bad, Some("chat.example.com")), "{bad}");
        }
    }

    #[test]
    fn an_empty_list_allows_the_same_origin_only() {
        let o = origins(&[]);
        assert!(o.allows("http://127.0.0.1:8080", Some("127.0.0.1:8080")));
        assert!(o.allows("https://chat.example.com", Some("chat.example.com:443")));
        assert!(!o.allows("http://127.0.0.1:9090", Some("127.0.0.1:8080")));
        assert!(!o.allows("https://evil.com", Some("chat.example.com")));
    }

    #[test]
    fn a_star_allows_any_origin() {
        assert!(origins(&["*"]).allows("https://anything.example", None));
    }

    #[test]
    fn requests_without_origin_are_admitted() {
        assert!(origins(&[]).admits(&HeaderMap::new()));
    }
}
