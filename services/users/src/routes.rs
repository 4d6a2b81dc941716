//! The HTTP handlers of the users service: parse, call, map.

use axum::extract::State;
use axum::http::StatusCode;
use common::extract::{ClientAddress, Json, Path, Query};
use common::paging::{ListResponse, PageParams};
use common::{ApiError, AppState, AuthUser, Role, TenantId};
use serde::{Deserialize, Serialize};

use crate::accounts::{self, NewAccount, ProfileChanges, User};
use crate::fields::{self, Email, Plan};
use crate::password;
use crate::tenants;
use crate::throttle::Throttle;

/// `POST /users/register`: a new listener account in a tenant.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserRegisterRequest {
    /// The tenant slug, as typed on the login page.
    #[schema(min_length = 2, max_length = 40, pattern = "^[a-z][a-z0-9-]*[a-z0-9]$")]
    pub tenant: String,
    /// The e-mail address.
    #[schema(min_length = 3, max_length = 254)]
    pub email: String,
    /// The password: at least 10 characters mixing letters with digits or symbols.
    #[schema(min_length = 10, max_length = 128)]
    pub password: String,
    /// The name shown to others.
    #[schema(min_length = 1, max_length = 80)]
    pub display_name: String,
    /// A two-letter country code.
    #[schema(pattern = "^[A-Za-z]{2}$")]
    pub country: Option<String>,
    /// The plan: only `free`, the plan every account starts on; an admin of the
    /// organisation changes plans.
    pub plan: Option<Plan>,
}

/// `POST /users/login`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserLoginRequest {
    /// The tenant slug.
    pub tenant: String,
    /// The e-mail address.
    pub email: String,
    /// The password.
    pub password: String,
}

/// A token and who it belongs to.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct UserLoginResponse {
    /// The bearer token for `Authorization: Bearer …`.
    pub token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// When the token expires, in seconds since the epoch.
    pub expires_at: i64,
    /// The user.
    pub user: User,
}

/// `GET /users/validate`: what the token says.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TokenValidateResponse {
    /// Always true: an invalid token answers 401.
    pub valid: bool,
    /// The tenant.
    pub tenant_id: String,
    /// The user id.
    pub user_id: String,
    /// The role.
    pub role: Role,
    /// When the token expires, in seconds since the epoch.
    pub expires_at: i64,
}

/// `PATCH /users/me`.
#[derive(Debug, Deserialize, Default, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileUpdateRequest {
    /// A new display name.
    pub display_name: Option<String>,
    /// A new country code.
    pub country: Option<String>,
    /// A new plan.
    pub plan: Option<Plan>,
    /// The current password, required with `new_password`.
    pub current_password: Option<String>,
    /// A new password.
    pub new_password: Option<String>,
}

/// `PUT /users/{user_id}/role`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleUpdateRequest {
    /// The new role.
    pub role: Role,
}

/// `PUT /users/{user_id}/plan`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanUpdateRequest {
    /// The new plan.
    pub plan: Plan,
}

/// Listeners do not choose paid plans themselves: an admin of the organisation does.
fn free_plan_only(plan: Option<Plan>) -> Result<Plan, ApiError> {
    match plan.unwrap_or_default() {
        Plan::Free => Ok(Plan::Free),
        _ => Err(ApiError::validation(
            "plan",
            "accounts start on the free plan; an admin of the organisation changes plans",
        )),
    }
}

fn tenant_field(text: &str) -> Result<TenantId, ApiError> {
    TenantId::parse(text.trim()).map_err(|error| ApiError::validation("tenant", error.to_string()))
}

impl TryFrom<UserRegisterRequest> for NewAccount {
    type Error = ApiError;

    fn try_from(request: UserRegisterRequest) -> Result<Self, Self::Error> {
        let email = Email::parse(&request.email)?;
        password::check_policy(&request.password, email.as_str())?;
        Ok(Self {
            tenant: tenant_field(&request.tenant)?,
            display_name: fields::display_name(&request.display_name)?,
            country: request.country.as_deref().map(fields::country).transpose()?,
            plan: free_plan_only(request.plan)?,
            role: Role::Listener,
            password: request.password,
            email,
        })
    }
}

impl TryFrom<ProfileUpdateRequest> for ProfileChanges {
    type Error = ApiError;

