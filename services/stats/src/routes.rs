//! The HTTP handlers of the stats service: parse, call, map.

use axum::extract::State;
use axum::http::StatusCode;
use common::extract::{Json, Query};
use common::listed::Listed;
use common::model::PLAYS;
use common::paging::{ListResponse, PageParams};
use common::{ApiError, AppState, AuthUser, record};
use serde::Deserialize;

use crate::charts::{self, ChartRow, ListeningPatterns, Period, Ranked, UsageReport};
use crate::play::{self, Device, NewPlay, Play};

/// `POST /stats/plays`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlayRecordRequest {
    /// The song; must exist in the catalog.
    pub song_id: String,
    /// How long it was listened to, in milliseconds; at most its length.
    #[schema(maximum = 21600000)]
    pub ms_played: u64,
    /// Where.
    pub device: Device,
    /// Where it was started from: `search`, `radio`, `library`, `playlist:<id>`, `album:<id>`, `artist:<id>`.
    pub context: Option<String>,
    /// When it started, RFC 3339, within the last 30 days; now when absent.
    pub played_at: Option<String>,
}

/// A period of whole days for charts.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodParams {
    /// The first day, `YYYY-MM-DD`; 29 days before `to` when absent.
    pub from: Option<String>,
    /// The last day, `YYYY-MM-DD`; today when absent. At most 92 days in all.
    pub to: Option<String>,
    /// The most rows of a top list, 1 to 50; 10 when absent.
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<u32>,
}

impl PeriodParams {
    fn period(&self) -> Result<Period, ApiError> {
        Period::parse(self.from.as_deref(), self.to.as_deref())
    }

    fn limit(&self) -> Result<usize, ApiError> {
        match self.limit {
            None => Ok(10),
            Some(limit) if (1..=50).contains(&limit) => Ok(limit as usize),
            Some(_) => Err(ApiError::validation("limit", "a top list has 1 to 50 rows")),
        }
    }
}

impl TryFrom<PlayRecordRequest> for NewPlay {
    type Error = ApiError;

    fn try_from(r: PlayRecordRequest) -> Result<Self, Self::Error> {
        if r.ms_played > 6 * 3600 * 1000 {
            return Err(ApiError::validation("ms_played", "at most 6 hours"));
        }
        Ok(Self {
            song_id: r.song_id.trim().to_owned(),
            ms_played: r.ms_played,
            device: r.device,
            context: r.context.as_deref().map(play::check_context).transpose()?,
            played_at: r.played_at.as_deref().map(play::check_played_at).transpose()?,
        })
    }
}

/// Records that the caller played a song.
#[utoipa::path(post, path = "/plays", tag = "stats", request_body = PlayRecordRequest,
    responses((status = 201, description = "The recorded play", body = Play)))]
pub async fn record_play(
    State(state): State<AppState>,
    caller: AuthUser,
    Json(request): Json<PlayRecordRequest>,
) -> Result<(StatusCode, Json<Play>), ApiError> {
    let new = NewPlay::try_from(request)?;
    Ok((StatusCode::CREATED, Json(play::record_play(state.store.as_ref(), &caller, new).await?)))
}

/// The caller's listening history, newest first.
#[utoipa::path(get, path = "/me/history", tag = "stats", params(PageParams),
    responses((status = 200, description = "A page of the caller's plays", body = ListResponse<Play>)))]
pub async fn my_history(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(params): Query<PageParams>,
) -> Result<Listed<Play>, ApiError> {
    let query = common::store::Query::new(&PLAYS).index("by_user").scoped(&caller.user_id).backward();
    record::page_of(state.store.as_ref(), &caller.tenant, query, &params).await
}

/// The top list of `ranked` for the caller's tenant in the period of `params`.
async fn chart(
    state: &AppState,
    caller: &AuthUser,
    params: &PeriodParams,
    ranked: Ranked,
) -> Result<Json<Vec<ChartRow>>, ApiError> {
    let (period, limit) = (params.period()?, params.limit()?);
    let plays = charts::plays_in(state.store.as_ref(), &caller.tenant, period).await?;
    Ok(Json(charts::top(state.store.as_ref(), &caller.tenant, &plays, ranked, limit).await?))
}

/// The tenant's most played songs in a period.
#[utoipa::path(get, path = "/top-songs", tag = "stats", params(PeriodParams),
    responses((status = 200, description = "Songs by plays", body = Vec<ChartRow>)))]
pub async fn top_songs_chart(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(params): Query<PeriodParams>,
) -> Result<Json<Vec<ChartRow>>, ApiError> {
    chart(&state, &caller, &params, Ranked::Songs).await
}

/// The tenant's most played artists in a period.
#[utoipa::path(get, path = "/top-artists", tag = "stats", params(PeriodParams),
    responses((status = 200, description = "Artists by plays", body = Vec<ChartRow>)))]
pub async fn top_artists_chart(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(params): Query<PeriodParams>,
) -> Result<Json<Vec<ChartRow>>, ApiError> {
    chart(&state, &caller, &params, Ranked::Artists).await
}

/// The tenant's most played albums in a period.
#[utoipa::path(get, path = "/top-albums", tag = "stats", params(PeriodParams),
    responses((status = 200, description = "Albums by plays", body = Vec<ChartRow>)))]
pub async fn top_albums_chart(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(params): Query<PeriodParams>,
) -> Result<Json<Vec<ChartRow>>, ApiError> {
    chart(&state, &caller, &params, Ranked::Albums).await
}

/// The tenant's plays by hour of day and day of week (UTC) in a period.
#[utoipa::path(get, path = "/patterns", tag = "stats", params(PeriodParams),
    responses((status = 200, description = "Plays by hour and weekday", body = ListeningPatterns)))]
pub async fn listening_patterns(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(params): Query<PeriodParams>,
) -> Result<Json<ListeningPatterns>, ApiError> {
    let plays = charts::plays_in(state.store.as_ref(), &caller.tenant, params.period()?).await?;
    Ok(Json(charts::patterns(&plays)))
}

/// Active users, plays and minutes listened in a period, by plan (admins).
#[utoipa::path(get, path = "/usage", tag = "stats", params(PeriodParams),
    responses((status = 200, description = "The usage report", body = UsageReport)))]
pub async fn usage_report(
    State(state): State<AppState>,
    caller: AuthUser,
    Query(params): Query<PeriodParams>,
) -> Result<Json<UsageReport>, ApiError> {
    caller.require_admin()?;
    let period = params.period()?;
    let plays = charts::plays_in(state.store.as_ref(), &caller.tenant, period).await?;
    Ok(Json(charts::usage(period, &plays)))
}
