//! The HTTP handlers of the playlists service: parse, call, map.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use common::extract::{Json, Path, Query};
use common::listed::{Listed, json_object};
use common::model::{PLAYLISTS, USERS};
use common::paging::{ListResponse, PageParams};
use common::search::{self, SearchParams};
use common::store::Key;
use common::{ApiError, AppState, AuthUser, record};
use serde::{Deserialize, Serialize};

use crate::access;
use crate::entries;
use crate::playlist::{self, Playlist, PlaylistDetail, PlaylistEntry, PlaylistMatch, PlaylistSummary, Stored};

/// `POST /playlists`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaylistCreateRequest {
    /// The name, 1 to 100 characters.
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// A description, up to 500 characters.
    #[schema(max_length = 500)]
    pub description: Option<String>,
    /// Whether every user of the tenant may read it; false when absent.
    pub public: Option<bool>,
}

/// `PATCH /playlists/{playlist_id}`: only the fields given change.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaylistUpdateRequest {
    /// A new name.
    pub name: Option<String>,
    /// A new description.
    pub description: Option<String>,
    /// Public or private.
    pub public: Option<bool>,
}

/// `POST /playlists/{playlist_id}/songs`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaylistSongAddRequest {
    /// The song; must exist in the catalog.
    pub song_id: String,
    /// Where to insert it, from 0; at the end when absent.
    pub position: Option<u32>,
}

/// `PUT /playlists/{playlist_id}/songs`: the current positions in their new order.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaylistReorderRequest {
    /// Every current position exactly once, in the new order.
    pub order: Vec<u32>,
}

/// `PUT /playlists/{playlist_id}/collaborators`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaylistCollaboratorsRequest {
    /// Users of the tenant who may change the songs; at most 20.
    pub user_ids: Vec<String>,
}

/// The query of `GET /playlists/{playlist_id}`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlaylistReadParams {
    /// A share token from the playlist's share link.
    pub share: Option<String>,
}

/// A share link.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlaylistShareResponse {
    /// The token other users of the tenant pass as `share`.
    pub share_token: String,
    /// The API path that reads the playlist with it.
    pub path: String,
}

async fn load_readable(
    state: &AppState,
    caller: &AuthUser,
    playlist_id: &str,
    share: Option<&str>,
) -> Result<Stored<String>, ApiError> {
    playlist::load_text(state.store.as_ref(), &caller.tenant, playlist_id)
        .await?
        .filter(|stored| !stored.deleting && access::may_read(caller, &stored.header, share))
        .ok_or_else(|| ApiError::NotFound(format!("playlist {playlist_id}")))
}

/// Changes the playlist by `edit` (see [`entries::change`]) as `caller`, who must be able to
/// read it; answers it as the caller may see it.
async fn change(
    state: &AppState,
    caller: &AuthUser,
    playlist_id: &str,
    mut edit: impl FnMut(&mut Playlist, &mut Vec<PlaylistEntry>) -> Result<(), ApiError> + Send,
) -> Result<PlaylistDetail, ApiError> {
    let detail = entries::change(state.store.as_ref(), &caller.tenant, playlist_id, |header, list| {
        if !access::may_read(caller, header, None) {
            return Err(ApiError::NotFound(format!("playlist {playlist_id}")));
        }
        edit(header, list)
    })
    .await?;
    Ok(view(caller, detail))
}

fn view(caller: &AuthUser, detail: PlaylistDetail) -> PlaylistDetail {
    PlaylistDetail { playlist: access::redact(caller, detail.playlist), entries: detail.entries }
}

/// Makes a playlist owned by the caller.
#[utoipa::path(post, path = "/", tag = "playlists", request_body = PlaylistCreateRequest,
    responses((status = 201, description = "The new playlist", body = Playlist)))]
pub async fn create_playlist(
    State(state): State<AppState>,
    caller: AuthUser,
    Json(request): Json<PlaylistCreateRequest>,
) -> Result<(StatusCode, Json<Playlist>), ApiError> {
    let now = record::now();
    let playlist = Playlist {
        playlist_id: record::new_id(playlist::ID_PREFIX),
        owner_id: caller.user_id.clone(),
        name: record::name_field("name", &request.name, 100)?,
        description: request.description.as_deref().map(|d| record::text_field("description", d, 500)).transpose()?,
        public: request.public.unwrap_or(false),
        collaborators: Vec::new(),
        entry_count: 0,
        share_token: None,
        created_at: now.clone(),
        updated_at: now,
        version: 1,
    };
    playlist::create(state.store.as_ref(), &caller.tenant, &playlist).await?;
    Ok((StatusCode::CREATED, Json(playlist)))
}

/// The caller's playlists, most recently changed first.
#[utoipa::path(get, path = "/mine", tag = "playlists", params(PageParams),
    responses((status = 200, description = "A page of the caller's playlists", body = ListResponse<PlaylistSummary>)))]
