//! The summary tables the ETL loads: each one's query in `templates/sql/summaries/`, its
//! typed columns in the query's order, its key (always led by `tenant_id`) and the lake
//! entities it reads, for lineage. The migrations create exactly these tables.

/// The type of a summary column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryType {
    /// Text.
    Text,
    /// A 64-bit integer.
    Int,
    /// A double.
    Float,
    /// A calendar day, `YYYY-MM-DD`.
    Date,
}

impl SummaryType {
    /// The column type in MySQL 8 (key columns need a bounded length).
    pub fn mysql(self, key: bool) -> &'static str {
        match (self, key) {
            (Self::Text, true) => "VARCHAR(191)",
            (Self::Text, false) => "VARCHAR(512)",
            (Self::Int, _) => "BIGINT",
            (Self::Float, _) => "DOUBLE",
            (Self::Date, _) => "DATE",
        }
    }

    /// The column type in SQLite.
    pub fn sqlite(self) -> &'static str {
        match self {
            Self::Text | Self::Date => "TEXT",
            Self::Int => "INTEGER",
            Self::Float => "REAL",
        }
    }
}

/// One summary table.
#[derive(Debug)]
pub struct Summary {
    /// The name; the database table is `summary_<name>`.
    pub name: &'static str,
    /// The query that computes it.
    pub sql: &'static str,
    /// The columns, in the query's order.
    pub columns: &'static [(&'static str, SummaryType)],
    /// The primary key.
    pub key: &'static [&'static str],
    /// The lake entities the query reads.
    pub sources: &'static [&'static str],
}

impl Summary {
    /// The table's name in the summary database.
    pub fn table(&self) -> String {
        format!("summary_{}", self.name)
    }

    /// What the table holds: the query's leading comment.
    pub fn doc(&self) -> String {
        crate::sql::files::leading_comment(self.sql)
    }
}

use SummaryType::{Date, Float, Int, Text};

macro_rules! sql {
    ($name:literal) => {
        include_str!(concat!("../../../../templates/sql/summaries/", $name, ".sql"))
    };
}

/// Every summary table, in load order.
pub static SUMMARIES: [Summary; 11] = [
    Summary {
        name: "daily_listening",
        sql: sql!("daily_listening"),
        columns: &[
            ("tenant_id", Text),
            ("play_date", Date),
            ("plays", Int),
            ("listeners", Int),
            ("songs", Int),
            ("ms_played", Int),
        ],
        key: &["tenant_id", "play_date"],
        sources: &["plays"],
    },
    Summary {
        name: "hourly_listening",
        sql: sql!("hourly_listening"),
        columns: &[
            ("tenant_id", Text),
            ("play_weekday", Int),
            ("play_hour", Int),
            ("plays", Int),
            ("listeners", Int),
            ("avg_completion", Float),
        ],
        key: &["tenant_id", "play_weekday", "play_hour"],
        sources: &["plays", "songs"],
    },
    Summary {
        name: "genre_daily",
        sql: sql!("genre_daily"),
        columns: &[
            ("tenant_id", Text),
            ("play_date", Date),
            ("genre", Text),
            ("plays", Int),
            ("listeners", Int),
            ("ms_played", Int),
        ],
        key: &["tenant_id", "play_date", "genre"],
        sources: &["plays", "song_genres"],
    },
    Summary {
        name: "plan_retention",
        sql: sql!("plan_retention"),
        columns: &[
            ("tenant_id", Text),
            ("plan", Text),
            ("users", Int),
            ("listeners", Int),
            ("retained_7d", Int),
            ("retained_30d", Int),
        ],
        key: &["tenant_id", "plan"],
        sources: &["users", "plays"],
    },
    Summary {
        name: "signups_daily",
        sql: sql!("signups_daily"),
        columns: &[("tenant_id", Text), ("signup_date", Date), ("plan", Text), ("users", Int)],
        key: &["tenant_id", "signup_date", "plan"],
        sources: &["users"],
    },
    Summary {
        name: "device_monthly",
        sql: sql!("device_monthly"),
        columns: &[
            ("tenant_id", Text),
            ("play_month", Date),
            ("device", Text),
            ("plays", Int),
            ("listeners", Int),
            ("ms_played", Int),
        ],
        key: &["tenant_id", "play_month", "device"],
        sources: &["plays"],
    },
    Summary {
        name: "top_songs",
        sql: sql!("top_songs"),
        columns: &[
            ("tenant_id", Text),
            ("chart_position", Int),
            ("song_id", Text),
            ("title", Text),
            ("artist", Text),
            ("plays", Int),
            ("listeners", Int),
        ],
        key: &["tenant_id", "chart_position"],
        sources: &["plays", "songs", "artists"],
    },
    Summary {
        name: "artist_genre_plays",
        sql: sql!("artist_genre_plays"),
        columns: &[
            ("tenant_id", Text),
            ("genre", Text),
            ("artist_id", Text),
            ("artist", Text),
            ("plays", Int),
            ("listeners", Int),
        ],
        key: &["tenant_id", "genre", "artist_id"],
        sources: &["plays", "artists"],
    },
    Summary {
        name: "listener_funnel",
        sql: sql!("listener_funnel"),
        columns: &[("tenant_id", Text), ("step_order", Int), ("step", Text), ("users", Int)],
        key: &["tenant_id", "step_order"],
        sources: &["users", "plays", "playlists"],
    },
    Summary {
        name: "catalog_growth",
        sql: sql!("catalog_growth"),
        columns: &[
            ("tenant_id", Text),
            ("added_month", Date),
            ("artists_added", Int),
            ("albums_added", Int),
            ("songs_added", Int),
        ],
        key: &["tenant_id", "added_month"],
        sources: &["artists", "albums", "songs"],
    },
    Summary {
        name: "user_engagement",
        sql: sql!("user_engagement"),
        columns: &[
            ("tenant_id", Text),
            ("user_id", Text),
            ("plan", Text),
            ("plays", Int),
            ("active_days", Int),
            ("ms_played", Int),
        ],
        key: &["tenant_id", "user_id"],
        sources: &["users", "plays"],
    },
];