    fn try_from(request: ProfileUpdateRequest) -> Result<Self, Self::Error> {
        let password = match (request.current_password, request.new_password) {
            (Some(current), Some(new)) => Some((current, new)),
            (None, None) => None,
            (None, Some(_)) => return Err(ApiError::validation("current_password", "give the current password too")),
            (Some(_), None) => return Err(ApiError::validation("new_password", "give the new password too")),
        };
        Ok(Self {
            display_name: request.display_name.as_deref().map(fields::display_name).transpose()?,
            country: request.country.as_deref().map(fields::country).transpose()?,
            plan: request.plan,
            password,
            role: None,
        })
    }
}

/// What the login page learns of an organisation before anyone signs in: that it exists,
/// and its name.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OrganisationResponse {
    /// The short name typed at login.
    pub tenant_id: String,
    /// The organisation's name.
    pub name: String,
}

/// Looks up an organisation by the short name typed on the login page, so that the page can
/// greet it by name or say that there is none. Answers nothing but the name: not its users,
/// not its catalog.
#[utoipa::path(get, path = "/organisations/{tenant_id}", tag = "users", security(()),
    params(("tenant_id" = String, Path, description = "The organisation's short name, e.g. northwind-records")),
    responses((status = 200, description = "The organisation exists", body = OrganisationResponse)))]
pub async fn get_organisation(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<OrganisationResponse>, ApiError> {
    let slug = slug.trim().to_lowercase();
    let missing = || {
        ApiError::NotFound(format!(
            "no organisation is called \"{slug}\": check the short name with whoever invited you"
        ))
    };
    let tenant = TenantId::parse(&slug).map_err(|_| missing())?;
    let found = tenants::find_tenant(state.store.as_ref(), &tenant).await?.ok_or_else(missing)?;
    Ok(Json(OrganisationResponse { tenant_id: found.tenant_id.to_string(), name: found.name }))
}

/// Signs up a listener and logs them in.
#[utoipa::path(post, path = "/register", tag = "users", security(()), request_body = UserRegisterRequest,
    responses((status = 201, description = "The account, logged in", body = UserLoginResponse)))]
pub async fn register_user(
    State(state): State<AppState>,
    Json(request): Json<UserRegisterRequest>,
) -> Result<(StatusCode, Json<UserLoginResponse>), ApiError> {
    let account = NewAccount::try_from(request)?;
    let (tenant, email, password) = (account.tenant.clone(), account.email.clone(), account.password.clone());
    accounts::create_account(state.store.as_ref(), account).await?;
    let session = accounts::login(state.store.as_ref(), &state.auth, &tenant, &email, password).await?;
    Ok((StatusCode::CREATED, Json(login_response(session))))
}

/// Logs in with tenant, e-mail and password.
#[utoipa::path(post, path = "/login", tag = "users", security(()), request_body = UserLoginRequest,
    responses((status = 200, description = "A token for the account", body = UserLoginResponse)))]
pub async fn login_user(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    Json(request): Json<UserLoginRequest>,
) -> Result<Json<UserLoginResponse>, ApiError> {
    let denied = || ApiError::Unauthorized("wrong tenant, e-mail or password".to_owned());
    let tenant = TenantId::parse(request.tenant.trim()).map_err(|_| denied())?;
    let email = Email::parse(&request.email).map_err(|_| denied())?;
    let store = state.store.as_ref();
    let throttle = Throttle::new(email.as_str(), client);
    let now = chrono::Utc::now().timestamp();
    throttle.check(store, &tenant, now).await?;
    match accounts::login(store, &state.auth, &tenant, &email, request.password).await {
        Ok(session) => {
            throttle.succeeded(store, &tenant).await?;
            Ok(Json(login_response(session)))
        }
        Err(error @ ApiError::Unauthorized(_)) => {
            throttle.failed(store, &tenant, now).await?;
            Err(error)
        }
        Err(error) => Err(error),
    }
}

fn login_response(session: accounts::Session) -> UserLoginResponse {
    UserLoginResponse {
        token: session.token,
        token_type: "Bearer".to_owned(),
        expires_at: session.expires_at,
        user: session.user,
    }
}

/// Answers what a valid token says.
#[utoipa::path(get, path = "/validate", tag = "users",
    responses((status = 200, description = "The token is valid", body = TokenValidateResponse)))]
pub async fn validate_token(caller: AuthUser) -> Json<TokenValidateResponse> {
    Json(TokenValidateResponse {
        valid: true,
        tenant_id: caller.tenant.to_string(),
        user_id: caller.user_id,
        role: caller.role,
        expires_at: caller.expires_at,
    })
}

