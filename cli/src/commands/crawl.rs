//! `musicctl crawl`: catalogs the lake. On AWS it starts the stage's Glue crawlers, follows
//! them and reads the catalog back; locally it infers the same tables from the lake folder
//! and records them in the data directory. Either way the catalog is then checked against
//! the model's entities.

use std::path::{Path, PathBuf};
use std::time::Duration;

use pipeline::catalog::{self, Catalog, Finding};
use pipeline::storage::Lake;
use serde_json::json;

use crate::glue::Outcome;
use crate::target::StageArgs;
use crate::warehouse::{self, Warehouse};

/// Options of `musicctl crawl`.
#[derive(Debug, clap::Args)]
pub(crate) struct CrawlArgs {
    #[command(flatten)]
    pub(crate) stage: StageArgs,
    /// The local lake folder to crawl. Default: <data dir>/lake.
    #[arg(long, env = "MUSICCTL_LAKE")]
    lake: Option<PathBuf>,
    /// How long to wait for the crawlers (AWS), in seconds.
    #[arg(long, default_value_t = 1800)]
    timeout: u64,
    /// Show what would be crawled and the catalog as it is; start nothing, record nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print the catalog and the findings as JSON.
    #[arg(long)]
    json: bool,
}

/// What a crawl found: the catalog, the crawls (AWS) and how the catalog differs from the model.
pub(crate) struct Crawled {
    pub(crate) catalog: Catalog,
    pub(crate) crawls: Vec<Outcome>,
    pub(crate) findings: Vec<Finding>,
}

pub(crate) async fn run(args: CrawlArgs, data_dir: Option<&Path>) -> anyhow::Result<()> {
    let progress = if args.json {
        indicatif::MultiProgress::with_draw_target(indicatif::ProgressDrawTarget::hidden())
    } else {
        indicatif::MultiProgress::new()
    };
    let crawled = execute(&args, data_dir, &progress).await?;
    report(&args, &crawled.catalog, &crawled.crawls, &crawled.findings)?;
    let count = crawled.findings.len();
    anyhow::ensure!(count == 0, "the catalog differs from the model in {count} way{}: see above", plural(count));
    Ok(())
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// Catalogs the lake (crawlers on AWS, inference locally), with progress under `progress`.
pub(crate) async fn execute(
    args: &CrawlArgs,
    data_dir: Option<&Path>,
    progress: &indicatif::MultiProgress,
) -> anyhow::Result<Crawled> {
    let mut crawls = Vec::new();
    let (catalog, findings) = match warehouse::open(&args.stage, data_dir).await? {
        Warehouse::Local(local) => {
            let lake = Lake::local(&args.lake.clone().unwrap_or_else(|| local.data_dir.join("lake")))?;
            let spinner = progress.add(spinner(format!("inferring the catalog of {}", lake.location())));
            let mut catalog = catalog::infer(&lake).await?;
            spinner.finish_and_clear();
            // Views stay registered; `views create` makes them again over the new tables.
            if let Some(previous) = Catalog::load(&local.catalog_path)? {
                catalog.views = previous.views;
            }
            if !args.dry_run {
                catalog.save(&local.catalog_path)?;
            }
            let findings = catalog::check(&catalog);
            (catalog, findings)
        }
        Warehouse::Aws(aws) => {
            let crawlers: Vec<String> =
                crate::analytics::crawlers(&aws.stage).into_iter().map(|(name, _)| name).collect();
            let mut findings = Vec::new();
            if args.dry_run {
                for crawler in &crawlers {
                    let state = aws.glue.state(crawler).await?;
                    if !args.json {
                        println!("would start {crawler} (now {state})");
                    }
                }
            } else {
                crawls = crawl(&aws, &crawlers, args, progress).await?;
                findings.extend(crawls.iter().filter_map(crate::glue::failed_crawl));
            }
            let catalog = aws.glue.catalog(&format!("s3://{}", aws.lake_bucket)).await?;
            findings.extend(catalog::check(&catalog));
            (catalog, findings)
        }
    };
    Ok(Crawled { catalog, crawls, findings })
}

/// Starts every crawler and follows them to the end.
async fn crawl(
    aws: &warehouse::Aws,
    crawlers: &[String],
    args: &CrawlArgs,
    progress: &indicatif::MultiProgress,
) -> anyhow::Result<Vec<Outcome>> {
    for crawler in crawlers {
        let start = aws.glue.start(crawler).await?;
        if start == crate::glue::Start::AlreadyRunning && !args.json {
            eprintln!("{crawler} was already running: following that crawl");
        }
    }
    let bar = progress.add(indicatif::ProgressBar::new(crawlers.len() as u64));
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} crawling {pos}/{len} [{bar:30}] {elapsed} {msg}")?
            .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    let outcomes = aws
        .glue
        .wait(crawlers, Duration::from_secs(args.timeout), |outcome| {
            bar.inc(1);
            bar.set_message(format!("{} {}", outcome.crawler, outcome.state.to_ascii_lowercase()));
        })
        .await?;
    bar.finish_and_clear();
    Ok(outcomes)
}

fn spinner(message: String) -> indicatif::ProgressBar {
    let spinner = indicatif::ProgressBar::new_spinner().with_message(message);
    spinner.enable_steady_tick(Duration::from_millis(120));
    spinner
}

fn report(args: &CrawlArgs, catalog: &Catalog, crawls: &[Outcome], findings: &[Finding]) -> anyhow::Result<()> {
    if args.json {
        let answer = json!({"stage": args.stage.stage, "dry_run": args.dry_run, "crawls": crawls,
                            "catalog": catalog, "findings": findings});
        println!("{}", serde_json::to_string_pretty(&answer)?);
        return Ok(());
    }
    for crawl in crawls {
        println!("crawled with {}: {}", crawl.crawler, crawl.state.to_ascii_lowercase());
    }
    println!("catalog of {} ({} tables)", catalog.lake, catalog.tables.len());
    let width = catalog.tables.iter().map(|t| t.name.len()).max().unwrap_or(5).max(5);
    println!("{:<width$}  {:>7}  {:>10}  {:>9}  partition keys", "table", "columns", "partitions", "rows");
    for table in &catalog.tables {
        let keys: Vec<&str> = table.partition_keys.iter().map(|k| k.name.as_str()).collect();
        let rows = table.rows.map_or_else(|| "-".to_owned(), |n| n.to_string());
        println!(
            "{:<width$}  {:>7}  {:>10}  {:>9}  {}",
            table.name,
            table.columns.len(),
            table.partitions,
            rows,
            keys.join(", ")
        );
    }
    for table in &catalog.tables {
        let columns: Vec<String> = table.columns.iter().map(|c| format!("{} {}", c.name, c.ty)).collect();
        println!("  {}: {}", table.name, columns.join(", "));
    }
    for finding in findings {
        eprintln!("problem: {finding}");
    }
    Ok(())
}
