//! The figures of the dashboard, read from the summary tables of one tenant in one read
//! transaction, so that an ETL run that commits meanwhile is seen whole or not at all.
//! Sums across days are made here rather than in SQL, so that the same statements read
//! alike on SQLite and MySQL (whose SUM answers DECIMAL) through sqlx's `Any` driver.

use std::collections::BTreeMap;

use anyhow::Context as _;
use chrono::{Datelike as _, NaiveDate};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row as _};

use crate::filters::Filters;

/// Users shown in the engagement scatter at most.
pub const ENGAGEMENT_USERS: usize = 500;
/// Artists shown in the genre treemap at most.
pub const TREEMAP_ARTISTS: usize = 100;
/// Songs in the top list.
pub const TOP_SONGS: usize = 10;

/// Everything the dashboard shows, for one tenant and one set of filters.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Dashboard {
    /// The caller's tenant.
    pub tenant: String,
    /// When the newest ETL run of these figures ran; none before the first run.
    pub etl_run: Option<String>,
    /// The time of the oldest lake data the figures come from (the lineage record).
    pub data_as_of: Option<String>,
    /// The filters applied, with the date range filled in from the data.
    pub filters: AppliedFilters,
    /// The first and last days with plays; none without plays.
    pub bounds: Option<Bounds>,
    /// The values the genre and plan filters take.
    pub options: FilterOptions,
    /// Sums over the date range (and genre).
    pub totals: Totals,
    /// Plays per day in the range (and genre).
    pub daily_listening: Vec<Day>,
    /// Plays per genre in the range, most played first; not narrowed by the genre filter.
    pub genres: Vec<GenrePlays>,
    /// Plays per UTC weekday (0 = Sunday) and hour, all time.
    pub hourly: Vec<HourCell>,
    /// Users and retention per plan, all time; not narrowed by the plan filter.
    pub plans: Vec<PlanRetention>,
    /// New users per day and plan in the range (and plan).
    pub signups: Vec<Signups>,
    /// Users at each step from sign-up to repeat listening, in order.
    pub funnel: Vec<FunnelStep>,
    /// Plays against active days of up to 500 users (and plan).
    pub engagement: Vec<Engagement>,
    /// Plays per genre and artist, all time (and genre), most played first, at most 100.
    pub genre_artists: Vec<GenreArtist>,
    /// Artists, albums and songs added per month, all time.
    pub catalog_growth: Vec<CatalogMonth>,
    /// Plays per device in the months of the range.
    pub devices: Vec<DeviceMonth>,
    /// The ten most played songs, all time.
    pub top_songs: Vec<TopSong>,
}

/// The filters a dashboard was made with.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AppliedFilters {
    /// The first day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// The last day, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// The genre.
    pub genre: Option<String>,
    /// The plan.
    pub plan: Option<String>,
}

/// The days with plays.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Bounds {
    /// The first, `YYYY-MM-DD`.
    pub first_day: String,
    /// The last, `YYYY-MM-DD`.
    pub last_day: String,
}

/// What the filters can be set to.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FilterOptions {
    /// Genres with plays.
    pub genres: Vec<String>,
    /// Plans with users.
    pub plans: Vec<String>,
}

/// Sums over the range.
#[derive(Debug, Default, Serialize, utoipa::ToSchema)]
pub struct Totals {
    /// Plays.
    pub plays: i64,
    /// The most listeners of one day.
    pub listeners: i64,
    /// Whole minutes listened.
    pub minutes: i64,
}

/// One day of listening.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Day {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// Plays.
    pub plays: i64,
    /// Distinct listeners.
    pub listeners: i64,
    /// Whole minutes listened.
    pub minutes: i64,
}

/// A genre's plays.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct GenrePlays {
    /// The genre.
    pub genre: String,
    /// Plays in the range.
    pub plays: i64,
    /// The most listeners of one day in the range.
    pub listeners: i64,
}

