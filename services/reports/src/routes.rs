//! The HTTP handlers of the reports service: check the caller and the filters, read, answer.

use axum::Extension;
use common::extract::{Json, Query};
use common::{ApiError, AuthUser};
use sqlx::AnyPool;

use crate::dashboard::{self, Dashboard, LineageRow};
use crate::filters::{DashboardParams, Filters};

/// Every figure of the analytics dashboard for the caller's tenant; tenant admins only.
#[utoipa::path(get, path = "/dashboard", tag = "reports", params(DashboardParams),
    responses((status = 200, description = "The dashboard's figures", body = Dashboard)))]
pub async fn dashboard(
    Extension(pool): Extension<AnyPool>,
    caller: AuthUser,
    Query(params): Query<DashboardParams>,
) -> Result<Json<Dashboard>, ApiError> {
    caller.require_admin()?;
    let filters = Filters::try_from(params)?;
    Ok(Json(dashboard::load(&pool, caller.tenant.as_str(), &filters).await?))
}

/// Where each summary table of the caller's tenant comes from: the ETL run, the lake runs
/// and the rows at each hop; tenant admins only.
#[utoipa::path(get, path = "/lineage", tag = "reports",
    responses((status = 200, description = "The lineage of each summary table", body = Vec<LineageRow>)))]
pub async fn lineage(Extension(pool): Extension<AnyPool>, caller: AuthUser) -> Result<Json<Vec<LineageRow>>, ApiError> {
    caller.require_admin()?;
    Ok(Json(dashboard::lineage(&pool, caller.tenant.as_str()).await?))
}
