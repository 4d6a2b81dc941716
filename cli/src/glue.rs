//! The stage's Glue catalog: starts the crawlers, follows them to the end, and reads the
//! tables back in the catalog shape that the local crawler writes, for the same check.

use std::time::Duration;

use aws_sdk_glue::types::CrawlerState;
use pipeline::catalog::{Catalog, Column, Table};

use crate::deploy::aws::explain;

/// How ListCrawls says a crawl succeeded.
const COMPLETED: &str = "COMPLETED";

/// A stage's crawlers and database.
pub(crate) struct Glue {
    client: aws_sdk_glue::Client,
    database: String,
    stage: String,
}

/// How a crawler's start went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Start {
    /// It started now.
    Started,
    /// It was already running and was left be.
    AlreadyRunning,
}

/// How a crawler's last crawl ended.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Outcome {
    /// The crawler.
    pub(crate) crawler: String,
    /// COMPLETED (Glue's word for success), FAILED or STOPPED.
    pub(crate) state: String,
    /// Glue's message, when it failed.
    pub(crate) error: Option<String>,
}

impl Glue {
    pub(crate) fn new(config: &aws_config::SdkConfig, stage: &str) -> Self {
        Self {
            client: aws_sdk_glue::Client::new(config),
            database: crate::analytics::database(stage),
            stage: stage.to_owned(),
        }
    }

    /// The Glue database's name.
    pub(crate) fn database(&self) -> &str {
        &self.database
    }

    /// The state of `crawler`: READY, RUNNING or STOPPING.
    pub(crate) async fn state(&self, crawler: &str) -> anyhow::Result<String> {
        let answer = self.client.get_crawler().name(crawler).send().await.map_err(|error| {
            if error.as_service_error().is_some_and(|e| e.is_entity_not_found_exception()) {
                self.not_deployed(crawler)
            } else {
                anyhow::anyhow!("reading the crawler {crawler}: {}", explain(error))
            }
        })?;
        Ok(answer.crawler.and_then(|c| c.state).map_or_else(|| "UNKNOWN".to_owned(), |s| s.as_str().to_owned()))
    }

    fn not_deployed(&self, crawler: &str) -> anyhow::Error {
        anyhow::anyhow!(
            "the crawler {crawler} does not exist: deploy the stage first (`musicctl deploy {}`)",
            self.stage
        )
    }

    /// Starts `crawler`, leaving it be when it is already running.
    pub(crate) async fn start(&self, crawler: &str) -> anyhow::Result<Start> {
        match self.client.start_crawler().name(crawler).send().await {
            Ok(_) => Ok(Start::Started),
            Err(error) => match error.as_service_error() {
                Some(e) if e.is_crawler_running_exception() => Ok(Start::AlreadyRunning),
                Some(e) if e.is_entity_not_found_exception() => Err(self.not_deployed(crawler)),
                _ => Err(anyhow::anyhow!("starting the crawler {crawler}: {}", explain(error))),
            },
        }
    }

    /// Whether `crawler` is done, and how its last crawl ended when it is.
    pub(crate) async fn finished(&self, crawler: &str) -> anyhow::Result<Option<Outcome>> {
        // The last crawl's record carries its end state and Glue's error message.
        let crawls = self
            .client
            .list_crawls()
            .crawler_name(crawler)
            .max_results(1)
            .send()
            .await
            .map_err(|error| anyhow::anyhow!("listing the crawls of {crawler}: {}", explain(error)))?;
        let state = self.state(crawler).await?;
        if state != CrawlerState::Ready.as_str() {
            return Ok(None);
        }
        let last = crawls.crawls.unwrap_or_default().into_iter().next();
        let crawl_state = last.as_ref().and_then(|crawl| crawl.state.as_ref()).map(|state| state.as_str().to_owned());
        Ok(Some(Outcome {
            crawler: crawler.to_owned(),
            state: crawl_state.unwrap_or_else(|| COMPLETED.to_owned()),
            error: last.and_then(|crawl| crawl.error_message).filter(|message| !message.is_empty()),
        }))
    }

