//! Typed cells and rows of the lake's entities: read from item attributes by the model's
//! column types, written as the text forms both SQL engines read, and spooled as JSON.

use chrono::{DateTime, NaiveDate, Utc};
use common::lake::{ColumnDef, ColumnType, EntityDef};
use serde_json::Value;

/// One typed value of a row.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cell {
    /// No value.
    Null,
    /// Text.
    Text(String),
    /// A 64-bit integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// Milliseconds since the Unix epoch, UTC.
    Timestamp(i64),
    /// Days since the Unix epoch.
    Date(i32),
}

/// One row of an entity in one partition.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The entity.
    pub entity: &'static EntityDef,
    /// The tenant partition.
    pub tenant: String,
    /// The day partition, for day-partitioned entities.
    pub day: Option<String>,
    /// The cells, one per column of the entity, in column order.
    pub cells: Vec<Cell>,
}

/// The text form of a timestamp that `CAST(x AS TIMESTAMP)` reads in Athena and DataFusion.
pub const TIMESTAMP_FORMAT: &str = "%Y-%m-%d %H:%M:%S%.3f";

const UNIX_EPOCH_DAY: NaiveDate = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date");

/// Reads an attribute value as a cell of `column`'s type; the error says what is wrong.
pub fn cell_of(column: &ColumnDef, value: Option<&Value>) -> Result<Cell, String> {
    let name = column.name;
    let value = match value {
        None | Some(Value::Null) if column.nullable => return Ok(Cell::Null),
        None | Some(Value::Null) => return Err(format!("`{name}` is missing")),
        Some(value) => value,
    };
    let wrong = |what: &str| format!("`{name}` is not {what}: {value}");
    match column.ty {
        ColumnType::Text => value.as_str().map(|text| Cell::Text(text.to_owned())).ok_or_else(|| wrong("text")),
        ColumnType::Int => value.as_i64().map(Cell::Int).ok_or_else(|| wrong("an integer")),
        ColumnType::Bool => value.as_bool().map(Cell::Bool).ok_or_else(|| wrong("true or false")),
        ColumnType::Timestamp => value
            .as_str()
            .and_then(|text| DateTime::parse_from_rfc3339(text).ok())
            .map(|time| Cell::Timestamp(time.timestamp_millis()))
            .ok_or_else(|| wrong("an RFC 3339 time")),
        ColumnType::Date => value
            .as_str()
            .and_then(|text| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
            .map(|day| Cell::Date((day - UNIX_EPOCH_DAY).num_days() as i32))
            .ok_or_else(|| wrong("a date YYYY-MM-DD")),
    }
}

/// The UTC time of a timestamp cell's milliseconds.
pub fn time_of(millis: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(millis).unwrap_or_default()
}

/// The UTC day `YYYY-MM-DD` of a timestamp's milliseconds.
pub fn day_of(millis: i64) -> String {
    time_of(millis).format("%Y-%m-%d").to_string()
}

impl Cell {
    /// The text form of the cell in CSV and JSON Lines; `None` for null.
    pub fn text(&self) -> Option<String> {
        match self {
            Self::Null => None,
            Self::Text(text) => Some(text.clone()),
            Self::Int(number) => Some(number.to_string()),
            Self::Bool(flag) => Some(flag.to_string()),
            Self::Timestamp(millis) => Some(time_of(*millis).format(TIMESTAMP_FORMAT).to_string()),
            Self::Date(days) => {
                Some((UNIX_EPOCH_DAY + chrono::Duration::days(i64::from(*days))).format("%Y-%m-%d").to_string())
            }
        }
    }

    /// The cell as a JSON value of the raw zone: numbers and booleans as themselves,
    /// times and dates as text.
    pub fn json(&self) -> Value {
        match self {
            Self::Null => Value::Null,
            Self::Int(number) => Value::from(*number),
            Self::Bool(flag) => Value::Bool(*flag),
            other => Value::String(other.text().unwrap_or_default()),
        }
    }

    /// The cell in the spool: times and dates as their numbers.
    pub fn spool(&self) -> Value {
        match self {
            Self::Timestamp(millis) => Value::from(*millis),
            Self::Date(days) => Value::from(*days),
            other => other.json(),
        }
    }

    /// Reads a spooled cell of `column`.
    pub fn from_spool(column: &ColumnDef, value: &Value) -> Option<Self> {
        if value.is_null() {
            return Some(Self::Null);
        }
        Some(match column.ty {
            ColumnType::Text => Self::Text(value.as_str()?.to_owned()),
            ColumnType::Int => Self::Int(value.as_i64()?),
            ColumnType::Bool => Self::Bool(value.as_bool()?),
            ColumnType::Timestamp => Self::Timestamp(value.as_i64()?),
            ColumnType::Date => Self::Date(i32::try_from(value.as_i64()?).ok()?),
        })
    }
}

#[cfg(test)]
mod tests {
    use common::lake::PLAYS;
    use serde_json::json;

    use super::*;

    fn check(column: &str, value: Value, expected: Result<Cell, &str>) {
        let column = PLAYS.column(column).unwrap();
        let got = cell_of(column, Some(&value));
        match expected {
            Ok(cell) => assert_eq!(got, Ok(cell), "{value}"),
            Err(part) => assert!(got.as_ref().is_err_and(|e| e.contains(part)), "{value}: {got:?}"),
        }
    }

    #[test]
    fn cells_follow_the_column_type() {
        check("ms_played", json!(180500), Ok(Cell::Int(180_500)));
        check("ms_played", json!("180500"), Err("not an integer"));
        check("played_at", json!("2026-11-22T20:15:03.120Z"), Ok(Cell::Timestamp(1_795_378_503_120)));
        check("played_at", json!("yesterday"), Err("RFC 3339"));
        check("context", Value::Null, Ok(Cell::Null));
        assert_eq!(cell_of(PLAYS.column("device").unwrap(), None), Err("`device` is missing".to_owned()));
    }

    #[test]
    fn text_forms_are_what_both_engines_cast() {
        assert_eq!(Cell::Timestamp(1_795_378_503_120).text().unwrap(), "2026-11-22 20:15:03.120");
        assert_eq!(day_of(1_795_378_503_120), "2026-11-22");
        let day = cell_of(common::lake::ALBUMS.column("release_date").unwrap(), Some(&json!("2025-03-14"))).unwrap();
        assert_eq!(day.text().unwrap(), "2025-03-14");
        for cell in [Cell::Timestamp(5), Cell::Date(-3), Cell::Int(7), Cell::Null] {
            let column = match cell {
                Cell::Date(_) => common::lake::ALBUMS.column("release_date").unwrap(),
                Cell::Int(_) => PLAYS.column("ms_played").unwrap(),
                _ => PLAYS.column("played_at").unwrap(),
            };
            assert_eq!(Cell::from_spool(column, &cell.spool()), Some(cell));
        }
    }
}
