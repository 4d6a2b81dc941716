//! Password policy and argon2id hashing.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use common::ApiError;

/// The shortest password accepted.
pub const MIN_PASSWORD_LEN: usize = 10;
/// The longest password accepted.
pub const MAX_PASSWORD_LEN: usize = 128;

/// Checks a new password: 10 to 128 characters, with a letter and a digit or symbol, and
/// not built from the e-mail address.
pub fn check_policy(password: &str, email: &str) -> Result<(), ApiError> {
    let length = password.chars().count();
    let weak = |message: &str| Err(ApiError::validation("password", message));
    if length < MIN_PASSWORD_LEN {
        return weak("the password is too short: use at least 10 characters");
    }
    if length > MAX_PASSWORD_LEN {
        return weak("the password is too long: use at most 128 characters");
    }
    let has_letter = password.chars().any(char::is_alphabetic);
    let has_other = password.chars().any(|c| !c.is_alphabetic());
    if !has_letter || !has_other {
        return weak("the password is too weak: mix letters with digits or symbols");
    }
    let local_part = email.split('@').next().unwrap_or_default();
    if local_part.len() >= 4 && password.to_lowercase().contains(&local_part.to_lowercase()) {
        return weak("the password is too weak: do not build it from your e-mail address");
    }
    Ok(())
}

/// Hashes a password with argon2id and a random salt, off the async threads.
pub async fn hash(password: String) -> Result<String, ApiError> {
    tokio_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|error| anyhow::anyhow!("hashing a password failed: {error}"))
    })
    .await
}

/// Whether `password` matches the stored `hash`, checked off the async threads.
pub async fn verify(password: String, hash: String) -> Result<bool, ApiError> {
    tokio_blocking(move || {
        let parsed =
            PasswordHash::new(&hash).map_err(|error| anyhow::anyhow!("a stored hash is unreadable: {error}"))?;
        Ok(Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
}

/// A hash that matches no password, verified when a login names no user so that unknown
/// e-mails take as long as wrong passwords.
pub const DECOY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$jh4lYT1ivEa6OrQ+xxDs3XftjMSmvNXNixm5UvI5wW0";

async fn tokio_blocking<T: Send + 'static>(
    work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| ApiError::Internal(anyhow::anyhow!(error)))?
        .map_err(ApiError::Internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(password: &str, ok: bool) {
        assert_eq!(check_policy(password, "ana.souza@example.com").is_ok(), ok, "{password}");
    }

    #[test]
    fn policy() {
        check("correct horse 9", true);
        check("short1", false);
        check("onlyletterslong", false);
        check("1234567890123", false);
        check("ana.souza-2026", false);
        check(&"a1".repeat(65), false);
    }

    #[tokio::test]
    async fn hashes_verify() {
        let hashed = hash("correct horse 9".to_owned()).await.unwrap();
        assert!(hashed.starts_with("$argon2id$"));
        assert!(verify("correct horse 9".to_owned(), hashed.clone()).await.unwrap());
        assert!(!verify("wrong horse 99".to_owned(), hashed).await.unwrap());
        assert!(!verify("x".to_owned(), DECOY_HASH.to_owned()).await.unwrap());
    }
}