/// One cell of the hour and weekday grid.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HourCell {
    /// 0 = Sunday to 6 = Saturday.
    pub weekday: i64,
    /// 0 to 23, UTC.
    pub hour: i64,
    /// Plays.
    pub plays: i64,
}

/// Users and retention of a plan.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PlanRetention {
    /// The plan.
    pub plan: String,
    /// Users on it.
    pub users: i64,
    /// Of them, those who played a song.
    pub listeners: i64,
    /// Of them, those who played again 7 days after their first play or later.
    pub retained_7d: i64,
    /// Of them, those who played again 30 days after their first play or later.
    pub retained_30d: i64,
}

/// New users of one day and plan.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Signups {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// The plan.
    pub plan: String,
    /// New users.
    pub users: i64,
}

/// A step of the listener funnel.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FunnelStep {
    /// What users did.
    pub step: String,
    /// How many did.
    pub users: i64,
}

/// One user's engagement.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Engagement {
    /// The user.
    pub user_id: String,
    /// The user's plan.
    pub plan: String,
    /// Days with a play.
    pub active_days: i64,
    /// Plays.
    pub plays: i64,
    /// Whole minutes listened.
    pub minutes: i64,
}

/// An artist's plays within its genre.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct GenreArtist {
    /// The artist's primary genre.
    pub genre: String,
    /// The artist.
    pub artist_id: String,
    /// The artist's name.
    pub artist: String,
    /// Plays.
    pub plays: i64,
}

/// The catalog items added in a month.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CatalogMonth {
    /// The month's first day, `YYYY-MM-DD`.
    pub month: String,
    /// Artists added.
    pub artists: i64,
    /// Albums added.
    pub albums: i64,
    /// Songs added.
    pub songs: i64,
}

/// Plays of a device in a month.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeviceMonth {
    /// The month's first day, `YYYY-MM-DD`.
    pub month: String,
    /// The device.
    pub device: String,
    /// Plays.
    pub plays: i64,
}

/// A song of the top list.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TopSong {
    /// 1 for the most played.
    pub position: i64,
    /// The song.
    pub song_id: String,
    /// Its title.
    pub title: String,
    /// Its artist's name.
    pub artist: String,
    /// Plays.
    pub plays: i64,
    /// Distinct listeners.
    pub listeners: i64,
}

/// A statement and the text values bound to its `?` markers, the tenant always first.
struct Select {
    sql: String,
    binds: Vec<String>,
}

impl Select {
    fn new(tenant: &str, sql: &str) -> Self {
        Self { sql: sql.to_owned(), binds: vec![tenant.to_owned()] }
    }

    /// Adds `AND <condition>` with one bound value, when there is a value.
    fn and(mut self, condition: &str, value: Option<String>) -> Self {
        if let Some(value) = value {
            self.sql.push_str(" AND ");
            self.sql.push_str(condition);
            self.binds.push(value);
        }
        self
    }

    fn then(mut self, rest: &str) -> Self {
        self.sql.push(' ');
        self.sql.push_str(rest);
        self
    }

    async fn rows(self, connection: &mut AnyConnection) -> anyhow::Result<Vec<AnyRow>> {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(self.sql.as_str()));
        for value in &self.binds {
            query = query.bind(value.as_str());
        }
        query.fetch_all(connection).await.with_context(|| format!("reading the summaries: {}", self.sql))
    }
}

fn int(row: &AnyRow, column: &str) -> anyhow::Result<i64> {
    row.try_get(column).with_context(|| format!("summary column {column}"))
}

fn text(row: &AnyRow, column: &str) -> anyhow::Result<String> {
    row.try_get(column).with_context(|| format!("summary column {column}"))
}

fn optional_text(row: &AnyRow, column: &str) -> anyhow::Result<Option<String>> {
    row.try_get(column).with_context(|| format!("summary column {column}"))
}

fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The dashboard of `tenant` under `filters`.
pub async fn load(pool: &AnyPool, tenant: &str, filters: &Filters) -> anyhow::Result<Dashboard> {
    let mut transaction = pool.begin().await.context("opening the summary database")?;
    let connection: &mut AnyConnection = &mut transaction;
    let lineage = Select::new(
        tenant,
        "SELECT MAX(etl_run) AS etl_run, MIN(data_as_of) AS data_as_of FROM etl_lineage WHERE tenant_id = ?",
    )
    .rows(connection)
    .await?;
    let (etl_run, data_as_of) = match lineage.first() {
        Some(row) => (optional_text(row, "etl_run")?, optional_text(row, "data_as_of")?),
        None => (None, None),
    };
    let bounds = Select::new(
        tenant,
        "SELECT CAST(MIN(play_date) AS CHAR) AS first_day, CAST(MAX(play_date) AS CHAR) AS last_day \
         FROM summary_daily_listening WHERE tenant_id = ?",
    )
    .rows(connection)
    .await?;
    let bounds = match bounds.first() {
        Some(row) => match (optional_text(row, "first_day")?, optional_text(row, "last_day")?) {
            (Some(first_day), Some(last_day)) => Some(Bounds { first_day, last_day }),
            _ => None,
        },
        None => None,
    };
    let from = filters.from.map(|day| day.to_string()).or_else(|| bounds.as_ref().map(|b| b.first_day.clone()));
    let to = filters.to.map(|day| day.to_string()).or_else(|| bounds.as_ref().map(|b| b.last_day.clone()));
    let month_from = filters.from.map(|day| first_of_month(day).to_string()).or_else(|| from.clone());

    let options = FilterOptions {
        genres: Select::new(
            tenant,
            "SELECT DISTINCT genre FROM summary_genre_daily WHERE tenant_id = ? ORDER BY genre",
        )
        .rows(connection)
        .await?
        .iter()
        .map(|row| text(row, "genre"))
        .collect::<anyhow::Result<_>>()?,
        plans: Select::new(tenant, "SELECT plan FROM summary_plan_retention WHERE tenant_id = ? ORDER BY plan")
            .rows(connection)
            .await?
            .iter()
            .map(|row| text(row, "plan"))
            .collect::<anyhow::Result<_>>()?,
    };

    let daily_table = if filters.genre.is_some() { "summary_genre_daily" } else { "summary_daily_listening" };
    let daily_listening = Select::new(
        tenant,
        &format!(
            "SELECT CAST(play_date AS CHAR) AS day, plays, listeners, ms_played FROM {daily_table} WHERE tenant_id = ?"
        ),
    )
    .and("play_date >= ?", from.clone())
    .and("play_date <= ?", to.clone())
    .and("genre = ?", filters.genre.clone())
    .then("ORDER BY play_date")
    .rows(connection)
    .await?
    .iter()
    .map(|row| {
        Ok(Day {
            day: text(row, "day")?,
            plays: int(row, "plays")?,
            listeners: int(row, "listeners")?,
            minutes: int(row, "ms_played")? / 60_000,
        })
    })
    .collect::<anyhow::Result<Vec<_>>>()?;
    let totals = Totals {
        plays: daily_listening.iter().map(|day| day.plays).sum(),
        listeners: daily_listening.iter().map(|day| day.listeners).max().unwrap_or(0),
        minutes: daily_listening.iter().map(|day| day.minutes).sum(),
    };

    let mut by_genre: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for row in Select::new(tenant, "SELECT genre, plays, listeners FROM summary_genre_daily WHERE tenant_id = ?")
        .and("play_date >= ?", from.clone())
        .and("play_date <= ?", to.clone())
        .rows(connection)
        .await?
    {
        let entry = by_genre.entry(text(&row, "genre")?).or_default();
        entry.0 += int(&row, "plays")?;
        entry.1 = entry.1.max(int(&row, "listeners")?);
    }
    let mut genres: Vec<GenrePlays> =
        by_genre.into_iter().map(|(genre, (plays, listeners))| GenrePlays { genre, plays, listeners }).collect();
    genres.sort_by(|a, b| b.plays.cmp(&a.plays).then_with(|| a.genre.cmp(&b.genre)));

    let hourly = Select::new(
        tenant,
        "SELECT play_weekday, play_hour, plays FROM summary_hourly_listening WHERE tenant_id = ? \
         ORDER BY play_weekday, play_hour",
    )
    .rows(connection)
    .await?
    .iter()
    .map(|row| {
        Ok(HourCell { weekday: int(row, "play_weekday")?, hour: int(row, "play_hour")?, plays: int(row, "plays")? })
    })
    .collect::<anyhow::Result<_>>()?;

    let plans = Select::new(
        tenant,
        "SELECT plan, users, listeners, retained_7d, retained_30d FROM summary_plan_retention WHERE tenant_id = ? \
         ORDER BY plan",
    )
    .rows(connection)
    .await?
    .iter()
    .map(|row| {
        Ok(PlanRetention {
            plan: text(row, "plan")?,
            users: int(row, "users")?,
            listeners: int(row, "listeners")?,
            retained_7d: int(row, "retained_7d")?,
            retained_30d: int(row, "retained_30d")?,
        })
    })
    .collect::<anyhow::Result<_>>()?;

    let signups = Select::new(
        tenant,
        "SELECT CAST(signup_date AS CHAR) AS day, plan, users FROM summary_signups_daily WHERE tenant_id = ?",
    )
    .and("signup_date >= ?", from.clone())
    .and("signup_date <= ?", to.clone())
    .and("plan = ?", filters.plan.clone())
    .then("ORDER BY signup_date, plan")
    .rows(connection)
    .await?
    .iter()
    .map(|row| Ok(Signups { day: text(row, "day")?, plan: text(row, "plan")?, users: int(row, "users")? }))
    .collect::<anyhow::Result<_>>()?;

    let funnel =
        Select::new(tenant, "SELECT step, users FROM summary_listener_funnel WHERE tenant_id = ? ORDER BY step_order")
            .rows(connection)
            .await?
            .iter()
            .map(|row| Ok(FunnelStep { step: text(row, "step")?, users: int(row, "users")? }))
            .collect::<anyhow::Result<_>>()?;

    let engagement = Select::new(
        tenant,
        "SELECT user_id, plan, active_days, plays, ms_played FROM summary_user_engagement WHERE tenant_id = ?",
    )
    .and("plan = ?", filters.plan.clone())
    .then(&format!("ORDER BY user_id LIMIT {ENGAGEMENT_USERS}"))
    .rows(connection)
    .await?
    .iter()
    .map(|row| {
        Ok(Engagement {
            user_id: text(row, "user_id")?,
            plan: text(row, "plan")?,
            active_days: int(row, "active_days")?,
            plays: int(row, "plays")?,
            minutes: int(row, "ms_played")? / 60_000,
        })
    })
    .collect::<anyhow::Result<_>>()?;

    let genre_artists = Select::new(
        tenant,
        "SELECT genre, artist_id, artist, plays FROM summary_artist_genre_plays WHERE tenant_id = ?",
    )
    .and("genre = ?", filters.genre.clone())
    .then(&format!("ORDER BY plays DESC, artist_id LIMIT {TREEMAP_ARTISTS}"))
    .rows(connection)
    .await?
    .iter()
    .map(|row| {
        Ok(GenreArtist {
            genre: text(row, "genre")?,
            artist_id: text(row, "artist_id")?,
            artist: text(row, "artist")?,
            plays: int(row, "plays")?,
        })
    })
    .collect::<anyhow::Result<_>>()?;

    let catalog_growth = Select::new(
        tenant,
        "SELECT CAST(added_month AS CHAR) AS month, artists_added, albums_added, songs_added \
         FROM summary_catalog_growth WHERE tenant_id = ? ORDER BY added_month",
    )
    .rows(connection)
    .await?
    .iter()
    .map(|row| {
        Ok(CatalogMonth {
            month: text(row, "month")?,
            artists: int(row, "artists_added")?,
            albums: int(row, "albums_added")?,
            songs: int(row, "songs_added")?,
        })
    })
    .collect::<anyhow::Result<_>>()?;

    let devices = Select::new(
        tenant,
        "SELECT CAST(play_month AS CHAR) AS month, device, plays FROM summary_device_monthly WHERE tenant_id = ?",
    )
    .and("play_month >= ?", month_from)
    .and("play_month <= ?", to.clone())
    .then("ORDER BY play_month, device")
    .rows(connection)
    .await?
    .iter()
    .map(|row| Ok(DeviceMonth { month: text(row, "month")?, device: text(row, "device")?, plays: int(row, "plays")? }))
    .collect::<anyhow::Result<_>>()?;

    let top_songs = Select::new(
        tenant,
        "SELECT chart_position, song_id, title, artist, plays, listeners FROM summary_top_songs WHERE tenant_id = ?",
    )
    .then(&format!("ORDER BY chart_position LIMIT {TOP_SONGS}"))
    .rows(connection)
    .await?
    .iter()
    .map(|row| {
        Ok(TopSong {
            position: int(row, "chart_position")?,
            song_id: text(row, "song_id")?,
            title: text(row, "title")?,
            artist: text(row, "artist")?,
            plays: int(row, "plays")?,
            listeners: int(row, "listeners")?,
        })
    })
    .collect::<anyhow::Result<_>>()?;
    transaction.rollback().await.context("closing the read")?;

    Ok(Dashboard {
        tenant: tenant.to_owned(),
        etl_run,
        data_as_of,
        filters: AppliedFilters { from, to, genre: filters.genre.clone(), plan: filters.plan.clone() },
        bounds,
        options,
        totals,
        daily_listening,
        genres,
        hourly,
        plans,
        signups,
        funnel,
        engagement,
        genre_artists,
        catalog_growth,
        devices,
        top_songs,
    })
}

