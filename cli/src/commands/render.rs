//! `musicctl render <stage>`: writes the stage's generated files for people to read and diff.

use std::path::PathBuf;

use anyhow::Context as _;

use crate::render::{self, Overrides};

/// Options of `musicctl render`.
#[derive(Debug, clap::Args)]
pub(crate) struct RenderArgs {
    /// The stage: dev, test, prod or another stages/<stage>.toml.
    stage: String,
    /// The directory to write into; `build/<stage>` by default.
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    overrides: Overrides,
    /// Print the written paths as JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: RenderArgs) -> anyhow::Result<()> {
    let config = render::load_stage(&args.stage, &args.overrides)?;
    let rendered = render::render(&config)?;
    let out = args.out.unwrap_or_else(|| PathBuf::from("build").join(&args.stage));
    std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
    let files = [
        ("cloudformation.yaml", &rendered.cloudformation),
        ("serverless.yml", &rendered.serverless),
        ("docker-compose.yml", &rendered.compose),
        ("user-data.sh", &rendered.user_data),
    ];
    let mut written = Vec::new();
    for (name, text) in files {
        let path = out.join(name);
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        written.push(path.display().to_string());
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({"stage": args.stage, "files": written}))?);
    } else {
        for path in written {
            println!("wrote {path}");
        }
        println!("serverless.yml expects the functions' zip at {}/{}", out.display(), render::SERVERLESS_ARTIFACT);
    }
    Ok(())
}
