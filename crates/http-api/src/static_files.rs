//! The widget's files and the demo page, embedded in the binary, with caching headers.

use std::sync::LazyLock;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use sha2::{Digest, Sha256};

/// How long browsers and CDNs may keep the widget without asking: a changed widget reaches
/// every visitor within an hour; after that, the ETag makes the check cheap.
const WIDGET_CACHE: &str = "public, max-age=3600";
/// The demo page is always revalidated.
const PAGE_CACHE: &str = "no-cache";

/// One embedded file.
struct Asset {
    body: &'static str,
    content_type: &'static str,
    cache_control: &'static str,
    etag: String,
}

impl Asset {
    fn new(body: &'static str, content_type: &'static str, cache_control: &'static str) -> Self {
        let digest = hex::encode(Sha256::digest(body.as_bytes()));
        Self {
            body,
            content_type,
            cache_control,
            // Weak: the compressed and plain representations share it.
            etag: format!("W/\"{}\"", &digest[..16]),
        }
    }

    fn respond(&self, req: &HttpRequest) -> HttpResponse {
        let fresh = req
            .headers()
            .get_all(header::IF_NONE_MATCH)
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|tag| {
                let tag = tag.trim();
                tag == "*" || tag.trim_start_matches("W/") == self.etag.trim_start_matches("W/")
            });
        let mut response = if fresh {
            HttpResponse::NotModified()
        } else {
            HttpResponse::Ok()
        };
        response
            .insert_header((header::CACHE_CONTROL, self.cache_control))
            .insert_header((header::ETAG, self.etag.as_str()));
        if fresh {
            return response.finish();
        }
        response.content_type(self.content_type).body(self.body)
    }
}

static WIDGET_JS: LazyLock<Asset> = LazyLock::new(|| {
    Asset::new(
        include_str!("../../../web-widget/widget.js"),
        "text/javascript; charset=utf-8",
        WIDGET_CACHE,
    )
});

static WIDGET_CSS: LazyLock<Asset> = LazyLock::new(|| {
    Asset::new(
        include_str!("../../../web-widget/widget.css"),
        "text/css; charset=utf-8",
        WIDGET_CACHE,
    )
});

static DEMO_HTML: LazyLock<Asset> = LazyLock::new(|| {
    Asset::new(
        include_str!("../../../web-widget/demo.html"),
        "text/html; charset=utf-8",
        PAGE_CACHE,
    )
});

/// `GET /widget.js`.
pub async fn widget_js(req: HttpRequest) -> HttpResponse {
    WIDGET_JS.respond(&req)
}

/// `GET /widget.css`.
pub async fn widget_css(req: HttpRequest) -> HttpResponse {
    WIDGET_CSS.respond(&req)
}

/// `GET /`: the demo page.
pub async fn demo_page(req: HttpRequest) -> HttpResponse {
    DEMO_HTML.respond(&req)
}

#[cfg(test)]
mod tests {
    use actix_web::http::StatusCode;
    use actix_web::test::TestRequest;

    use super::*;

    #[actix_rt::test]
    async fn the_widget_is_served_with_its_type_and_cache_headers() {
        let response = widget_js(TestRequest::default().to_http_request()).await;
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers();
        assert_eq!(
            headers.get(header::CONTENT_TYPE).unwrap(),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            headers.get(header::CACHE_CONTROL).unwrap(),
            "public, max-age=3600"
        );
        assert!(headers.contains_key(header::ETAG));
    }

    #[actix_rt::test]
    async fn a_matching_etag_gets_not_modified() {
        let etag = WIDGET_CSS.etag.clone();
        let req = TestRequest::default()
            .insert_header((header::IF_NONE_MATCH, etag))
            .to_http_request();
        assert_eq!(widget_css(req).await.status(), StatusCode::NOT_MODIFIED);
    }
}
