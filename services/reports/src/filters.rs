//! The dashboard's filters: a date range, a genre and a plan, read from the query string
//! and checked before any of them reaches SQL (where they are bound, never spliced).

use chrono::NaiveDate;
use common::ApiError;
use serde::Deserialize;

/// The longest genre or plan name a filter takes.
const MAX_NAME: usize = 100;

/// The query string of `GET /reports/dashboard`; an empty value is the same as none.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardParams {
    /// The first day, `YYYY-MM-DD`; the first day with plays when absent.
    pub from: Option<String>,
    /// The last day, `YYYY-MM-DD`; the last day with plays when absent.
    pub to: Option<String>,
    /// Only this song genre, for the listening figures.
    pub genre: Option<String>,
    /// Only users on this plan, for the sign-up and engagement figures.
    pub plan: Option<String>,
}

/// Checked filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// The first day asked for.
    pub from: Option<NaiveDate>,
    /// The last day asked for.
    pub to: Option<NaiveDate>,
    /// The genre asked for.
    pub genre: Option<String>,
    /// The plan asked for.
    pub plan: Option<String>,
}

impl TryFrom<DashboardParams> for Filters {
    type Error = ApiError;

    fn try_from(params: DashboardParams) -> Result<Self, ApiError> {
        let filters = Self {
            from: day("from", params.from.as_deref())?,
            to: day("to", params.to.as_deref())?,
            genre: name("genre", params.genre)?,
            plan: name("plan", params.plan)?,
        };
        if let (Some(from), Some(to)) = (filters.from, filters.to)
            && from > to
        {
            return Err(ApiError::validation("from", format!("the range starts on {from}, after its end {to}")));
        }
        Ok(filters)
    }
}

fn day(field: &str, value: Option<&str>) -> Result<Option<NaiveDate>, ApiError> {
    match value.map(str::trim).filter(|value| !value.is_empty()) {
        None => Ok(None),
        Some(value) => NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .ok()
            .filter(|date| (1970..=9999).contains(&chrono::Datelike::year(date)) && value.len() == 10)
            .map(Some)
            .ok_or_else(|| ApiError::validation(field, format!("`{value}` is not a day: use YYYY-MM-DD"))),
    }
}

fn name(field: &str, value: Option<String>) -> Result<Option<String>, ApiError> {
    match value.filter(|value| !value.trim().is_empty()) {
        None => Ok(None),
        Some(value) if value.chars().count() > MAX_NAME || value.chars().any(char::is_control) => {
            Err(ApiError::validation(field, format!("a {field} is 1 to {MAX_NAME} printable characters")))
        }
        Some(value) => Ok(Some(value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(from: &str, to: &str, genre: &str) -> DashboardParams {
        let some = |value: &str| Some(value.to_owned());
        DashboardParams { from: some(from), to: some(to), genre: some(genre), plan: None }
    }

    #[test]
    fn empty_values_are_no_filter_and_days_parse() {
        let filters = Filters::try_from(params("2026-01-02", "", " ")).unwrap();
        assert_eq!(filters.from, NaiveDate::from_ymd_opt(2026, 1, 2));
        assert_eq!((filters.to, filters.genre), (None, None));
    }

    #[test]
    fn bad_days_names_and_ranges_are_refused_with_the_field() {
        for (params, field) in [
            (params("2026-13-01", "", ""), "from"),
            (params("-262143-01-01", "", ""), "from"),
            (params("2026-1-2", "", ""), "from"),
            (params("", "yesterday", ""), "to"),
            (params("2026-02-01", "2026-01-01", ""), "from"),
            (params("", "", &"x".repeat(101)), "genre"),
            (params("", "", "rock\u{0}"), "genre"),
        ] {
            match Filters::try_from(params) {
                Err(ApiError::Validation { field: got, .. }) => assert_eq!(got, field),
                other => panic!("expected a validation error of {field}, got {other:?}"),
            }
        }
    }
}
