//! Charts over a period: the plays of each day in the period are read with one Query per
//! day partition (never a Scan) and folded into top lists, patterns and usage.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use common::model::{ALBUMS, ARTISTS, PLAYS, SONGS, TableDef};
use common::store::{Key, Query, Store};
use common::{ApiError, TenantId, record};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::play::Play;

/// The longest period a chart covers.
pub const MAX_DAYS: i64 = 92;

/// A validated period of whole days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The first day.
    pub from: NaiveDate,
    /// The last day.
    pub to: NaiveDate,
}

impl Period {
    /// The period from the optional `from` and `to` dates; the last 30 days by default.
    pub fn parse(from: Option<&str>, to: Option<&str>) -> Result<Self, ApiError> {
        let to = match to {
            Some(text) => record::date("to", text)?,
            None => Utc::now().date_naive(),
        };
        let from = match from {
            Some(text) => record::date("from", text)?,
            None => to.checked_sub_days(chrono::Days::new(29)).unwrap_or(NaiveDate::MIN),
        };
        // Dates near chrono's ends would overflow the period arithmetic below.
        for (field, day) in [("to", to), ("from", from)] {
            if !(1970..=9999).contains(&day.year()) {
                return Err(ApiError::validation(field, "use a date between 1970-01-01 and 9999-12-31"));
            }
        }
        if from > to {
            return Err(ApiError::validation("from", "`from` must not be after `to`"));
        }
        if (to - from).num_days() >= MAX_DAYS {
            return Err(ApiError::validation("from", format!("a period covers at most {MAX_DAYS} days")));
        }
        Ok(Self { from, to })
    }

    fn days(&self) -> impl Iterator<Item = NaiveDate> {
        self.from.iter_days().take_while(move |day| *day <= self.to)
    }
}

/// Every play of `tenant` in `period`, day by day.
pub async fn plays_in(store: &dyn Store, tenant: &TenantId, period: Period) -> Result<Vec<Play>, ApiError> {
    let mut plays = Vec::new();
    for day in period.days() {
        let mut query = Query::new(&PLAYS).scoped(day.format("%Y-%m-%d").to_string());
        loop {
            let page = store.query(tenant, &query).await?;
            for item in page.items {
                plays.push(record::decode_item::<Play>(&PLAYS, item)?);
            }
            match page.cursor {
                Some(cursor) => query.cursor = Some(cursor),
                None => break,
            }
        }
    }
    Ok(plays)
}

/// One row of a top list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ChartRow {
    /// The song, artist or album id.
    pub id: String,
    /// The song's or album's title, or the artist's name.
    pub name: String,
    /// How many plays.
    pub plays: u64,
    /// Minutes listened.
    pub minutes: u64,
}

/// What a top list ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ranked {
    /// Songs, named by title.
    Songs,
    /// Artists, named by name.
    Artists,
    /// Albums, named by title.
    Albums,
}

impl Ranked {
    /// The play's id of the thing ranked, its table and the attribute that names it.
    fn parts(self) -> (fn(&Play) -> &str, &'static TableDef, &'static str) {
        match self {
            Self::Songs => (|play| &play.song_id, &SONGS, "title"),
            Self::Artists => (|play| &play.artist_id, &ARTISTS, "name"),
            Self::Albums => (|play| &play.album_id, &ALBUMS, "title"),
        }
    }
}

/// The `limit` most played songs or artists (by `key`), with names from `table`.
pub async fn top(
    store: &dyn Store,
    tenant: &TenantId,
    plays: &[Play],
    of: Ranked,
    limit: usize,
) -> Result<Vec<ChartRow>, ApiError> {
    let (key, table, name_attribute) = of.parts();
    let mut totals: HashMap<&str, (u64, u64)> = HashMap::new();
    for play in plays {
        let entry = totals.entry(key(play)).or_default();
        entry.0 += 1;
        entry.1 += play.ms_played;
    }
    let mut rows: Vec<(&str, (u64, u64))> = totals.into_iter().collect();
    rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(b.1.1.cmp(&a.1.1)).then(a.0.cmp(b.0)));
    rows.truncate(limit);
    let mut chart = Vec::with_capacity(rows.len());
    for (id, (count, ms)) in rows {
        let item = store.get(tenant, table, &Key::tenant(id)).await?;
        let name = item.as_ref().and_then(|i| i.get(name_attribute)).and_then(Value::as_str).unwrap_or("(deleted)");
        chart.push(ChartRow { id: id.to_owned(), name: name.to_owned(), plays: count, minutes: ms / 60_000 });
    }
    Ok(chart)
}

