//! The views and named queries, compiled in from `templates/sql/` so that the binary and the
//! job images carry them. The same text runs on Athena and DataFusion.

/// One SQL file: a view or a named query.
#[derive(Debug)]
pub struct SqlFile {
    /// The name: the view's, or the one `musicctl query` takes.
    pub name: &'static str,
    /// The statement, with its leading comment.
    pub text: &'static str,
}

impl SqlFile {
    /// What it answers: its leading `--` comment, as one line.
    pub fn description(&self) -> String {
        leading_comment(self.text)
    }

    /// The statement without its leading comment, as Athena is sent it (Athena decides
    /// what kind of statement it runs from the text's start).
    pub fn statement(&self) -> &'static str {
        let mut rest = self.text;
        while rest.starts_with("--") || rest.starts_with('\n') {
            rest = rest.split_once('\n').map_or("", |(_, after)| after);
        }
        rest
    }
}

/// The leading `--` comment lines of an SQL text, joined into one line.
pub fn leading_comment(text: &str) -> String {
    text.lines().map_while(|line| line.strip_prefix("--")).map(str::trim).collect::<Vec<_>>().join(" ")
}

macro_rules! sql_files {
    ($folder:literal: $($name:literal),+ $(,)?) => {
        [$(SqlFile {
            name: $name,
            text: include_str!(concat!("../../../../templates/sql/", $folder, "/", $name, ".sql")),
        }),+]
    };
}

/// The views, in the order they are made (a view may read an earlier one).
pub static VIEWS: [SqlFile; 3] = sql_files!("views": "play_details", "daily_listening", "user_engagement");

/// The named queries.
pub static QUERIES: [SqlFile; 8] = sql_files!(
    "queries": "top_songs",
    "listening_by_genre",
    "popular_playlists",
    "listening_by_hour_and_weekday",
    "retention_by_plan",
    "retention_by_genre",
    "emerging_artists",
    "devices_by_month",
);

/// The named query called `name`.
pub fn query(name: &str) -> Option<&'static SqlFile> {
    QUERIES.iter().find(|file| file.name == name)
}

/// The names of the named queries, for messages.
pub fn query_names() -> String {
    QUERIES.iter().map(|file| file.name).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::guard;

    #[test]
    fn every_file_is_described_and_every_view_makes_its_own_name() {
        for file in VIEWS.iter().chain(&QUERIES) {
            assert!(!file.description().is_empty(), "{} has no leading comment", file.name);
            let statement = file.statement();
            assert!(
                statement.starts_with("CREATE OR REPLACE VIEW")
                    || statement.starts_with("SELECT")
                    || statement.starts_with("WITH"),
                "{}: {statement}",
                file.name
            );
            assert!(file.text.ends_with(statement));
        }
        for view in &VIEWS {
            assert!(
                view.text.contains(&format!("CREATE OR REPLACE VIEW {} AS", view.name)),
                "{} must be made by CREATE OR REPLACE VIEW {} AS",
                view.name,
                view.name
            );
        }
    }

    #[test]
    fn every_query_is_read_only_and_filterable_by_tenant() {
        for file in &QUERIES {
            let filtered = guard::tenant_filtered(file.text, "$1").unwrap_or_else(|e| panic!("{}: {e}", file.name));
            assert!(filtered.contains("WHERE q.tenant_id = $1"), "{}", file.name);
        }
    }

    /// The statement without its comments, lower case, with single spaces.
    fn statement_words(text: &str) -> String {
        let code: Vec<&str> = text.lines().filter(|line| !line.trim_start().starts_with("--")).collect();
        code.join(" ").to_ascii_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn every_file_keeps_to_the_shared_subset_and_to_tenants() {
        const TRINO_ONLY: [&str; 9] = [
            "date_format(",
            "day_of_week(",
            "dow(",
            "date_diff(",
            "date_add(",
            "if(",
            "count_if(",
            "regexp_extract(",
            "approx_distinct(",
        ];
        for file in VIEWS.iter().chain(&QUERIES) {
            let text = statement_words(file.text);
            for function in TRINO_ONLY {
                let used = text.match_indices(function).any(|(at, _)| {
                    at == 0 || !text.as_bytes()[at - 1].is_ascii_alphanumeric() && text.as_bytes()[at - 1] != b'_'
                });
                assert!(!used, "{} calls {function}…), which only Trino has", file.name);
            }
            // Every join matches tenants; every grouping and window is by tenant first.
            for clause in text.split(" join ").skip(1) {
                let condition = clause.split_once(" on ").map_or("", |(_, on)| on);
                let condition = condition.split(" where ").next().unwrap_or_default();
                assert!(condition.contains("tenant_id"), "{}: a join without tenant_id: {clause}", file.name);
            }
            for keyword in ["group by ", "partition by "] {
                for clause in text.split(keyword).skip(1) {
                    let first = clause.split(',').next().unwrap_or_default();
                    assert!(first.contains("tenant_id"), "{}: {keyword}{first}, not by tenant first", file.name);
                }
            }
        }
        for file in &QUERIES {
            assert!(statement_words(file.text).contains(" join "), "{} joins no tables", file.name);
        }
    }
}
