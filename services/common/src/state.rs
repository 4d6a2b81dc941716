//! The state every service router shares: the store and the token keys.

use std::sync::Arc;

use axum::extract::FromRef;

use crate::auth::AuthKeys;
use crate::media::Media;
use crate::store::Store;

/// What handlers get from the server: cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The tenant-scoped store.
    pub store: Arc<dyn Store>,
    /// The keys that sign and verify tokens.
    pub auth: Arc<AuthKeys>,
    /// Where songs' audio lives.
    pub media: Arc<Media>,
}

impl AppState {
    /// State over `store`, `auth` and `media`.
    pub fn new(store: Arc<dyn Store>, auth: AuthKeys, media: Media) -> Self {
        let auth = auth.checked_in(Arc::clone(&store));
        Self { store, auth: Arc::new(auth), media: Arc::new(media) }
    }
}

impl FromRef<AppState> for Arc<AuthKeys> {
    fn from_ref(state: &AppState) -> Self {
        Arc::clone(&state.auth)
    }
}

impl FromRef<AppState> for Arc<dyn Store> {
    fn from_ref(state: &AppState) -> Self {
        Arc::clone(&state.store)
    }
}
