//! Replaces every summary table and the lineage record in one transaction: readers see the
//! previous load or the new one, never a mix, and a failure part-way leaves the previous
//! load whole. Rows go in multi-row INSERTs with bound values.

use anyhow::Context as _;
use serde_json::Value;
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AssertSqlSafe};

use super::database::Database;
use super::model::SummaryType;

/// One table's new contents.
pub struct TableLoad<'a> {
    /// The database table.
    pub table: String,
    /// Its columns and their types.
    pub columns: &'a [(&'static str, SummaryType)],
    /// The rows, one value per column.
    pub rows: &'a [Vec<Value>],
}

/// Rows per INSERT statement: well under both engines' limits on bound values.
const ROWS_PER_INSERT: usize = 200;

/// Replaces every table of `loads` at once; on failure nothing changes and the error names
/// the table that failed.
pub async fn replace_all(database: &Database, loads: &[TableLoad<'_>]) -> anyhow::Result<()> {
    let mut transaction =
        database.pool.begin().await.with_context(|| format!("starting a transaction on {}", database.shown))?;
    for load in loads {
        replace(&mut transaction, load).await.with_context(|| format!("loading {}", load.table))?;
    }
    transaction.commit().await.with_context(|| format!("committing the load on {}", database.shown))
}

async fn replace(transaction: &mut sqlx::Transaction<'static, Any>, load: &TableLoad<'_>) -> anyhow::Result<()> {
    sqlx::query(AssertSqlSafe(format!("DELETE FROM {}", load.table))).execute(&mut **transaction).await?;
    let names: Vec<&str> = load.columns.iter().map(|(name, _)| *name).collect();
    let placeholders = format!("({})", vec!["?"; names.len()].join(", "));
    for chunk in load.rows.chunks(ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO {} ({}) VALUES {}",
            load.table,
            names.join(", "),
            vec![placeholders.as_str(); chunk.len()].join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for row in chunk {
            anyhow::ensure!(
                row.len() == load.columns.len(),
                "a row has {} values for {} columns",
                row.len(),
                load.columns.len()
            );
            for ((name, ty), value) in load.columns.iter().zip(row) {
                query = bind(query, *ty, value).with_context(|| format!("column {name}"))?;
            }
        }
        query.execute(&mut **transaction).await?;
    }
    Ok(())
}

/// Binds `value` as a `ty`; a value the column cannot hold is an error, not a guess.
fn bind<'q>(
    query: Query<'q, Any, AnyArguments>,
    ty: SummaryType,
    value: &Value,
) -> anyhow::Result<Query<'q, Any, AnyArguments>> {
    Ok(match (ty, value) {
        (_, Value::Null) => anyhow::bail!("no value: summary columns are never empty"),
        (SummaryType::Int, Value::Number(number)) => {
            query.bind(number.as_i64().with_context(|| format!("{number} is not an integer"))?)
        }
        (SummaryType::Float, Value::Number(number)) => {
            query.bind(number.as_f64().with_context(|| format!("{number} is not a number"))?)
        }
        (SummaryType::Text | SummaryType::Date, Value::String(text)) => query.bind(text.clone()),
        (ty, other) => anyhow::bail!("{other} is not a {ty:?}"),
    })
}
