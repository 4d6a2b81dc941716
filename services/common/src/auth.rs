//! Tokens and the auth extractor: HS256 JWTs with claims `sub`, `tid`, `role`, `ver`, `iat`
//! and `exp`.
//!
//! The tenant of every request comes from the verified token and from nowhere else. Where
//! the keys know the store (every service; not the data VM's dashboard, which has no users
//! table), a token is also checked against it: its tenant must be onboarded, its user must
//! exist there, and its `ver` must be the user's current token version, which a password or
//! role change raises. The role used is the stored one. What the store says is cached for
//! at most [`HOLDER_CACHE_TTL`] per process, except for admin tokens, which are checked at
//! every request, so that a demoted admin loses admin rights at once. A token's signature
//! and claims are verified once per process; a token sent again is only checked for expiry.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{FromRef, FromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::model::{TENANTS, USERS};
use crate::records::{TENANT_RECORD, User};
use crate::store::{Key, Store};
use crate::tenant::TenantId;

/// How long a process trusts what it read of a token's user and tenant.
pub const HOLDER_CACHE_TTL: Duration = Duration::from_secs(60);

/// The attribute of a user item that holds the user's token version.
pub const TOKEN_VERSION: &str = "token_version";

/// The most users whose state one process caches.
const HOLDER_CACHE_LIMIT: usize = 50_000;

/// The most verified tokens one process remembers (see [`AuthKeys::verify_claims`]).
const VERIFIED_LIMIT: usize = 10_000;

/// The shortest signing secret accepted, in bytes.
pub const MIN_SECRET_LEN: usize = 32;

/// What a user may do within their tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Manages the tenant's catalog and users.
    Admin,
    /// Listens, keeps playlists.
    Listener,
}

/// The claims of a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: String,
    /// The tenant slug.
    pub tid: String,
    /// The role.
    pub role: Role,
    /// The user's token version when it was issued.
    #[serde(default)]
    pub ver: u64,
    /// Issued at, in seconds since the epoch.
    pub iat: i64,
    /// Not valid before, in seconds since the epoch, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
    /// Expires at, in seconds since the epoch.
    pub exp: i64,
}

/// The claims of a stream ticket: one user may stream one song for a short while. The
/// audience `stream` keeps tickets from being used as tokens and tokens as tickets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct TicketClaims {
    sub: String,
    tid: String,
    role: Role,
    song: String,
    aud: String,
    exp: i64,
}

const TICKET_AUDIENCE: &str = "stream";

/// The keys that sign and verify tokens, and how long tokens live.
pub struct AuthKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ticket_validation: Validation,
    token_ttl: Duration,
    holders: Option<Holders>,
    /// Tokens this process verified, with whom they name and their `ver`; see
    /// [`AuthKeys::verify_claims`].
    verified: Mutex<HashMap<Box<str>, (AuthUser, u64)>>,
}

/// What the store says of tokens' users, cached briefly.
struct Holders {
    store: Arc<dyn Store>,
    cache: Mutex<HashMap<(TenantId, String), Cached>>,
}

/// When a holder was read, and what was read (`None`: no such user or tenant).
type Cached = (Instant, Option<Holder>);

/// A token's user as stored: `None` in the cache when there is no such user or tenant.
#[derive(Debug, Clone, Copy)]
struct Holder {
    role: Role,
    token_version: u64,
}

impl std::fmt::Debug for AuthKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthKeys").field("token_ttl", &self.token_ttl).finish_non_exhaustive()
    }
}

/// A newly issued token.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    /// The token text.
    pub token: String,
    /// When it expires, in seconds since the epoch.
    pub expires_at: i64,
}

impl AuthKeys {
    /// Keys from a shared secret of at least [`MIN_SECRET_LEN`] bytes.
    pub fn from_secret(secret: &SecretString, token_ttl: Duration) -> anyhow::Result<Self> {
        let bytes = secret.expose_secret().as_bytes();
        anyhow::ensure!(
            bytes.len() >= MIN_SECRET_LEN,
            "the token signing secret is {} bytes long; use at least {MIN_SECRET_LEN}",
            bytes.len()
        );
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.validate_nbf = true;
        validation.set_required_spec_claims(&["exp", "sub"]);
        let mut ticket_validation = validation.clone();
        ticket_validation.set_audience(&[TICKET_AUDIENCE]);
        ticket_validation.set_required_spec_claims(&["exp", "sub", "aud"]);
        Ok(Self {
            encoding: EncodingKey::from_secret(bytes),
            decoding: DecodingKey::from_secret(bytes),
            validation,
            ticket_validation,
            token_ttl,
            holders: None,
            verified: Mutex::new(HashMap::new()),
        })
    }