pub async fn my_playlists(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(params): Query<PageParams>,
) -> Result<Listed<PlaylistSummary>, ApiError> {
    let query = common::store::Query::new(&PLAYLISTS).index("by_owner").scoped(&caller.user_id).backward();
    record::page_of(state.store.as_ref(), &caller.tenant, query, &params).await
}

/// Finds the tenant's public playlists as you type: by the beginnings of any words of their
/// name, in any order, any case, with or without accents. Private playlists are never found.
#[utoipa::path(get, path = "/search", tag = "playlists", params(SearchParams),
    responses((status = 200, description = "Matching public playlists, by the word they were found by", body = ListResponse<PlaylistMatch>)))]
pub async fn search_playlists(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(params): Query<SearchParams>,
) -> Result<Json<ListResponse<PlaylistMatch>>, ApiError> {
    Ok(Json(search::find(state.store.as_ref(), &caller.tenant, &PLAYLISTS, &params).await?))
}

/// A playlist with all its songs, for its owner, collaborators, anyone if public, or a
/// holder of its share token.
#[utoipa::path(get, path = "/{playlist_id}", tag = "playlists",
    params(("playlist_id" = String, Path, description = "A playlist id"), PlaylistReadParams),
    responses((status = 200, description = "The playlist and its songs", body = PlaylistDetail)))]
pub async fn describe_playlist(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(playlist_id): Path<String>,
    Query(params): Query<PlaylistReadParams>,
) -> Result<Response, ApiError> {
    let stored = load_readable(&state, &caller, &playlist_id, params.share.as_deref()).await?;
    let entries = stored.entry_items()?;
    let header = serde_json::to_string(&access::redact(&caller, stored.header)).map_err(anyhow::Error::from)?;
    Ok(json_object(&[("playlist", &header), ("entries", entries.as_str())]))
}

/// Renames a playlist, or changes its description or visibility (owner).
#[utoipa::path(patch, path = "/{playlist_id}", tag = "playlists", params(("playlist_id" = String, Path, description = "A playlist id")),
    request_body = PlaylistUpdateRequest, responses((status = 200, description = "The changed playlist", body = Playlist)))]
pub async fn update_playlist(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(playlist_id): Path<String>,
    Json(request): Json<PlaylistUpdateRequest>,
) -> Result<Json<Playlist>, ApiError> {
    let name = request.name.as_deref().map(|n| record::name_field("name", n, 100)).transpose()?;
    let description = request.description.as_deref().map(|d| record::text_field("description", d, 500)).transpose()?;
    let detail = change(&state, &caller, &playlist_id, |header, _| {
        access::require_owner(&caller, header)?;
        if let Some(name) = &name {
            header.name = name.clone();
        }
        if let Some(description) = &description {
            header.description = Some(description.clone());
        }
        header.public = request.public.unwrap_or(header.public);
        Ok(())
    })
    .await?;
    Ok(Json(detail.playlist))
}

/// Deletes a playlist and its songs (owner).
#[utoipa::path(delete, path = "/{playlist_id}", tag = "playlists", params(("playlist_id" = String, Path, description = "A playlist id")),
    responses((status = 204, description = "Deleted")))]
pub async fn delete_playlist(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(playlist_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    entries::delete_all(state.store.as_ref(), &caller.tenant, &playlist_id, |header| {
        access::require_owner(&caller, header)
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Adds a song (owner or collaborator).
#[utoipa::path(post, path = "/{playlist_id}/songs", tag = "playlists", params(("playlist_id" = String, Path, description = "A playlist id")),
    request_body = PlaylistSongAddRequest, responses((status = 200, description = "The playlist and its songs", body = PlaylistDetail)))]
pub async fn add_song(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(playlist_id): Path<String>,
    Json(request): Json<PlaylistSongAddRequest>,
) -> Result<Json<PlaylistDetail>, ApiError> {
    let entry = entries::new_entry(state.store.as_ref(), &caller, request.song_id.trim()).await?;
    let detail = change(&state, &caller, &playlist_id, |header, list| {
        access::require_editor(&caller, header)?;
        let position = request.position.map_or(list.len(), |p| p as usize);
        if position > list.len() {
            return Err(ApiError::validation(
                "position",
                format!("the playlist has {} songs; use 0 to {}", list.len(), list.len()),
            ));
        }
        list.insert(position, entry.clone());
        Ok(())
    })
    .await?;
    Ok(Json(detail))
}

/// Puts the songs in a new order (owner or collaborator).
#[utoipa::path(put, path = "/{playlist_id}/songs", tag = "playlists", params(("playlist_id" = String, Path, description = "A playlist id")),
    request_body = PlaylistReorderRequest, responses((status = 200, description = "The playlist and its songs", body = PlaylistDetail)))]
