//! musicctl: runs, renders, deploys and drives the musicctl platform from one binary.

mod analytics;
mod athena;
mod commands;
mod deploy;
mod glue;
mod local;
mod render;
mod seed;
mod stage;
mod target;
mod warehouse;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// The multi-tenant music streaming platform, from a laptop to AWS.
#[derive(Debug, Parser)]
#[command(name = "musicctl", version, about, long_about = None, propagate_version = true)]
struct Cli {
    /// The directory of all local-stage state (store, media, lake, logs).
    #[arg(long, env = "MUSICCTL_DATA_DIR", global = true)]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Runs the whole platform locally on the embedded defaults: no account needed.
    Up(commands::up::UpArgs),
    /// Onboards and lists tenants (organisations).
    #[command(subcommand)]
    Tenants(commands::tenants::TenantsCommand),
    /// Fills every table of a stage with coherent fake data across tenants, once.
    Seed(seed::SeedArgs),
    /// Rebuilds the search words of a stage's catalog and public playlists from the records.
    Reindex(commands::reindex::ReindexArgs),
    /// Writes a stage's CloudFormation template and serverless.yml from templates/.
    Render(commands::render::RenderArgs),
    /// Deploys a stage to AWS: tables, functions, HTTP API, buckets and the web app.
    Deploy(deploy::DeployArgs),
    /// Removes a stage's stack from AWS, after confirmation.
    Destroy(deploy::DestroyArgs),
    /// Writes the diagrams generated from the table model into diagrams/.
    Diagrams(commands::diagrams::DiagramsArgs),
    /// Pulls 100% of each service's tables into the stage's data lake (raw and processed zones).
    Ingest(commands::ingest::IngestArgs),
    /// Catalogs the lake: Glue crawlers on AWS, schema inference locally; checks it against the model.
    Crawl(commands::crawl::CrawlArgs),
    /// Makes the lake's views (Athena on AWS, DataFusion locally).
    #[command(subcommand)]
    Views(commands::views::ViewsCommand),
    /// Runs a named query or a read-only SQL statement over the lake and prints the result.
    Query(commands::query::QueryArgs),
    /// Loads the summary tables (SQLite locally, MySQL on AWS) from the lake's SQL, with lineage.
    Etl(commands::etl::EtlArgs),
    /// Runs the data half in order: ingest, crawl, views create and etl, with one report.
    Pipeline(commands::pipeline::PipelineArgs),
    /// Serves the reports API alone over a summary database (the data VM's `reports` container).
    Reports(commands::reports::ReportsArgs),
    /// Shows, starts and stops a stage's data VM ("MV Ciencia Datos"), with its hourly cost.
    #[command(subcommand)]
    Vm(commands::vm::VmCommand),
    /// Shows the jobs' logs through lnav: each container's run, its errors, its steps.
    Logs(commands::logs::LogsArgs),
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("MUSICCTL_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    init_tracing();
    let cli = Cli::parse();
    let data_dir = cli.data_dir.as_deref();
    let result = match cli.command {
        Command::Up(args) => commands::up::run(args, data_dir).await,
        Command::Tenants(command) => commands::tenants::run(command, data_dir).await,
        Command::Seed(args) => seed::run(args, data_dir).await,
        Command::Reindex(args) => commands::reindex::run(args, data_dir).await,
        Command::Render(args) => commands::render::run(args),
        Command::Deploy(args) => deploy::deploy(args).await,
        Command::Destroy(args) => deploy::destroy(args).await,
        Command::Diagrams(args) => commands::diagrams::run(args),
        Command::Ingest(args) => commands::ingest::run(args, data_dir).await,
        Command::Crawl(args) => commands::crawl::run(args, data_dir).await,
        Command::Views(command) => commands::views::run(command, data_dir).await,
        Command::Query(args) => commands::query::run(args, data_dir).await,
        Command::Etl(args) => commands::etl::run(args, data_dir).await,
        Command::Pipeline(args) => commands::pipeline::run(args, data_dir).await,
        Command::Reports(args) => commands::reports::run(args, data_dir).await,
        Command::Vm(command) => commands::vm::run(command).await,
        Command::Logs(args) => commands::logs::run(args, data_dir),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
