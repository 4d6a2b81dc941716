//! The one shared library of the musicctl services: tenant context, auth, errors, the table
//! model, the `Store` trait and its backends, paging, and `serve()`.

pub mod auth;
pub mod body_errors;
pub mod error;
pub mod extract;
pub mod lake;
pub mod listed;
pub mod media;
mod members;
pub mod model;
pub mod openapi;
pub mod paging;
pub mod patch;
pub mod record;
pub mod records;
pub mod search;
pub mod serve;
pub mod server;
pub mod state;
pub mod store;
pub mod tenant;
#[cfg(feature = "testing")]
pub mod testing;

pub use auth::{AuthKeys, AuthUser, Role};
pub use error::{ApiError, Result};
pub use state::AppState;
pub use tenant::TenantId;
