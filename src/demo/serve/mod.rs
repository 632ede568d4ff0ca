//! The demo server's routes: each vendor's paths (the clients' own path constants, so the
//! two cannot drift apart), the fault injector in front of them, and the `/__demo` controls.

mod faults;
mod lies;
mod tanma;
mod weiban;
mod weiban_customers;
mod weiban_events;
mod youmi;
mod yunzhong;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};

use super::accounts::youmi::PREFIX;
use super::state::State;

/// Youmi's paths keep their documented spelling (`WeCaht`, `wecahtlabel`).
fn youmi_routes() -> Router<Arc<State>> {
    use crate::vendors::youmi as api;
    Router::new()
        .route(api::TOKEN_PATH, post(youmi::token))
        .route(api::OPERATORS_PATH, get(youmi::operators))
        .route(api::STAFF_PATH, get(youmi::staff))
        .route(api::STAFF_WECHAT_PATH, post(youmi::staff_wechat))
        .route(api::LABEL_CATEGORIES_PATH, get(youmi::reference))
        .route(api::LABELS_PATH, get(youmi::reference))
        .route(api::AD_GROUPS_PATH, get(youmi::reference))
        .route(api::CUSTOM_ATTRIBUTES_PATH, get(youmi::reference))
}

/// The second listener: it answers anything, and records what reached it.
pub fn recorder(state: Arc<State>) -> Router {
    Router::new()
        .fallback(faults::record_elsewhere)
        .with_state(state)
}

pub fn router(state: Arc<State>) -> Router {
    Router::new()
        .merge(weiban_routes(&state))
        .route(crate::vendors::tanma::LIST_PATH, post(tanma::customers))
        .route(crate::vendors::tanma::TAGS_PATH, post(tanma::tag_tree))
        .nest(PREFIX, youmi_routes())
        .route(
            crate::vendors::yunzhong::LIST_PATH,
            get(yunzhong::customers).post(yunzhong::customers),
        )
        .merge(control_routes())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            faults::inject,
        ))
        .with_state(state)
}

/// Weiban's endpoints, behind its limits.
fn weiban_routes(state: &Arc<State>) -> Router<Arc<State>> {
    Router::new()
        .route(crate::vendors::weiban::TOKEN_PATH, post(weiban::token))
        .route(
            crate::vendors::weiban::STORE_LIST_PATH,
            get(weiban::store_list),
        )
        .route(
            crate::vendors::weiban::CUSTOMER_LIST_PATH,
            get(weiban_customers::customer_list),
        )
        .route(
            crate::vendors::weiban::OUTFLOW_PATH,
            get(weiban_customers::outflow),
        )
        .route(
            crate::vendors::weiban::STAFF_LIST_PATH,
            get(weiban_customers::staff_list),
        )
        .route(
            crate::vendors::weiban::CHANGED_LIST_PATH,
            get(weiban_customers::changed_list),
        )
        .route(
            crate::vendors::weiban::CUSTOMER_DETAIL_PATH,
            get(weiban_customers::customer_detail),
        )
        .route(
            crate::vendors::weiban::EVENTS_PATH,
            get(weiban_events::customer_events),
        )
        .route(
            crate::vendors::weiban::EVENT_ADD_PATH,
            post(weiban_events::add_event),
        )
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            weiban::limits,
        ))
}

/// For the standalone server: lets a person set faults and try token expiry by hand.
fn control_routes() -> Router<Arc<State>> {
    Router::new()
        .route(
            "/__demo/faults",
            get(faults::control)
                .post(faults::control)
                .delete(faults::control),
        )
        .route(
            "/__demo/expire-tokens",
            post(
                |axum::extract::State(state): axum::extract::State<Arc<State>>| async move {
                    state.expire_tokens();
                    "all demo tokens expired\n"
                },
            ),
        )
}