/// The lineage table's columns: per tenant and summary table, where its data came from.
pub static LINEAGE_COLUMNS: [(&str, SummaryType); 9] = [
    ("tenant_id", Text),
    ("summary_table", Text),
    ("etl_run", Text),
    ("lake_runs", Text),
    ("data_as_of", Text),
    ("source_items", Int),
    ("lake_rows", Int),
    ("summary_rows", Int),
    ("query_ms", Int),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_summary_is_keyed_by_tenant_and_reads_what_it_declares() {
        for summary in &SUMMARIES {
            assert_eq!(summary.key[0], "tenant_id", "{}", summary.name);
            assert_eq!(summary.columns[0].0, "tenant_id", "{}", summary.name);
            for key in summary.key {
                assert!(summary.columns.iter().any(|(name, _)| name == key), "{}: key {key}", summary.name);
            }
            assert!(!summary.doc().is_empty(), "{} has no leading comment", summary.name);
            let words: Vec<&str> = summary.sql.split_whitespace().collect();
            let read: std::collections::BTreeSet<&str> = words
                .windows(2)
                .filter(|pair| pair[0].eq_ignore_ascii_case("from") || pair[0].eq_ignore_ascii_case("join"))
                .map(|pair| pair[1])
                .filter(|name| common::lake::entity(name).is_some())
                .collect();
            let declared: std::collections::BTreeSet<&str> = summary.sources.iter().copied().collect();
            assert_eq!(read, declared, "{} reads other entities than it declares", summary.name);
            for (column, _) in summary.columns {
                assert!(summary.sql.contains(column), "{}: column {column} is not in its query", summary.name);
            }
        }
    }

    #[test]
    fn the_migrations_create_every_summary_table_with_its_key() {
        for (dialect, text) in
            [("mysql", super::super::database::MYSQL_MIGRATION), ("sqlite", super::super::database::SQLITE_MIGRATION)]
        {
            for summary in &SUMMARIES {
                let create = format!("CREATE TABLE {} (", summary.table());
                let start = text.find(&create).unwrap_or_else(|| panic!("{dialect}: no {create}"));
                let body = &text[start..text[start..].find("\n)").map(|end| start + end).unwrap()];
                for (name, ty) in summary.columns {
                    let key = summary.key.contains(name);
                    let ty = if dialect == "mysql" { ty.mysql(key) } else { ty.sqlite() };
                    assert!(
                        body.contains(&format!("    {name} {ty} NOT NULL"))
                            || body.contains(&format!("    {name} {ty},"))
                            || body.contains(&format!("    {name} {ty}\n")),
                        "{dialect}: {} column {name} {ty}",
                        summary.table()
                    );
                }
                assert!(
                    body.contains(&format!("PRIMARY KEY ({})", summary.key.join(", "))),
                    "{dialect}: {} key",
                    summary.table()
                );
            }
        }
    }
}
