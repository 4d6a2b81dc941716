//! Athena in the stage's workgroup and Glue database: runs one statement, waits for it with
//! backoff, reports Athena's reason when it fails, and reads a query's result pages into the
//! result set the local engine gives too.

use std::time::Duration;

use aws_sdk_athena::types::{QueryExecutionContext, QueryExecutionState};
use pipeline::sql::ResultSet;
use serde_json::Value;

use crate::deploy::aws::explain;

/// Athena's price: 5 USD per TB scanned, at least 10 MB per query.
const USD_PER_TB: f64 = 5.0;
const MINIMUM_BYTES: u64 = 10 * 1_000_000;

/// The stage's workgroup and database.
pub(crate) struct Athena {
    client: aws_sdk_athena::Client,
    workgroup: String,
    database: String,
}

/// A statement that ran to the end.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Execution {
    /// Athena's id of the execution.
    pub(crate) id: String,
    /// How many bytes it read.
    pub(crate) bytes_scanned: u64,
    /// What it cost at the standard price, in USD.
    pub(crate) cost_usd: f64,
    /// How long the engine ran it, in milliseconds.
    pub(crate) engine_ms: u64,
}

impl Athena {
    pub(crate) fn new(config: &aws_config::SdkConfig, stage: &str) -> Self {
        Self {
            client: aws_sdk_athena::Client::new(config),
            workgroup: crate::analytics::workgroup(stage),
            database: crate::analytics::database(stage),
        }
    }

    /// The workgroup's name.
    pub(crate) fn workgroup(&self) -> &str {
        &self.workgroup
    }

    /// Runs `sql` with `parameters` bound to its `?` in order (each an SQL literal), and
    /// waits until it ends, for at most `limit`.
    pub(crate) async fn run(&self, sql: &str, parameters: &[String], limit: Duration) -> anyhow::Result<Execution> {
        let context = QueryExecutionContext::builder().database(&self.database).build();
        let mut request = self
            .client
            .start_query_execution()
            .query_string(sql)
            .work_group(&self.workgroup)
            .query_execution_context(context);
        for parameter in parameters {
            request = request.execution_parameters(parameter);
        }
        let started = request.send().await.map_err(|error| {
            anyhow::anyhow!(
                "starting the query in Athena workgroup {}: {}; is the stage deployed?",
                self.workgroup,
                explain(error)
            )
        })?;
        let id = started.query_execution_id.unwrap_or_default();
        self.wait(&id, limit).await
    }

    async fn wait(&self, id: &str, limit: Duration) -> anyhow::Result<Execution> {
        let begun = std::time::Instant::now();
        let mut pause = Duration::from_millis(200);
        loop {
            let answer = self
                .client
                .get_query_execution()
                .query_execution_id(id)
                .send()
                .await
                .map_err(|error| anyhow::anyhow!("following the Athena query {id}: {}", explain(error)))?;
            let execution = answer.query_execution;
            let status = execution.as_ref().and_then(|e| e.status.as_ref());
            match status.and_then(|s| s.state.clone()) {
                Some(QueryExecutionState::Succeeded) => {
                    let statistics = execution.as_ref().and_then(|e| e.statistics.as_ref());
                    let bytes = statistics.and_then(|s| s.data_scanned_in_bytes).unwrap_or(0);
                    let bytes = u64::try_from(bytes).unwrap_or(0);
                    let engine_ms = statistics.and_then(|s| s.engine_execution_time_in_millis).unwrap_or(0);
                    return Ok(Execution {
                        id: id.to_owned(),
                        bytes_scanned: bytes,
                        cost_usd: cost_usd(bytes),
                        engine_ms: u64::try_from(engine_ms).unwrap_or(0),
                    });
                }
                Some(state @ (QueryExecutionState::Failed | QueryExecutionState::Cancelled)) => {
                    anyhow::bail!(
                        "Athena query {id} {}: {}",
                        state.as_str().to_ascii_lowercase(),
                        status.and_then(|s| s.state_change_reason.as_deref()).unwrap_or("no reason given")
                    );
                }
                _ => {}
            }
            if begun.elapsed() > limit {
                let _ = self.client.stop_query_execution().query_execution_id(id).send().await;
                anyhow::bail!("Athena query {id} still running after {} s: stopped it", limit.as_secs());
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 3 / 2).min(Duration::from_secs(5));
        }
    }

    /// The rows of a finished query.
    pub(crate) async fn results(&self, id: &str) -> anyhow::Result<ResultSet> {
        let mut pages = self.client.get_query_results().query_execution_id(id).into_paginator().send();
        let mut result = ResultSet::default();
        let mut types = Vec::new();
        let mut first_page = true;
        while let Some(page) = pages.next().await {
            let page = page.map_err(|error| anyhow::anyhow!("reading the result of {id}: {}", explain(error)))?;
            let Some(set) = page.result_set else { continue };
            if first_page {
                let columns = set.result_set_metadata.and_then(|m| m.column_info).unwrap_or_default();
                result.columns = columns.iter().map(|c| c.name.clone()).collect();
                types = columns.iter().map(|c| c.r#type.clone()).collect();
            }
            for (at, row) in set.rows.unwrap_or_default().into_iter().enumerate() {
                let cells: Vec<Option<String>> =
                    row.data.unwrap_or_default().into_iter().map(|d| d.var_char_value).collect();
                // A SELECT's first row repeats the column names.
                if first_page
                    && at == 0
                    && cells.iter().map(|c| c.as_deref().unwrap_or("")).eq(result.columns.iter().map(String::as_str))
                {
                    continue;
                }
                result.rows.push(cells.into_iter().zip(&types).map(|(cell, ty)| typed(cell, ty)).collect());
            }
            first_page = false;
        }
        Ok(result)
    }
}

/// What scanning `bytes` costs at the standard price.
pub(crate) fn cost_usd(bytes: u64) -> f64 {
    bytes.max(MINIMUM_BYTES) as f64 / 1e12 * USD_PER_TB
}

/// An SQL string literal of `text`, for an execution parameter.
pub(crate) fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A cell of Athena's text result as the typed value the local engine gives.
fn typed(cell: Option<String>, ty: &str) -> Value {
    let Some(text) = cell else { return Value::Null };
    let parsed = match ty {
        "tinyint" | "smallint" | "integer" | "bigint" => text.parse::<i64>().ok().map(Value::from),
        "float" | "real" | "double" | "decimal" => text.parse::<f64>().ok().map(Value::from),
        "boolean" => text.parse::<bool>().ok().map(Value::Bool),
        _ => None,
    };
    parsed.unwrap_or(Value::String(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn athena_is_charged_by_the_terabyte_with_a_ten_megabyte_floor() {
        assert!((cost_usd(0) - 0.00005).abs() < 1e-12);
        assert!((cost_usd(2_000_000_000_000) - 10.0).abs() < 1e-9);
    }

    #[test]
    fn parameters_are_literals_and_cells_get_their_types() {
        assert_eq!(literal("o'brien"), "'o''brien'");
        assert_eq!(typed(Some("12".into()), "bigint"), Value::from(12));
        assert_eq!(typed(Some("0.5".into()), "double"), Value::from(0.5));
        assert_eq!(typed(Some("true".into()), "boolean"), Value::Bool(true));
        assert_eq!(typed(Some("2026-11-22 20:15:03.120".into()), "timestamp"), Value::from("2026-11-22 20:15:03.120"));
        assert_eq!(typed(None, "varchar"), Value::Null);
    }
}
