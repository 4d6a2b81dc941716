//! `musicctl pipeline`: the data half in one go: ingest, crawl, views create and etl, in
//! that order, under one progress display, then one report of every step. It stops at the
//! first step that fails, saying which; each step can be run again alone.

use std::path::Path;
use std::time::Instant;

use serde::Serialize;

use crate::commands::{crawl, etl, ingest, views};
use crate::target::StageArgs;

/// Options of `musicctl pipeline`.
#[derive(Debug, clap::Args)]
pub(crate) struct PipelineArgs {
    #[command(flatten)]
    stage: StageArgs,
    /// The summary database of the etl step: mysql://user:password@host:3306/db or
    /// sqlite://path. Default locally: <data dir>/summaries.sqlite.
    #[arg(long, env = "MUSICCTL_DATABASE_URL")]
    database_url: Option<String>,
    /// Print the report of every step as JSON.
    #[arg(long)]
    json: bool,
}

impl PipelineArgs {
    /// The pipeline of the local stage, with its defaults.
    pub(crate) fn local() -> anyhow::Result<Self> {
        Ok(Self { stage: defaults::<StageArgs>()?, database_url: None, json: false })
    }
}

/// One step's outcome.
#[derive(Debug, Serialize)]
pub(crate) struct Step {
    /// ingest, crawl, views or etl.
    step: &'static str,
    /// How long it took.
    seconds: f64,
    /// What it did, in a few words.
    summary: String,
}

/// What a run did.
#[derive(Debug, Serialize)]
pub(crate) struct Report {
    stage: String,
    steps: Vec<Step>,
    seconds: f64,
    /// The ingest manifests, the catalog's tables, the views and the ETL report.
    details: serde_json::Value,
}

impl Report {
    /// One line: the stage, the time and what each step did.
    pub(crate) fn summary(&self) -> String {
        let steps: Vec<String> = self.steps.iter().map(|step| format!("{}: {}", step.step, step.summary)).collect();
        format!("pipeline of stage {} done in {:.1} s ({})", self.stage, self.seconds, steps.join("; "))
    }
}

/// The options of a step's command as its flags' defaults (and their environment
/// variables) give them, so that the pipeline runs each step as `musicctl <step>` would.
fn defaults<T: clap::Args + clap::FromArgMatches>() -> anyhow::Result<T> {
    let command = T::augment_args(clap::Command::new("musicctl").no_binary_name(true));
    let matches = command.try_get_matches_from(Vec::<String>::new())?;
    Ok(T::from_arg_matches(&matches)?)
}

pub(crate) async fn run(args: PipelineArgs, data_dir: Option<&Path>) -> anyhow::Result<()> {
    let report = execute(&args, data_dir).await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    println!("pipeline of stage {} done in {:.1} s", report.stage, report.seconds);
    for step in &report.steps {
        println!("  {:<7} {:>7.1} s  {}", step.step, step.seconds, step.summary);
    }
    Ok(())
}

/// Runs the four steps in order; the report.
pub(crate) async fn execute(args: &PipelineArgs, data_dir: Option<&Path>) -> anyhow::Result<Report> {
    let progress = if args.json {
        indicatif::MultiProgress::with_draw_target(indicatif::ProgressDrawTarget::hidden())
    } else {
        indicatif::MultiProgress::new()
    };
    let overall = progress.add(indicatif::ProgressBar::new(4));
    overall.set_style(
        indicatif::ProgressStyle::with_template("pipeline {pos}/{len} [{bar:20}] {elapsed} {msg}")?
            .progress_chars("=> "),
    );
    overall.enable_steady_tick(std::time::Duration::from_millis(200));
    let started = Instant::now();
    let mut steps = Vec::new();
    let mut details = serde_json::Map::new();
    let begin = |name: &'static str| {
        overall.set_message(name);
        (name, Instant::now())
    };

    let (name, at) = begin("ingest");
    let mut ingest_args: ingest::IngestArgs = defaults()?;
    ingest_args.stage = args.stage.clone();
    let (lake, manifests) = ingest::execute(&ingest_args, data_dir, &progress).await.map_err(|e| failed(name, e))?;
    let items: u64 = manifests.iter().map(|m| m.items_scanned).sum();
    let rows: u64 = manifests.iter().map(|m| m.rows_written).sum();
    steps.push(done(name, at, format!("{items} items into {rows} rows of {}", lake.location())));
    details.insert("ingest".into(), serde_json::to_value(&manifests)?);
    overall.inc(1);

    let (name, at) = begin("crawl");
    let mut crawl_args: crawl::CrawlArgs = defaults()?;
    crawl_args.stage = args.stage.clone();
    let crawled = crawl::execute(&crawl_args, data_dir, &progress).await.map_err(|e| failed(name, e))?;
    if let Some(finding) = crawled.findings.first() {
        anyhow::bail!(
            "the crawl step found the catalog unlike the model ({} findings, the first: {finding}); see `musicctl crawl`",
            crawled.findings.len()
        );
    }
    let partitions: u64 = crawled.catalog.tables.iter().map(|t| t.partitions).sum();
    steps.push(done(name, at, format!("{} tables, {partitions} partitions", crawled.catalog.tables.len())));
    details.insert("catalog".into(), serde_json::to_value(&crawled.catalog.tables)?);
    overall.inc(1);

    let (name, at) = begin("views");
    let mut views_args: views::CreateArgs = defaults()?;
    views_args.stage = args.stage.clone();
    let made = views::create(&views_args, data_dir).await.map_err(|e| failed(name, e))?;
    steps.push(done(name, at, format!("{} views", made.len())));
    details.insert("views".into(), serde_json::Value::Array(made));
    overall.inc(1);

    let (name, at) = begin("etl");
    let mut etl_args: etl::EtlArgs = defaults()?;
    etl_args.stage = args.stage.clone();
    if args.database_url.is_some() {
        etl_args.database_url.clone_from(&args.database_url);
    }
    let bar = progress.add(indicatif::ProgressBar::new(pipeline::etl::SUMMARIES.len() as u64));
    let report = etl::execute(&etl_args, data_dir, bar).await.map_err(|e| failed(name, e))?;
    let loaded: u64 = report.tables.iter().map(|t| t.rows).sum();
    steps.push(done(
        name,
        at,
        format!("{} summary tables, {loaded} rows, into {}", report.tables.len(), report.database),
    ));
    details.insert("etl".into(), serde_json::to_value(&report)?);
    overall.inc(1);
    overall.finish_and_clear();

    Ok(Report {
        stage: args.stage.stage.clone(),
        steps,
        seconds: started.elapsed().as_secs_f64(),
        details: serde_json::Value::Object(details),
    })
}

fn done(step: &'static str, at: Instant, summary: String) -> Step {
    Step { step, seconds: at.elapsed().as_secs_f64(), summary }
}

fn failed(step: &str, error: anyhow::Error) -> anyhow::Error {
    error.context(format!("the pipeline stopped at its {step} step; fix the cause, then run `musicctl pipeline` again"))
}
