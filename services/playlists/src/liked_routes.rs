//! The HTTP handlers of likes (`/playlists/liked/…`): the caller's liked songs, albums and
//! artists. Parse, call, map.

use axum::extract::State;
use axum::http::StatusCode;
use common::extract::{Json, Path, Query};
use common::listed::Listed;
use common::paging::{ListResponse, PageParams};
use common::records::{Like, LikeKind};
use common::{ApiError, AppState, AuthUser};
use serde::Deserialize;

use crate::liked;

/// The query of `GET /playlists/liked/{kind}`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LikedParams {
    /// At most this many likes, 1 to 100; 25 when absent.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Instead of a page: which of these ids (comma-separated, at most 100) the caller likes.
    pub ids: Option<String>,
}

fn kind_of(kind: &str) -> Result<LikeKind, ApiError> {
    LikeKind::from_plural(kind)
        .ok_or_else(|| ApiError::NotFound(format!("likes of {kind}: use songs, albums or artists")))
}

/// The caller's likes of songs, albums or artists, newest first; or, with `ids`, the likes
/// among those ids.
#[utoipa::path(get, path = "/liked/{kind}", tag = "playlists",
    params(("kind" = String, Path, description = "songs, albums or artists"), LikedParams),
    responses((status = 200, description = "A page of the caller's likes", body = ListResponse<Like>)))]
pub async fn list_liked(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(kind): Path<String>,
    Query(params): Query<LikedParams>,
) -> Result<Listed<Like>, ApiError> {
    let kind = kind_of(&kind)?;
    if let Some(ids) = params.ids.as_deref() {
        let items = liked::among(state.store.as_ref(), &caller, kind, ids).await?;
        return Listed::from_records(&items);
    }
    let page = PageParams { limit: params.limit, cursor: params.cursor };
    liked::list(state.store.as_ref(), &caller, kind, &page).await
}

/// Likes a song, an album or an artist of the caller's tenant; liking again keeps the
/// first like.
#[utoipa::path(put, path = "/liked/{kind}/{item_id}", tag = "playlists",
    params(("kind" = String, Path, description = "songs, albums or artists"), ("item_id" = String, Path, description = "A song, album or artist id")),
    responses((status = 201, description = "Liked", body = Like), (status = 200, description = "Liked already", body = Like)))]
pub async fn like(
    State(state): State<AppState>,
    caller: AuthUser,
    Path((kind, item_id)): Path<(String, String)>,
) -> Result<(StatusCode, Json<Like>), ApiError> {
    let kind = kind_of(&kind)?;
    let (like, created) = liked::like(state.store.as_ref(), &caller, kind, item_id.trim()).await?;
    Ok((if created { StatusCode::CREATED } else { StatusCode::OK }, Json(like)))
}

/// Takes a like back; taking back what is not liked changes nothing.
#[utoipa::path(delete, path = "/liked/{kind}/{item_id}", tag = "playlists",
    params(("kind" = String, Path, description = "songs, albums or artists"), ("item_id" = String, Path, description = "A song, album or artist id")),
    responses((status = 204, description = "Not liked (any more)")))]
pub async fn unlike(
    State(state): State<AppState>,
    caller: AuthUser,
    Path((kind, item_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let kind = kind_of(&kind)?;
    liked::unlike(state.store.as_ref(), &caller, kind, item_id.trim()).await?;
    Ok(StatusCode::NO_CONTENT)
}
