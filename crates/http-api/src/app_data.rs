//! What the server registers for its handlers and middleware, each part on its own
//! (`web::Data<…>`), so that a module reads only what it needs: CORS its [`Origins`], the
//! metrics middleware its [`Metrics`], `/metrics` the [`Registry`], `auth` the visitor service,
//! the handlers the [`AppState`].

use std::sync::Arc;

use actix_web::web;
use prometheus_client::registry::Registry;
use ticket_domain::service::DynVisitorService;

use crate::config::HttpConfig;
use crate::connection::AddressSlots;
use crate::cors::Origins;
use crate::metrics::{self, Metrics};
use crate::state::AppState;
use crate::HttpDeps;

/// Every part the workers share.
#[derive(Clone)]
pub struct AppData {
    /// What the handlers share.
    pub state: web::Data<AppState>,
    /// Who may call the API.
    pub origins: web::Data<Origins>,
    /// Our metrics.
    pub metrics: web::Data<Metrics>,
    /// Every metric `/metrics` serves, ours and the application's.
    pub registry: web::Data<Registry>,
    /// The visitor use cases (the same as the state's).
    pub visitors: web::Data<DynVisitorService>,
}

impl AppData {
    /// Builds every part from the configuration and the application's dependencies.
    pub fn new(config: &HttpConfig, mut deps: HttpDeps) -> Self {
        let limits = &config.limits;
        let connections = AddressSlots::new(limits.connections_per_ip, &config.trusted_proxies);
        let mut registry = std::mem::take(&mut deps.metrics);
        let metrics = Metrics::register(&mut registry);
        registry.register_collector(Box::new(metrics::Live {
            hub: deps.hub.clone(),
            connections: Arc::clone(&connections),
        }));
        let visitors = web::Data::from(Arc::clone(&deps.visitors));
        Self {
            origins: web::Data::new(Origins::new(&config.allowed_origins)),
            metrics: web::Data::new(metrics.clone()),
            registry: web::Data::new(registry),
            visitors,
            state: web::Data::new(AppState::new(config, deps, metrics, connections)),
        }
    }

    /// Registers every part in `app`.
    pub fn register<T>(self, app: actix_web::App<T>) -> actix_web::App<T>
    where
        T: actix_web::dev::ServiceFactory<
            actix_web::dev::ServiceRequest,
            Config = (),
            Error = actix_web::Error,
            InitError = (),
        >,
    {
        app.app_data(self.state)
            .app_data(self.origins)
            .app_data(self.metrics)
            .app_data(self.registry)
            .app_data(self.visitors)
    }
}