    /// Checks every token against `store` too: its tenant and user must exist and its
    /// version be current (see the module's documentation).
    pub fn checked_in(mut self, store: Arc<dyn Store>) -> Self {
        self.holders = Some(Holders { store, cache: Mutex::new(HashMap::new()) });
        self
    }

    /// Drops what this process cached of `user_id` of `tenant`, after it changed the user:
    /// its own next request sees the change at once (other processes within
    /// [`HOLDER_CACHE_TTL`]).
    pub fn forget(&self, tenant: &TenantId, user_id: &str) {
        if let Some(holders) = &self.holders {
            let mut cache = holders.cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            cache.remove(&(tenant.clone(), user_id.to_owned()));
        }
    }

    /// Issues a token for `user_id` of `tenant` at the user's token version 0.
    pub fn issue(&self, tenant: &TenantId, user_id: &str, role: Role) -> anyhow::Result<IssuedToken> {
        self.issue_at(tenant, user_id, role, 0)
    }

    /// Issues a token for `user_id` of `tenant` at the user's token version `version`.
    pub fn issue_at(&self, tenant: &TenantId, user_id: &str, role: Role, version: u64) -> anyhow::Result<IssuedToken> {
        let now = chrono::Utc::now().timestamp();
        let expires_at = now + i64::try_from(self.token_ttl.as_secs()).unwrap_or(i64::MAX / 2);
        let claims = Claims {
            sub: user_id.to_owned(),
            tid: tenant.to_string(),
            role,
            ver: version,
            iat: now,
            nbf: None,
            exp: expires_at,
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?;
        Ok(IssuedToken { token, expires_at })
    }

    /// Signs arbitrary claims; tests use it to forge expired or tampered tokens.
    pub fn sign(&self, claims: &Claims) -> anyhow::Result<String> {
        Ok(jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)?)
    }

    /// Verifies a token's signature and claims and answers who it names; the store is not
    /// asked (see [`AuthKeys::authenticate`]).
    pub fn verify(&self, token: &str) -> Result<AuthUser, ApiError> {
        self.verify_claims(token).map(|(user, _)| user)
    }

    /// [`AuthKeys::verify_uncached`], answered from [`AuthKeys::verified`] for a token this
    /// process verified before and that is more than a second from its expiry: a token's
    /// signature and claims are fixed by its text, and its `nbf` and `iat` checks only grow
    /// truer with time, so only `exp` needs checking again.
    fn verify_claims(&self, token: &str) -> Result<(AuthUser, u64), ApiError> {
        let now = chrono::Utc::now().timestamp();
        {
            let verified = self.verified.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if let Some((user, version)) = verified.get(token)
                && user.expires_at > now + 1
            {
                return Ok((user.clone(), *version));
            }
        }
        let (user, version) = self.verify_uncached(token)?;
        let mut verified = self.verified.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if verified.len() >= VERIFIED_LIMIT {
            verified.clear();
        }
        verified.insert(token.into(), (user.clone(), version));
        Ok((user, version))
    }

    /// Checks a token's signature and claims.
    fn verify_uncached(&self, token: &str) -> Result<(AuthUser, u64), ApiError> {
        let invalid = || ApiError::Unauthorized("the token is not valid; log in again".to_owned());
        let data =
            jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).map_err(|error| {
                match error.kind() {
                    jsonwebtoken::errors::ErrorKind::ExpiredSignature => {
                        ApiError::Unauthorized("the token has expired; log in again".to_owned())
                    }
                    _ => invalid(),
                }
            })?;
        let claims = data.claims;
        // A token from the future was not issued here: the clock of every issuer is ours.
        if claims.sub.trim().is_empty() || claims.iat > chrono::Utc::now().timestamp() + 5 {
            return Err(invalid());
        }
        let tenant = TenantId::parse(&claims.tid).map_err(|_| invalid())?;
        Ok((AuthUser { tenant, user_id: claims.sub, role: claims.role, expires_at: claims.exp }, claims.ver))
    }

    /// Answers the token's user as the store has it now (cached for a little while for
    /// listeners); 401 when the tenant or user does not exist or the token was revoked.
    async fn current(&self, mut user: AuthUser, version: u64) -> Result<AuthUser, ApiError> {
        let Some(holders) = &self.holders else { return Ok(user) };
        let holder = holders.lookup(&user.tenant, &user.user_id, user.role == Role::Admin).await?;
        match holder {
            Some(holder) if holder.token_version == version => {
                user.role = holder.role;
                Ok(user)
            }
            Some(_) => Err(ApiError::Unauthorized(
                "the token was revoked by a change of password or role; log in again".to_owned(),
            )),
            None => Err(ApiError::Unauthorized("the token is not valid; log in again".to_owned())),
        }
    }
}

