//! The summary database: MySQL (AWS stages, or any `mysql://` URL) or SQLite (the local
//! default, a file in the data directory), through one sqlx `Any` pool, its schema made by
//! the migrations of `containers/etl/migrations/`.

use std::borrow::Cow;

use anyhow::Context as _;
use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::{Migration, MigrationType, Migrator};

/// The MySQL 8 migration.
pub const MYSQL_MIGRATION: &str = include_str!("../../../etl/migrations/mysql/0001_summaries.sql");
/// The SQLite migration.
pub const SQLITE_MIGRATION: &str = include_str!("../../../etl/migrations/sqlite/0001_summaries.sql");

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// MySQL or MariaDB.
    MySql,
    /// SQLite.
    Sqlite,
}

/// An opened and migrated summary database.
pub struct Database {
    /// The pool.
    pub pool: AnyPool,
    /// What it is.
    pub dialect: Dialect,
    /// The URL without its password, for messages.
    pub shown: String,
}

/// `url` with any password replaced by `***`, so that messages can name it.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let Some((credentials, host)) = rest.split_once('@') else { return url.to_owned() };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

/// The dialect of `url`.
pub fn dialect(url: &str) -> anyhow::Result<Dialect> {
    if url.starts_with("mysql://") || url.starts_with("mariadb://") {
        Ok(Dialect::MySql)
    } else if url.starts_with("sqlite:") {
        Ok(Dialect::Sqlite)
    } else {
        anyhow::bail!(
            "`{}` is not a summary database URL: use mysql://user:password@host/db or sqlite://path",
            redact(url)
        )
    }
}

impl Database {
    /// Connects to `url` and brings its schema up to date.
    pub async fn open(url: &str) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let dialect = dialect(url)?;
        let shown = redact(url);
        let url = url.replacen("mariadb://", "mysql://", 1);
        let pool = AnyPoolOptions::new()
            .max_connections(2)
            .acquire_timeout(std::time::Duration::from_secs(15))
            .connect(&url)
            .await
            .with_context(|| {
                format!("cannot reach the summary database {shown}: check that it runs, the host and port, the user and password, and that the database exists")
            })?;
        let migration = match dialect {
            Dialect::MySql => MYSQL_MIGRATION,
            Dialect::Sqlite => SQLITE_MIGRATION,
        };
        let migrator = Migrator::with_migrations(vec![Migration::new(
            1,
            Cow::Borrowed("summaries"),
            MigrationType::Simple,
            sqlx::SqlStr::from_static(migration),
            false,
        )]);
        migrator.run(&pool).await.with_context(|| format!("migrating the summary database {shown}"))?;
        Ok(Self { pool, dialect, shown })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(redact("mysql://etl:s3cret@db:3306/musicctl"), "mysql://etl:***@db:3306/musicctl");
        assert_eq!(redact("mysql://etl@db/musicctl"), "mysql://etl@db/musicctl");
        assert_eq!(redact("sqlite:///tmp/x.sqlite"), "sqlite:///tmp/x.sqlite");
        assert!(dialect("postgres://x").unwrap_err().to_string().contains("mysql://"));
    }
}