/// The lineage of one summary table of a tenant: where its figures come from.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LineageRow {
    /// The summary table.
    pub summary_table: String,
    /// The ETL run that loaded it.
    pub etl_run: String,
    /// The ingest runs of the lake tables it reads.
    pub lake_runs: String,
    /// The time of the oldest of those ingest runs.
    pub data_as_of: String,
    /// Items of its sources in the store when ingested.
    pub source_items: i64,
    /// Rows of its sources in the lake.
    pub lake_rows: i64,
    /// Its rows for the tenant.
    pub summary_rows: i64,
    /// How long its query took, in milliseconds.
    pub query_ms: i64,
}

/// The lineage of every summary table of `tenant`, by table name.
pub async fn lineage(pool: &AnyPool, tenant: &str) -> anyhow::Result<Vec<LineageRow>> {
    let mut connection = pool.acquire().await.context("opening the summary database")?;
    Select::new(
        tenant,
        "SELECT summary_table, etl_run, lake_runs, data_as_of, source_items, lake_rows, summary_rows, query_ms \
         FROM etl_lineage WHERE tenant_id = ? ORDER BY summary_table",
    )
    .rows(&mut connection)
    .await?
    .iter()
    .map(|row| {
        Ok(LineageRow {
            summary_table: text(row, "summary_table")?,
            etl_run: text(row, "etl_run")?,
            lake_runs: text(row, "lake_runs")?,
            data_as_of: text(row, "data_as_of")?,
            source_items: int(row, "source_items")?,
            lake_rows: int(row, "lake_rows")?,
            summary_rows: int(row, "summary_rows")?,
            query_ms: int(row, "query_ms")?,
        })
    })
    .collect()
}