impl AuthKeys {
    /// A short-lived ticket that lets `user` stream `song_id` without an Authorization
    /// header, as an `<audio>` element must.
    pub fn issue_stream_ticket(&self, user: &AuthUser, song_id: &str, ttl: Duration) -> anyhow::Result<IssuedToken> {
        let expires_at = chrono::Utc::now().timestamp() + i64::try_from(ttl.as_secs()).unwrap_or(3600);
        let claims = TicketClaims {
            sub: user.user_id.clone(),
            tid: user.tenant.to_string(),
            role: user.role,
            song: song_id.to_owned(),
            aud: TICKET_AUDIENCE.to_owned(),
            exp: expires_at,
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?;
        Ok(IssuedToken { token, expires_at })
    }

    /// Verifies a stream ticket for `song_id` and answers whose it is.
    pub fn verify_stream_ticket(&self, ticket: &str, song_id: &str) -> Result<AuthUser, ApiError> {
        let refused = || ApiError::Unauthorized("the stream ticket is not valid; ask for a new one".to_owned());
        let data = jsonwebtoken::decode::<TicketClaims>(ticket, &self.decoding, &self.ticket_validation)
            .map_err(|_| refused())?;
        let claims = data.claims;
        if claims.song != song_id {
            return Err(refused());
        }
        let tenant = TenantId::parse(&claims.tid).map_err(|_| refused())?;
        Ok(AuthUser { tenant, user_id: claims.sub, role: claims.role, expires_at: claims.exp })
    }

    /// The caller named by the `Authorization: Bearer` header (the scheme in any case, as
    /// RFC 9110 has it), checked against the store where the keys know it.
    pub async fn authenticate(&self, headers: &axum::http::HeaderMap) -> Result<AuthUser, ApiError> {
        let header = headers.get(AUTHORIZATION).ok_or_else(|| {
            ApiError::Unauthorized("send `Authorization: Bearer <token>`; log in to get one".to_owned())
        })?;
        let token = header
            .to_str()
            .ok()
            .and_then(|value| value.trim().split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim())
            .filter(|token| !token.is_empty())
            .ok_or_else(|| ApiError::Unauthorized("the Authorization header must be `Bearer <token>`".to_owned()))?;
        let (user, version) = self.verify_claims(token)?;
        self.current(user, version).await
    }
}

impl Holders {
    /// The stored state of `user_id` of `tenant`: from the cache when it is young enough
    /// and `fresh` is not asked for.
    async fn lookup(&self, tenant: &TenantId, user_id: &str, fresh: bool) -> Result<Option<Holder>, ApiError> {
        let key = (tenant.clone(), user_id.to_owned());
        if !fresh {
            let cache = self.cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if let Some((read_at, holder)) = cache.get(&key)
                && read_at.elapsed() < HOLDER_CACHE_TTL
            {
                return Ok(*holder);
            }
        }
        let holder = self.read(tenant, user_id).await?;
        let mut cache = self.cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if cache.len() >= HOLDER_CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(key, (Instant::now(), holder));
        Ok(holder)
    }

    async fn read(&self, tenant: &TenantId, user_id: &str) -> Result<Option<Holder>, ApiError> {
        if self.store.get(tenant, &TENANTS, &Key::tenant(TENANT_RECORD)).await?.is_none() {
            return Ok(None);
        }
        let Some(item) = self.store.get(tenant, &USERS, &Key::tenant(user_id)).await? else {
            return Ok(None);
        };
        let token_version = item.get(TOKEN_VERSION).and_then(serde_json::Value::as_u64).unwrap_or(0);
        let user: User = crate::record::decode(&USERS, user_id, item)?;
        Ok(Some(Holder { role: user.role, token_version }))
    }
}

/// The verified caller of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthUser {
    /// The caller's tenant.
    pub tenant: TenantId,
    /// The caller's user id.
    pub user_id: String,
    /// The caller's role.
    pub role: Role,
    /// When the token expires, in seconds since the epoch.
    pub expires_at: i64,
}