/// Plays by hour of day and day of week, in UTC.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ListeningPatterns {
    /// Plays in each hour, 0 to 23.
    pub by_hour: Vec<u64>,
    /// Plays on each weekday, Monday first.
    pub by_weekday: Vec<u64>,
}

/// Folds plays into hourly and weekday counts.
pub fn patterns(plays: &[Play]) -> ListeningPatterns {
    let mut by_hour = vec![0; 24];
    let mut by_weekday = vec![0; 7];
    for play in plays {
        if let Ok(at) = DateTime::parse_from_rfc3339(&play.played_at) {
            by_hour[at.hour() as usize] += 1;
            by_weekday[at.weekday().num_days_from_monday() as usize] += 1;
        }
    }
    ListeningPatterns { by_hour, by_weekday }
}

/// Usage of one plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlanUsage {
    /// The plan.
    pub plan: String,
    /// Users of the plan who played anything.
    pub active_users: u64,
    /// Plays.
    pub plays: u64,
    /// Minutes listened.
    pub minutes: u64,
}

/// The tenant's usage over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct UsageReport {
    /// The first day, `YYYY-MM-DD`.
    pub from: String,
    /// The last day, `YYYY-MM-DD`.
    pub to: String,
    /// Users who played anything.
    pub active_users: u64,
    /// Plays.
    pub plays: u64,
    /// Minutes listened.
    pub minutes: u64,
    /// The same by plan, largest first.
    pub by_plan: Vec<PlanUsage>,
}

/// Folds plays into a usage report.
pub fn usage(period: Period, plays: &[Play]) -> UsageReport {
    let mut users = HashSet::new();
    let mut plans: HashMap<&str, (HashSet<&str>, u64, u64)> = HashMap::new();
    let mut total_ms = 0;
    for play in plays {
        users.insert(play.user_id.as_str());
        total_ms += play.ms_played;
        let plan = plans.entry(play.plan.as_str()).or_default();
        plan.0.insert(play.user_id.as_str());
        plan.1 += 1;
        plan.2 += play.ms_played;
    }
    let mut by_plan: Vec<PlanUsage> = plans
        .into_iter()
        .map(|(plan, (users, count, ms))| PlanUsage {
            plan: plan.to_owned(),
            active_users: users.len() as u64,
            plays: count,
            minutes: ms / 60_000,
        })
        .collect();
    by_plan.sort_by(|a, b| b.plays.cmp(&a.plays).then(a.plan.cmp(&b.plan)));
    UsageReport {
        from: period.from.format("%Y-%m-%d").to_string(),
        to: period.to.format("%Y-%m-%d").to_string(),
        active_users: users.len() as u64,
        plays: plays.len() as u64,
        minutes: total_ms / 60_000,
        by_plan,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        let period = Period::parse(Some("2026-11-01"), Some("2026-11-03")).unwrap();
        assert_eq!(period.days().count(), 3);
        assert!(Period::parse(Some("2026-11-04"), Some("2026-11-03")).is_err());
        assert!(Period::parse(Some("2026-01-01"), Some("2026-11-03")).is_err());
        assert!(Period::parse(Some("11/03/2026"), None).is_err());
        assert_eq!(Period::parse(None, Some("2026-11-30")).unwrap().from.to_string(), "2026-11-01");
    }

    #[test]
    fn dates_at_the_ends_of_the_calendar_are_refused_not_panicked_on() {
        for (from, to) in
            [(None, Some("-262143-01-01")), (Some("-262143-01-01"), Some("2026-11-03")), (None, Some("+262142-12-31"))]
        {
            let error = Period::parse(from, to).unwrap_err();
            assert!(matches!(error, ApiError::Validation { .. }), "{from:?} {to:?}: {error:?}");
        }
        assert!(Period::parse(None, Some("1970-01-10")).is_err(), "the default start would be before 1970");
    }
}