pub async fn reorder_songs(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(playlist_id): Path<String>,
    Json(request): Json<PlaylistReorderRequest>,
) -> Result<Json<PlaylistDetail>, ApiError> {
    let detail = change(&state, &caller, &playlist_id, |header, list| {
        access::require_editor(&caller, header)?;
        let count = list.len();
        let mut seen = vec![false; count];
        for &position in &request.order {
            match seen.get_mut(position as usize) {
                Some(slot) if !*slot => *slot = true,
                _ => {
                    return Err(ApiError::validation(
                        "order",
                        format!("list each position from 0 to {} exactly once", count.saturating_sub(1)),
                    ));
                }
            }
        }
        if request.order.len() != count {
            return Err(ApiError::validation("order", format!("list all {count} positions")));
        }
        *list = request.order.iter().map(|&p| list[p as usize].clone()).collect();
        Ok(())
    })
    .await?;
    Ok(Json(detail))
}

/// Removes the song at a position (owner or collaborator).
#[utoipa::path(delete, path = "/{playlist_id}/songs/{position}", tag = "playlists",
    params(("playlist_id" = String, Path, description = "A playlist id"), ("position" = u32, Path, description = "A position, from 0")),
    responses((status = 200, description = "The playlist and its songs", body = PlaylistDetail)))]
pub async fn remove_song(
    State(state): State<AppState>,
    caller: AuthUser,
    Path((playlist_id, position)): Path<(String, u32)>,
) -> Result<Json<PlaylistDetail>, ApiError> {
    let detail = change(&state, &caller, &playlist_id, |header, list| {
        access::require_editor(&caller, header)?;
        if position as usize >= list.len() {
            return Err(ApiError::NotFound(format!("song at position {position}")));
        }
        list.remove(position as usize);
        Ok(())
    })
    .await?;
    Ok(Json(detail))
}

/// Makes a share link that lets other users of the tenant read the playlist (owner).
#[utoipa::path(post, path = "/{playlist_id}/share", tag = "playlists", params(("playlist_id" = String, Path, description = "A playlist id")),
    responses((status = 200, description = "The share link", body = PlaylistShareResponse)))]
pub async fn share_playlist(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(playlist_id): Path<String>,
) -> Result<Json<PlaylistShareResponse>, ApiError> {
    let detail = change(&state, &caller, &playlist_id, |header, _| {
        access::require_owner(&caller, header)?;
        // A link made by a request that won the race is kept, so every owner sees the same.
        if header.share_token.is_none() {
            header.share_token = Some(uuid::Uuid::new_v4().simple().to_string());
        }
        Ok(())
    })
    .await?;
    let token = detail.playlist.share_token.unwrap_or_default();
    Ok(Json(PlaylistShareResponse { path: format!("/playlists/{playlist_id}?share={token}"), share_token: token }))
}

/// Revokes the share link (owner).
#[utoipa::path(delete, path = "/{playlist_id}/share", tag = "playlists", params(("playlist_id" = String, Path, description = "A playlist id")),
    responses((status = 204, description = "Revoked")))]
pub async fn unshare_playlist(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(playlist_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    change(&state, &caller, &playlist_id, |header, _| {
        access::require_owner(&caller, header)?;
        header.share_token = None;
        Ok(())
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sets who may change the songs besides the owner (owner).
#[utoipa::path(put, path = "/{playlist_id}/collaborators", tag = "playlists", params(("playlist_id" = String, Path, description = "A playlist id")),
    request_body = PlaylistCollaboratorsRequest, responses((status = 200, description = "The changed playlist", body = Playlist)))]
pub async fn set_collaborators(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(playlist_id): Path<String>,
    Json(request): Json<PlaylistCollaboratorsRequest>,
) -> Result<Json<Playlist>, ApiError> {
    if request.user_ids.len() > 20 {
        return Err(ApiError::validation("user_ids", "at most 20 collaborators"));
    }
    let current = load_readable(&state, &caller, &playlist_id, None).await?;
    access::require_owner(&caller, &current.header)?;
    let mut collaborators: Vec<String> = Vec::new();
    for user_id in &request.user_ids {
        let known = user_id.starts_with("usr_")
            && state.store.get(&caller.tenant, &USERS, &Key::tenant(user_id.as_str())).await?.is_some();
        if !known {
            return Err(ApiError::NotFound(format!("user {user_id}")));
        }
        if *user_id != caller.user_id && !collaborators.contains(user_id) {
            collaborators.push(user_id.clone());
        }
    }
    let detail = change(&state, &caller, &playlist_id, |header, _| {
        access::require_owner(&caller, header)?;
        header.collaborators.clone_from(&collaborators);
        Ok(())
    })
    .await?;
    Ok(Json(detail.playlist))
}
