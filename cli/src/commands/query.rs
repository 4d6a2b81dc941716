//! `musicctl query`: runs a named query of `templates/sql/queries/` or one ad-hoc read-only
//! statement over the stage's lake, DataFusion locally and Athena on AWS, and prints the
//! result as a table, CSV or JSON. `--tenant` filters by a bound value.

use std::path::Path;
use std::time::Duration;

use common::tenant::TenantId;
use pipeline::sql::{Engine, OutputFormat, QUERIES, ResultSet, files, guard};

use crate::target::StageArgs;
use crate::warehouse::{self, Warehouse};

/// Options of `musicctl query`.
#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["name", "sql", "list"]))]
pub(crate) struct QueryArgs {
    /// The named query to run (see --list).
    name: Option<String>,
    /// An ad-hoc read-only statement (SELECT … or WITH … SELECT …) instead of a named query.
    #[arg(long, allow_hyphen_values = true)]
    sql: Option<String>,
    /// Lists the named queries with what each answers.
    #[arg(long)]
    list: bool,
    #[command(flatten)]
    stage: StageArgs,
    /// Only this tenant's rows (the result must have a tenant_id column).
    #[arg(long)]
    tenant: Option<String>,
    /// How to print the result: table, csv or json.
    #[arg(long, default_value = "table")]
    format: OutputFormat,
    /// Print how long the engine took (planning and execution) on stderr.
    #[arg(long)]
    time: bool,
    /// How long to wait for Athena, in seconds.
    #[arg(long, default_value_t = 600)]
    timeout: u64,
}

pub(crate) async fn run(args: QueryArgs, data_dir: Option<&Path>) -> anyhow::Result<()> {
    if args.list {
        for query in &QUERIES {
            println!("{:<30} {}", query.name, query.description());
        }
        return Ok(());
    }
    let sql = match (&args.name, &args.sql) {
        (Some(name), _) => files::query(name)
            .ok_or_else(|| {
                anyhow::anyhow!("no query is named {name}; the named queries are: {}", files::query_names())
            })?
            .statement()
            .to_owned(),
        (None, Some(sql)) => sql.clone(),
        (None, None) => anyhow::bail!("name a query or give --sql"),
    };
    let tenant = match &args.tenant {
        Some(slug) => Some(TenantId::parse(slug).map_err(|error| anyhow::anyhow!("--tenant: {error}"))?),
        None => None,
    };
    let tenant = tenant.as_ref().map(TenantId::as_str);
    guard::read_only(&sql)?;
    let result = match warehouse::open(&args.stage, data_dir).await? {
        Warehouse::Local(local) => {
            let catalog = local.catalog()?;
            let lake = warehouse::Local::lake_of(&catalog)?;
            let engine = Engine::with_catalog(&lake, &catalog).await?;
            let started = std::time::Instant::now();
            let (columns, batches) =
                engine.execute(&sql, tenant).await.map_err(|error| explain_local(error, &catalog))?;
            if args.time {
                let rows: usize = batches.iter().map(|batch| batch.num_rows()).sum();
                eprintln!("ran in {:.1} ms ({rows} rows)", started.elapsed().as_secs_f64() * 1e3);
            }
            ResultSet::from_batches(columns, &batches)?
        }
        Warehouse::Aws(aws) => {
            let (text, parameters) = match tenant {
                Some(tenant) => (guard::tenant_filtered(&sql, "?")?, vec![crate::athena::literal(tenant)]),
                None => (sql.clone(), Vec::new()),
            };
            let execution = aws.athena.run(&text, &parameters, Duration::from_secs(args.timeout)).await?;
            eprintln!(
                "scanned {:.1} MB in {} ms: {:.6} USD at 5 USD per TB (10 MB minimum per query)",
                execution.bytes_scanned as f64 / 1e6,
                execution.engine_ms,
                execution.cost_usd
            );
            let result = aws.athena.results(&execution.id).await?;
            if args.time {
                eprintln!("ran in {} ms ({} rows)", execution.engine_ms, result.rows.len());
            }
            result
        }
    };
    print!("{}", result.render(args.format)?);
    Ok(())
}

/// DataFusion's message, with what to do when a view or table is missing.
fn explain_local(error: anyhow::Error, catalog: &pipeline::catalog::Catalog) -> anyhow::Error {
    let text = format!("{error:#}");
    let missing_view = pipeline::sql::VIEWS.iter().any(|view| {
        text.contains(&format!("{}' not found", view.name)) && !catalog.views.iter().any(|v| v.name == view.name)
    });
    if missing_view {
        anyhow::anyhow!("{text}\nthe views are not registered yet: run `musicctl views create`")
    } else if text.contains("not found") {
        anyhow::anyhow!("{text}\nthe tables come from the last crawl: run `musicctl ingest` and `musicctl crawl`")
    } else {
        anyhow::anyhow!("the query failed: {text}")
    }
}