/// The caller's profile.
#[utoipa::path(get, path = "/me", tag = "users", responses((status = 200, description = "The caller", body = User)))]
pub async fn get_me(State(state): State<AppState>, caller: AuthUser) -> Result<Json<User>, ApiError> {
    Ok(Json(accounts::get_user(state.store.as_ref(), &caller.tenant, &caller.user_id).await?))
}

/// Changes the caller's profile.
#[utoipa::path(patch, path = "/me", tag = "users", request_body = ProfileUpdateRequest,
    responses((status = 200, description = "The changed profile", body = User)))]
pub async fn update_me(
    State(state): State<AppState>,
    caller: AuthUser,
    Json(request): Json<ProfileUpdateRequest>,
) -> Result<Json<User>, ApiError> {
    let changes = ProfileChanges::try_from(request)?;
    if changes.plan.is_some() && caller.role != Role::Admin {
        return Err(ApiError::validation("plan", "an admin of the organisation changes plans"));
    }
    let user = accounts::update_user(state.store.as_ref(), &caller.tenant, &caller.user_id, changes).await?;
    state.auth.forget(&caller.tenant, &caller.user_id);
    Ok(Json(user))
}

/// One page of the tenant's users (admins).
#[utoipa::path(get, path = "/", tag = "users", params(PageParams),
    responses((status = 200, description = "A page of users", body = ListResponse<User>)))]
pub async fn list_users(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(params): Query<PageParams>,
) -> Result<Json<ListResponse<User>>, ApiError> {
    caller.require_admin()?;
    Ok(Json(accounts::list_users(state.store.as_ref(), &caller.tenant, &params).await?))
}

/// Finds the tenant's users by the start of their e-mail address (admins).
#[utoipa::path(get, path = "/search", tag = "users", params(UserSearchParams),
    responses((status = 200, description = "Matching users, by e-mail", body = ListResponse<User>)))]
pub async fn search_users(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(params): Query<UserSearchParams>,
) -> Result<Json<ListResponse<User>>, ApiError> {
    caller.require_admin()?;
    let paging = PageParams { limit: params.limit, cursor: params.cursor };
    Ok(Json(accounts::search_users(state.store.as_ref(), &caller.tenant, &params.q, &paging).await?))
}

/// The query of `GET /users/search`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserSearchParams {
    /// The start of the e-mail address, any case.
    #[param(min_length = 1, max_length = 254)]
    pub q: String,
    /// At most this many items, 1 to 100; 25 when absent.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// One user of the tenant (admins, or the user themself).
#[utoipa::path(get, path = "/{user_id}", tag = "users", params(("user_id" = String, Path, description = "A user id")),
    responses((status = 200, description = "The user", body = User)))]
pub async fn get_user(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(user_id): Path<String>,
) -> Result<Json<User>, ApiError> {
    if caller.user_id != user_id {
        caller.require_admin()?;
    }
    Ok(Json(accounts::get_user(state.store.as_ref(), &caller.tenant, &user_id).await?))
}

/// Sets a user's plan (admins): listeners do not choose paid plans themselves.
#[utoipa::path(put, path = "/{user_id}/plan", tag = "users", params(("user_id" = String, Path, description = "A user id")),
    request_body = PlanUpdateRequest, responses((status = 200, description = "The user with the new plan", body = User)))]
pub async fn update_plan(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(user_id): Path<String>,
    Json(request): Json<PlanUpdateRequest>,
) -> Result<Json<User>, ApiError> {
    caller.require_admin()?;
    let changes = ProfileChanges { plan: Some(request.plan), ..ProfileChanges::default() };
    Ok(Json(accounts::update_user(state.store.as_ref(), &caller.tenant, &user_id, changes).await?))
}

/// Sets a user's role (admins; not their own).
#[utoipa::path(put, path = "/{user_id}/role", tag = "users", params(("user_id" = String, Path, description = "A user id")),
    request_body = RoleUpdateRequest, responses((status = 200, description = "The user with the new role", body = User)))]
pub async fn update_role(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(user_id): Path<String>,
    Json(request): Json<RoleUpdateRequest>,
) -> Result<Json<User>, ApiError> {
    caller.require_admin()?;
    if caller.user_id == user_id {
        return Err(ApiError::Conflict("admins cannot change their own role".to_owned()));
    }
    let changes = ProfileChanges { role: Some(request.role), ..ProfileChanges::default() };
    let user = accounts::update_user(state.store.as_ref(), &caller.tenant, &user_id, changes).await?;
    state.auth.forget(&caller.tenant, &user_id);
    Ok(Json(user))
}
