//! Who may read and who may change a playlist. A playlist the caller may not read answers
//! 404, so its existence is not revealed.

use common::{ApiError, AuthUser};

use crate::playlist::Playlist;

/// Whether `caller` may read `playlist`, given an optional share token.
pub fn may_read(caller: &AuthUser, playlist: &Playlist, share: Option<&str>) -> bool {
    playlist.public
        || playlist.owner_id == caller.user_id
        || playlist.collaborators.contains(&caller.user_id)
        || share.is_some_and(|token| playlist.share_token.as_deref() == Some(token))
}

/// Fails unless `caller` may change the playlist's songs (owner or collaborator).
pub fn require_editor(caller: &AuthUser, playlist: &Playlist) -> Result<(), ApiError> {
    if playlist.owner_id == caller.user_id || playlist.collaborators.contains(&caller.user_id) {
        Ok(())
    } else if playlist.public {
        Err(ApiError::Forbidden("only the owner and collaborators may change this playlist".to_owned()))
    } else {
        Err(ApiError::NotFound(format!("playlist {}", playlist.playlist_id)))
    }
}

/// Fails unless `caller` owns the playlist.
pub fn require_owner(caller: &AuthUser, playlist: &Playlist) -> Result<(), ApiError> {
    if playlist.owner_id == caller.user_id {
        Ok(())
    } else if may_read(caller, playlist, None) {
        Err(ApiError::Forbidden("only the owner may do this".to_owned()))
    } else {
        Err(ApiError::NotFound(format!("playlist {}", playlist.playlist_id)))
    }
}

/// The playlist as `caller` may see it: the share token is the owner's alone.
pub fn redact(caller: &AuthUser, mut playlist: Playlist) -> Playlist {
    if playlist.owner_id != caller.user_id {
        playlist.share_token = None;
    }
    playlist
}
