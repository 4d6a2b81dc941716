//! Accounts: sign-up, login, profiles and roles, on the users table.
//!
//! Each user is one item (`user_id = usr_…`); a second item (`user_id = email#<address>`)
//! claims the address with a conditional put, so two sign-ups cannot share an e-mail.

use chrono::{SecondsFormat, Utc};
use common::auth::TOKEN_VERSION;
use common::model::USERS;
use common::paging::{ListResponse, PageParams};
use common::store::{Condition, Item, Key, Query, SortCondition, Store, StoreError, Update};
use common::{ApiError, AuthKeys, Role, TenantId};
use serde_json::Value;

use crate::fields::{Email, Plan};
use crate::password;
use crate::tenants;

use common::records::EMAIL_CLAIM_PREFIX;
pub use common::records::{USER_PREFIX, User};

/// A validated request for a new account.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// The tenant to join.
    pub tenant: TenantId,
    /// The e-mail address.
    pub email: Email,
    /// The password, already checked against the policy.
    pub password: String,
    /// The display name.
    pub display_name: String,
    /// The country, if given.
    pub country: Option<String>,
    /// The role.
    pub role: Role,
    /// The plan.
    pub plan: Plan,
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn claim_key(email: &Email) -> Key {
    Key::tenant(format!("{EMAIL_CLAIM_PREFIX}{}", email.as_str()))
}

/// The e-mail claim item that reserves `email` for `user_id`.
pub fn claim_item(tenant: &TenantId, email: &str, user_id: &str) -> Item {
    let mut claim = Item::new();
    claim.insert("tenant_id".into(), tenant.as_str().into());
    claim.insert("user_id".into(), format!("{EMAIL_CLAIM_PREFIX}{email}").into());
    claim.insert("owner_user_id".into(), user_id.into());
    claim
}

/// Whether an item of the users table is an e-mail claim rather than a user.
pub fn is_claim(item: &Item) -> bool {
    item.get("user_id").and_then(Value::as_str).is_some_and(|id| id.starts_with(EMAIL_CLAIM_PREFIX))
}

/// Creates an account in an onboarded tenant.
#[tracing::instrument(skip_all, fields(tenant = %account.tenant))]
pub async fn create_account(store: &dyn Store, account: NewAccount) -> Result<User, ApiError> {
    let tenant = &account.tenant;
    if tenants::find_tenant(store, tenant).await?.is_none() {
        return Err(ApiError::validation("tenant", format!("there is no tenant `{tenant}`; check the name")));
    }
    let password_hash = password::hash(account.password.clone()).await?;
    let user_id = common::record::new_id(USER_PREFIX);
    let claim = claim_item(tenant, account.email.as_str(), &user_id);
    match store.put(tenant, &USERS, claim, Condition::MustNotExist).await {
        Ok(()) => {}
        Err(StoreError::ConditionFailed) => {
            return Err(ApiError::Conflict("an account with this e-mail already exists in this tenant".to_owned()));
        }
        Err(error) => return Err(error.into()),
    }
    let user = User {
        user_id: user_id.clone(),
        tenant_id: tenant.to_string(),
        email: account.email.as_str().to_owned(),
        display_name: account.display_name,
        role: account.role,
        plan: account.plan,
        country: account.country,
        created_at: now(),
    };
    let item = user.to_item(tenant, &password_hash)?;
    if let Err(error) = store.put(tenant, &USERS, item, Condition::MustNotExist).await {
        // Release the e-mail so that the sign-up can be tried again.
        let _ = store.delete(tenant, &USERS, &claim_key(&account.email), Condition::None).await;
        return Err(error.into());
    }
    Ok(user)
}

/// A successful login.
#[derive(Debug, Clone)]
pub struct Session {
    /// The bearer token.
    pub token: String,
    /// When it expires, in seconds since the epoch.
    pub expires_at: i64,
    /// Who logged in.
    pub user: User,
}

/// Checks credentials and issues a token. Every failure answers the same 401, so a login
/// never tells whether a tenant or an e-mail exists.
#[tracing::instrument(skip_all, fields(tenant = %tenant))]
pub async fn login(
    store: &dyn Store,
    keys: &AuthKeys,
    tenant: &TenantId,
    email: &Email,
    password: String,
) -> Result<Session, ApiError> {
    let query = Query::new(&USERS).index("by_email").sort(SortCondition::Eq(email.as_str().to_owned())).limit(1);
    let found = store.query(tenant, &query).await?.items.into_iter().next();
    let stored_hash = found
        .as_ref()
        .and_then(|item| item.get("password_hash"))
        .and_then(Value::as_str)
        .unwrap_or(password::DECOY_HASH)
        .to_owned();
    let matches = password::verify(password, stored_hash).await?;
    let user_id = found.as_ref().and_then(|item| item.get("user_id")).and_then(Value::as_str);
    let (true, Some(user_id)) = (matches, user_id) else {
        return Err(ApiError::Unauthorized("wrong tenant, e-mail or password".to_owned()));
    };
    // The user item itself, not the e-mail index's copy: only it has the token version.
    let item = store
        .get(tenant, &USERS, &Key::tenant(user_id))
        .await?
        .ok_or_else(|| ApiError::Unauthorized("wrong tenant, e-mail or password".to_owned()))?;
    let version = item.get(TOKEN_VERSION).and_then(Value::as_u64).unwrap_or(0);
    let user: User = common::record::decode(&USERS, user_id, item)?;
    let issued = keys.issue_at(tenant, &user.user_id, user.role, version)?;
    Ok(Session { token: issued.token, expires_at: issued.expires_at, user })
}