impl AuthUser {
    /// Fails with 403 unless the caller is an admin of their tenant.
    pub fn require_admin(&self) -> Result<(), ApiError> {
        match self.role {
            Role::Admin => Ok(()),
            Role::Listener => Err(ApiError::Forbidden("only an admin of the tenant may do this".to_owned())),
        }
    }
}

impl<S> FromRequestParts<S> for AuthUser
where
    Arc<AuthKeys>: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Arc::<AuthKeys>::from_ref(state).authenticate(&parts.headers).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(secret: &str) -> AuthKeys {
        AuthKeys::from_secret(&SecretString::from(secret.to_owned()), Duration::from_secs(3600)).unwrap()
    }

    #[test]
    fn issued_tokens_verify_and_foreign_ones_do_not() {
        let tenant = TenantId::parse("acme").unwrap();
        let ours = keys(&"k".repeat(32));
        let theirs = keys(&"x".repeat(32));
        let token = ours.issue(&tenant, "usr_1", Role::Admin).unwrap().token;
        let user = ours.verify(&token).unwrap();
        assert_eq!((user.tenant, user.user_id.as_str(), user.role), (tenant, "usr_1", Role::Admin));
        assert!(theirs.verify(&token).is_err());
    }

    #[test]
    fn tickets_and_tokens_do_not_stand_in_for_each_other() {
        let tenant = TenantId::parse("acme").unwrap();
        let keys = keys(&"k".repeat(32));
        let issued = keys.issue(&tenant, "usr_1", Role::Listener).unwrap();
        let user = keys.verify(&issued.token).unwrap();
        let ticket = keys.issue_stream_ticket(&user, "sng_1", Duration::from_secs(60)).unwrap().token;
        assert_eq!(keys.verify_stream_ticket(&ticket, "sng_1").unwrap().user_id, "usr_1");
        assert!(keys.verify_stream_ticket(&ticket, "sng_2").is_err(), "a ticket is for one song");
        assert!(keys.verify(&ticket).is_err(), "a ticket is not a token");
        assert!(keys.verify_stream_ticket(&issued.token, "sng_1").is_err(), "a token is not a ticket");
    }

    #[test]
    fn a_token_verified_before_is_answered_from_memory_until_near_its_expiry() {
        let keys = keys(&"k".repeat(32));
        let now = chrono::Utc::now().timestamp();
        let claims = |exp| Claims {
            sub: "usr_1".into(),
            tid: "acme".into(),
            role: Role::Listener,
            ver: 3,
            iat: now - 10,
            nbf: None,
            exp,
        };
        let mark = |token: &str| keys.verified.lock().unwrap().get_mut(token).unwrap().0.user_id = "usr_marked".into();
        let lasting = keys.sign(&claims(now + 600)).unwrap();
        let (user, version) = keys.verify_claims(&lasting).unwrap();
        assert_eq!((user.tenant.as_str(), user.user_id.as_str(), version), ("acme", "usr_1", 3));
        mark(&lasting);
        assert_eq!(keys.verify_claims(&lasting).unwrap().0.user_id, "usr_marked", "answered from memory");
        let ending = keys.sign(&claims(now + 1)).unwrap();
        keys.verify_claims(&ending).unwrap();
        mark(&ending);
        assert_eq!(keys.verify_claims(&ending).unwrap().0.user_id, "usr_1", "verified again near its expiry");
        let expired = keys.sign(&claims(now - 5)).unwrap();
        assert!(matches!(keys.verify_claims(&expired), Err(ApiError::Unauthorized(_))));
        assert!(!keys.verified.lock().unwrap().contains_key(expired.as_str()), "a refused token is not kept");
        let swap = if lasting.ends_with('A') { 'B' } else { 'A' };
        let tampered = format!("{}{swap}", &lasting[..lasting.len() - 1]);
        assert!(keys.verify_claims(&tampered).is_err(), "another text is verified anew");
    }

    #[test]
    fn short_secrets_are_refused() {
        assert!(AuthKeys::from_secret(&SecretString::from("short".to_owned()), Duration::from_secs(1)).is_err());
    }
}