    /// Follows `crawlers` until every one is ready again, calling `tick` as each finishes;
    /// gives up after `limit`.
    pub(crate) async fn wait(
        &self,
        crawlers: &[String],
        limit: Duration,
        mut tick: impl FnMut(&Outcome),
    ) -> anyhow::Result<Vec<Outcome>> {
        let started = std::time::Instant::now();
        let mut pending: Vec<&String> = crawlers.iter().collect();
        let mut outcomes = Vec::new();
        let mut pause = Duration::from_millis(500);
        while !pending.is_empty() {
            let mut still = Vec::new();
            for crawler in pending {
                match self.finished(crawler).await? {
                    Some(outcome) => {
                        tick(&outcome);
                        outcomes.push(outcome);
                    }
                    None => still.push(crawler),
                }
            }
            pending = still;
            if pending.is_empty() {
                break;
            }
            anyhow::ensure!(
                started.elapsed() < limit,
                "crawlers still running after {} s: {}; run `musicctl crawl --stage {}` again later",
                limit.as_secs(),
                pending.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", "),
                self.stage
            );
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_secs(15));
        }
        Ok(outcomes)
    }

    /// The tables of the stage's database, with their partition counts and, where the
    /// crawler recorded one, their row counts.
    pub(crate) async fn catalog(&self, lake: &str) -> anyhow::Result<Catalog> {
        let mut pages = self.client.get_tables().database_name(&self.database).into_paginator().send();
        let mut tables = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|error| {
                if error.as_service_error().is_some_and(|e| e.is_entity_not_found_exception()) {
                    anyhow::anyhow!(
                        "the Glue database {} does not exist: deploy the stage first (`musicctl deploy {}`)",
                        self.database,
                        self.stage
                    )
                } else {
                    anyhow::anyhow!("reading the tables of {}: {}", self.database, explain(error))
                }
            })?;
            for table in page.table_list.unwrap_or_default() {
                if table.table_type.as_deref() == Some("VIRTUAL_VIEW") {
                    continue;
                }
                let descriptor = table.storage_descriptor;
                let columns = descriptor
                    .as_ref()
                    .and_then(|d| d.columns.clone())
                    .unwrap_or_default()
                    .into_iter()
                    .map(|c| Column { ty: c.r#type.unwrap_or_default(), name: c.name })
                    .collect();
                let partition_keys = table
                    .partition_keys
                    .unwrap_or_default()
                    .into_iter()
                    .map(|c| Column { ty: c.r#type.unwrap_or_default(), name: c.name })
                    .collect();
                let rows = table.parameters.as_ref().and_then(|p| p.get("recordCount")).and_then(|n| n.parse().ok());
                let partitions = self.partition_count(&table.name).await?;
                tables.push(Table {
                    name: table.name,
                    location: descriptor.and_then(|d| d.location).unwrap_or_default(),
                    columns,
                    partition_keys,
                    partitions,
                    rows,
                });
            }
        }
        tables.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Catalog {
            lake: lake.to_owned(),
            crawled_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            tables,
            views: Vec::new(),
        })
    }

    async fn partition_count(&self, table: &str) -> anyhow::Result<u64> {
        let mut pages =
            self.client.get_partitions().database_name(&self.database).table_name(table).into_paginator().send();
        let mut count = 0;
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| anyhow::anyhow!("reading the partitions of {table}: {}", explain(e)))?;
            count += page.partitions.map_or(0, |p| p.len() as u64);
        }
        Ok(count)
    }
}

/// The crawl of `crawler` failed: what to report.
pub(crate) fn failed_crawl(outcome: &Outcome) -> Option<pipeline::catalog::Finding> {
    (outcome.state != COMPLETED).then(|| pipeline::catalog::Finding {
        table: outcome.crawler.clone(),
        problem: format!(
            "the crawl ended {}{}",
            outcome.state,
            outcome.error.as_deref().map(|e| format!(": {e}")).unwrap_or_default()
        ),
        fix: "read the crawler's log in CloudWatch (/aws-glue/crawlers), fix its role or target, and crawl again"
            .to_owned(),
    })
}
