//! `musicctl views create`: makes the lake's views of `templates/sql/views/`. On AWS each
//! `CREATE OR REPLACE VIEW` runs through Athena in the stage's workgroup and database;
//! locally each is planned by DataFusion and registered in the catalog, so that later
//! `query` runs see them.

use std::path::Path;
use std::time::Duration;

use pipeline::catalog::View;
use pipeline::sql::{Engine, VIEWS};
use serde_json::json;

use crate::target::StageArgs;
use crate::warehouse::{self, Warehouse};

/// What to do with the views.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum ViewsCommand {
    /// Creates or replaces every view.
    Create(CreateArgs),
    /// Lists the views with what each shows.
    List,
}

/// Options of `musicctl views create`.
#[derive(Debug, clap::Args)]
pub(crate) struct CreateArgs {
    #[command(flatten)]
    pub(crate) stage: StageArgs,
    /// How long to wait for each view (AWS), in seconds.
    #[arg(long, default_value_t = 300)]
    timeout: u64,
    /// Check each view (locally: plan it) and say what would be made; change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print what was made as JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) async fn run(command: ViewsCommand, data_dir: Option<&Path>) -> anyhow::Result<()> {
    let args = match command {
        ViewsCommand::List => {
            for view in &VIEWS {
                println!("{:<18} {}", view.name, view.description());
            }
            return Ok(());
        }
        ViewsCommand::Create(args) => args,
    };
    let made = create(&args, data_dir).await?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({"stage": args.stage.stage, "dry_run": args.dry_run, "views": made}))?
        );
    } else {
        let verb = if args.dry_run { "would create" } else { "created" };
        for view in &made {
            println!("{verb} view {}", view["view"].as_str().unwrap_or_default());
        }
    }
    Ok(())
}

/// Creates or replaces every view; what was made, a JSON object per view.
pub(crate) async fn create(args: &CreateArgs, data_dir: Option<&Path>) -> anyhow::Result<Vec<serde_json::Value>> {
    let mut made = Vec::new();
    match warehouse::open(&args.stage, data_dir).await? {
        Warehouse::Local(local) => {
            let mut catalog = local.catalog()?;
            let lake = warehouse::Local::lake_of(&catalog)?;
            catalog.views.clear();
            let engine = Engine::with_catalog(&lake, &catalog).await?;
            for view in &VIEWS {
                engine.create_view(view.text).await.map_err(|error| {
                    anyhow::anyhow!("the view {} does not plan over the catalog: {error:#}", view.name)
                })?;
                catalog.put_view(View { name: view.name.to_owned(), sql: view.text.to_owned() });
                made.push(json!({"view": view.name, "engine": "datafusion"}));
            }
            if !args.dry_run {
                catalog.save(&local.catalog_path)?;
            }
        }
        Warehouse::Aws(aws) => {
            for view in &VIEWS {
                if args.dry_run {
                    made.push(json!({"view": view.name, "workgroup": aws.athena.workgroup(), "database": aws.glue.database()}));
                    continue;
                }
                let execution = aws
                    .athena
                    .run(view.statement(), &[], Duration::from_secs(args.timeout))
                    .await
                    .map_err(|error| anyhow::anyhow!("creating the view {}: {error:#}", view.name))?;
                made.push(json!({"view": view.name, "workgroup": aws.athena.workgroup(),
                                 "database": aws.glue.database(), "execution_id": execution.id}));
            }
        }
    }
    Ok(made)
}