/// The user `user_id` of `tenant`, if any.
pub async fn find_user(store: &dyn Store, tenant: &TenantId, user_id: &str) -> Result<Option<User>, ApiError> {
    if !user_id.starts_with(USER_PREFIX) {
        return Ok(None);
    }
    let item = store.get(tenant, &USERS, &Key::tenant(user_id)).await?;
    item.map(|item| common::record::decode(&USERS, user_id, item)).transpose()
}

/// The user `user_id` of `tenant`, or 404.
pub async fn get_user(store: &dyn Store, tenant: &TenantId, user_id: &str) -> Result<User, ApiError> {
    find_user(store, tenant, user_id).await?.ok_or_else(|| ApiError::NotFound(format!("user {user_id}")))
}

/// Validated changes to a profile.
#[derive(Debug, Clone, Default)]
pub struct ProfileChanges {
    /// A new display name.
    pub display_name: Option<String>,
    /// A new country.
    pub country: Option<String>,
    /// A new plan.
    pub plan: Option<Plan>,
    /// A new password: (current, new).
    pub password: Option<(String, String)>,
    /// A new role (admins only).
    pub role: Option<Role>,
}

/// Applies profile changes to an existing user and answers the user afterwards.
#[tracing::instrument(skip_all, fields(tenant = %tenant, user_id))]
pub async fn update_user(
    store: &dyn Store,
    tenant: &TenantId,
    user_id: &str,
    changes: ProfileChanges,
) -> Result<User, ApiError> {
    let current = store
        .get(tenant, &USERS, &Key::tenant(user_id))
        .await?
        .filter(|item| User::from_item(item).is_some())
        .ok_or_else(|| ApiError::NotFound(format!("user {user_id}")))?;
    let mut update = Update::default();
    if let Some(name) = changes.display_name {
        update.set.insert("display_name".into(), name.into());
    }
    if let Some(country) = changes.country {
        update.set.insert("country".into(), country.into());
    }
    if let Some(plan) = changes.plan {
        update.set.insert("plan".into(), plan.as_str().into());
        update.set.insert("tenant_plan".into(), tenant.scoped(plan.as_str()).into());
    }
    // A new role or password revokes every token issued before it.
    let revokes = changes.role.is_some() || changes.password.is_some();
    if let Some(role) = changes.role {
        update.set.insert("role".into(), serde_json::to_value(role).map_err(anyhow::Error::from)?);
    }
    if let Some((current_password, new_password)) = changes.password {
        let stored = current.get("password_hash").and_then(Value::as_str).unwrap_or(password::DECOY_HASH);
        if !password::verify(current_password, stored.to_owned()).await? {
            return Err(ApiError::validation("current_password", "the current password is wrong"));
        }
        let email = current.get("email").and_then(Value::as_str).unwrap_or_default();
        password::check_policy(&new_password, email)?;
        update.set.insert("password_hash".into(), password::hash(new_password).await?.into());
    }
    if revokes {
        let version = current.get(TOKEN_VERSION).and_then(Value::as_u64).unwrap_or(0);
        update.set.insert(TOKEN_VERSION.into(), (version + 1).into());
    }
    update.set.insert("updated_at".into(), now().into());
    let item = match store.update(tenant, &USERS, &Key::tenant(user_id), update, Condition::MustExist).await {
        Ok(item) => item,
        Err(StoreError::ConditionFailed) => return Err(ApiError::NotFound(format!("user {user_id}"))),
        Err(error) => return Err(error.into()),
    };
    User::from_item(&item).ok_or_else(|| ApiError::Internal(anyhow::anyhow!("an updated user is unreadable")))
}

/// The tenant's users whose e-mail address begins with `prefix` (any case), by e-mail,
/// through the e-mail index; each read whole, as the list answers them.
pub async fn search_users(
    store: &dyn Store,
    tenant: &TenantId,
    prefix: &str,
    params: &PageParams,
) -> Result<ListResponse<User>, ApiError> {
    let prefix = prefix.trim().to_lowercase();
    if prefix.is_empty() || prefix.chars().count() > 254 {
        return Err(ApiError::validation("q", "give the start of an e-mail address, 1 to 254 characters"));
    }
    let query = Query::new(&USERS)
        .index("by_email")
        .sort(SortCondition::BeginsWith(prefix))
        .limit(params.limit()?)
        .after(params.cursor()?);
    let page = store.query(tenant, &query).await?;
    let mut users = Vec::with_capacity(page.items.len());
    for item in page.items.iter().filter(|item| User::is_user_item(item)) {
        let user_id = item.get("user_id").and_then(Value::as_str).unwrap_or_default();
        // Deleted between the index read and this one: not found, not an error.
        if let Some(user) = find_user(store, tenant, user_id).await? {
            users.push(user);
        }
    }
    Ok(ListResponse { items: users, next_cursor: page.cursor.map(|cursor| cursor.encode()) })
}

/// One page of the tenant's users, in id order.
pub async fn list_users(
    store: &dyn Store,
    tenant: &TenantId,
    params: &PageParams,
) -> Result<ListResponse<User>, ApiError> {
    let query = Query::new(&USERS)
        .sort(SortCondition::BeginsWith(USER_PREFIX.to_owned()))
        .limit(params.limit()?)
        .after(params.cursor()?);
    let page = store.query(tenant, &query).await?;
    ListResponse::from_page(page, |item| common::record::decode_item(&USERS, item))
}
