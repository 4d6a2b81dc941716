//! `musicctl seed`: fills every table of a stage with coherent fake data across several
//! tenants, once. A second run writes nothing; `--force` adds another generation; a run
//! that died part-way resumes, rewriting the same deterministic items.

mod audio;
mod generate;
mod markers;
mod profile;
mod verify;
mod write;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;
use chrono::{DateTime, SecondsFormat, Utc};
use common::TenantId;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use crate::local::LocalStage;
use crate::target::{self, StageArgs, StageData};
use markers::Marker;

/// The password of the demo accounts of the local stage.
pub(crate) const DEMO_PASSWORD: &str = "musicctl-demo-1";

/// Options of `musicctl seed`.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct SeedArgs {
    /// How many tenants to onboard and fill.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=50))]
    pub(crate) tenants: u16,
    /// At least this many items in every table, spread evenly over the tenants.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..=5_000_000))]
    pub(crate) rows: u32,
    #[command(flatten)]
    pub(crate) target: StageArgs,
    /// The random seed: the same seed gives the same data.
    #[arg(long, default_value_t = 2026)]
    pub(crate) seed: u64,
    /// The time every generated time precedes (RFC 3339); default now. The same seed and
    /// anchor give the same data on every stage.
    #[arg(long, value_parser = parse_anchor)]
    pub(crate) anchor: Option<DateTime<Utc>>,
    /// Leave out the local stage's demo accounts (well-known passwords).
    #[arg(long)]
    pub(crate) no_demo_accounts: bool,
    /// Add another generation of data to a stage that is already seeded.
    #[arg(long)]
    pub(crate) force: bool,
    /// Loads in flight at once: batches of 25 on DynamoDB; on the embedded store, loads of
    /// up to 20,000 items, each one transaction, encoded while another is written.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub(crate) concurrency: u16,
    /// Only check the stage's data: counts per tenant and table, and references.
    #[arg(long)]
    pub(crate) verify: bool,
    /// Generate the data and print what would be written, writing nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

/// What a seed did, per tenant and table.
#[derive(Debug, Serialize)]
struct Summary {
    status: &'static str,
    stage: String,
    generation: u32,
    seconds: f64,
    items_per_second: f64,
    retries: u64,
    /// Audio files written to the stage's media location.
    audio_files: usize,
    /// What people should know, e.g. a missing media bucket.
    notes: Vec<String>,
    /// Items written per table, then per tenant.
    written: BTreeMap<String, BTreeMap<String, u64>>,
    demo_accounts: Vec<DemoAccount>,
}

#[derive(Debug, Serialize)]
struct DemoAccount {
    tenant: String,
    email: String,
    password: String,
    role: &'static str,
}

/// Seeds the opened local stage with `tenants` tenants and `rows` rows, printing progress.
pub(crate) async fn seed_local(stage: &LocalStage, tenants: u16, rows: u32) -> anyhow::Result<()> {
    let args = SeedArgs {
        tenants,
        rows,
        target: StageArgs { stage: "local".to_owned(), endpoint_url: None },
        seed: 2026,
        anchor: None,
        no_demo_accounts: false,
        force: false,
        concurrency: 8,
        verify: false,
        dry_run: false,
        json: false,
    };
    let target = StageData::local(stage);
    let summary = seed(&args, &target).await?;
    print_summary(&summary, false)
}

pub(crate) async fn run(args: SeedArgs, data_dir: Option<&Path>) -> anyhow::Result<()> {
    let target = target::open(&args.target, data_dir, !args.dry_run && !args.verify).await?;
    if args.verify {
        let report = verify::verify(target.scan.as_ref()).await?;
        print_verify(&report, args.json)?;
        anyhow::ensure!(report.dangling == 0 && report.cross_tenant == 0, "the data has broken references");
        return Ok(());
    }
    let summary = seed(&args, &target).await?;
    print_summary(&summary, args.json)
}

/// Seeds `target` as `args` say and answers what was written.
async fn seed(args: &SeedArgs, target: &StageData) -> anyhow::Result<Summary> {
    let started = Instant::now();
    let profiles = profile::profiles(args.tenants as usize);
    let tenants: Vec<TenantId> = profiles.iter().map(|p| TenantId::parse(&p.slug)).collect::<Result<_, _>>()?;
    let store = target.store.as_ref();
    let mut done_generations = Vec::new();
    let mut running: Option<Marker> = None;
    for tenant in &tenants {
        for marker in markers::markers(store, tenant).await? {
            if marker.complete {
                done_generations.push(marker.generation);
            } else if running.is_none() {
                running = Some(marker);
            }
        }
    }
    let last_done = done_generations.iter().copied().max();
    if running.is_none() && last_done.is_some() && !args.force {
        // The data is there; audio that could not be written before (no bucket yet) is added.
        let mut notes = Vec::new();
        let audio_files = if args.dry_run { 0 } else { write_audio(target, &tenants, &mut notes).await? };
        return Ok(Summary {
            status: "already_seeded",
            stage: args.target.stage.clone(),
            generation: last_done.unwrap_or(0),
            seconds: started.elapsed().as_secs_f64(),
            items_per_second: 0.0,
            retries: 0,
            audio_files,
            notes,
            written: BTreeMap::new(),
            demo_accounts: Vec::new(),
        });
    }
    let (generation, anchor) = match &running {
        Some(marker) => (marker.generation, DateTime::parse_from_rfc3339(&marker.anchor)?.with_timezone(&Utc)),
        None => (last_done.map_or(1, |g| g + 1), args.anchor.unwrap_or_else(Utc::now)),
    };
    let marker = running.unwrap_or_else(|| Marker {
        generation,
        seed: args.seed,
        rows: args.rows as usize,
        anchor: anchor.to_rfc3339_opts(SecondsFormat::Millis, true),
        tables_done: Vec::new(),
        complete: false,
    });
    let rows_per_tenant = marker.rows.div_ceil(tenants.len());
    let seed_value = marker.seed;

    if args.dry_run {
        let plan = Plan { rows_per_tenant, seed: seed_value, generation, anchor };
        return dry_run(args, &profiles, plan, started).await;
    }

    // Onboard the tenants and mark the generation as started.
    let mut tenant_markers = Vec::with_capacity(tenants.len());
    for (profile, tenant) in profiles.iter().zip(&tenants) {
        match users::tenants::create_tenant(store, tenant, &profile.name).await {
            Ok(_) | Err(common::ApiError::Conflict(_)) => {}
            Err(error) => return Err(anyhow::anyhow!("onboarding {tenant}: {error}")),
        }
        let mut own = markers::markers(store, tenant).await?.into_iter().find(|m| m.generation == generation);
        if own.is_none() || !markers::exists(store, tenant, generation).await? {
            let fresh = Marker { tables_done: Vec::new(), complete: false, ..marker.clone() };
            markers::save(store, tenant, &fresh).await?;
            own = Some(fresh);
        }
        tenant_markers.push(own.unwrap_or_else(|| marker.clone()));
    }

    let local = target.media_root.is_some();
    let demo_hash = if local && generation == 1 && !args.no_demo_accounts {
        Some(users::password::hash(DEMO_PASSWORD.to_owned()).await.map_err(|e| anyhow::anyhow!("{e}"))?)
    } else {
        None
    };
    let mut secret = [0u8; 24];
    getrandom::fill(&mut secret).map_err(|error| anyhow::anyhow!("no randomness: {error}"))?;
    let unknown: String = secret.iter().map(|b| format!("{b:02x}")).collect();
    let user_hash = users::password::hash(unknown).await.map_err(|e| anyhow::anyhow!("{e}"))?;

    let plan = Plan { rows_per_tenant, seed: seed_value, generation, anchor };
    let progress =
        if args.json { MultiProgress::with_draw_target(ProgressDrawTarget::hidden()) } else { MultiProgress::new() };
    let style = ProgressStyle::with_template("{prefix:>10} [{bar:30}] {pos:>7}/{len:7} {per_sec:>12} {msg}")?
        .progress_chars("=> ");
    let mut bars: Vec<ProgressBar> = Vec::new();
    let mut written: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    let mut retries = 0;
    // One tenant at a time, generated then written table by table: only one tenant's items
    // are in memory at once.
    for (tenant_index, (profile, own_marker)) in profiles.iter().zip(tenant_markers.iter_mut()).enumerate() {
        let generating = Instant::now();
        let data = generate_one(profile, tenant_index, plan, demo_hash.clone(), user_hash.clone())?;
        tracing::info!(tenant = %data.tenant, seconds = generating.elapsed().as_secs_f64(), "generated a tenant's data");
        for (table_index, (table, items)) in data.tables.into_iter().enumerate() {
            if bars.len() == table_index {
                let bar = progress.add(ProgressBar::new(0));
                bar.set_style(style.clone());
                bar.set_prefix(table.name);
                bars.push(bar);
            }
            let bar = &bars[table_index];
            let count = items.len() as u64;
            bar.inc_length(count);
            if own_marker.tables_done.iter().any(|done| done == table.name) {
                bar.inc(count);
                continue;
            }
            let writing = Instant::now();
            retries += write::write_items(
                Arc::clone(&target.store),
                &data.tenant,
                table,
                items,
                args.concurrency as usize,
                bar,
            )
            .await
            .with_context(|| {
                format!("writing {} of {}; run the same command again to resume", table.name, data.tenant)
            })?;
            own_marker.tables_done.push(table.name.to_owned());
            markers::save(store, &data.tenant, own_marker).await?;
            written.entry(table.name.to_owned()).or_default().insert(data.tenant.to_string(), count);
            tracing::info!(tenant = %data.tenant, table = table.name, seconds = writing.elapsed().as_secs_f64(), "wrote a table");
        }
    }
    for bar in &bars {
        bar.finish_with_message("done");
    }
    let mut demo_accounts = Vec::new();
    let mut notes = Vec::new();
    let audio_files = write_audio(target, &tenants, &mut notes).await?;
    if target.media_root.is_some() {
        for (profile, tenant) in profiles.iter().zip(&tenants) {
            if demo_hash.is_some() {
                let [admin, listener] = generate::demo_emails(profile);
                for (email, role) in [(admin, "admin"), (listener, "listener")] {
                    demo_accounts.push(DemoAccount {
                        tenant: tenant.to_string(),
                        email,
                        password: DEMO_PASSWORD.to_owned(),
                        role,
                    });
                }
            }
        }
    }
    for (tenant, own_marker) in tenants.iter().zip(tenant_markers.iter_mut()) {
        own_marker.complete = true;
        markers::save(store, tenant, own_marker).await?;
    }
    let seconds = started.elapsed().as_secs_f64();
    let items: u64 = written.values().flat_map(BTreeMap::values).sum();
    Ok(Summary {
        status: "seeded",
        stage: args.target.stage.clone(),
        generation,
        seconds,
        items_per_second: items as f64 / seconds.max(1e-9),
        retries,
        audio_files,
        notes,
        written,
        demo_accounts,
    })
}

/// What one generation of a seed is: its size, seed value, number and anchor time.
#[derive(Debug, Clone, Copy)]
struct Plan {
    rows_per_tenant: usize,
    seed: u64,
    generation: u32,
    anchor: DateTime<Utc>,
}

/// Generates the items of the tenant `profile`, the `tenant_index`th, on the calling thread
/// with the runtime told so (`block_in_place`): every tenant's items then come from the same
/// thread's heap, which the allocator reuses, instead of a new blocking thread's each time.
fn generate_one(
    profile: &profile::Profile,
    tenant_index: usize,
    plan: Plan,
    demo_hash: Option<String>,
    user_hash: String,
) -> anyhow::Result<generate::TenantData> {
    tokio::task::block_in_place(|| {
        generate::generate(&generate::Spec {
            profile,
            tenant_index,
            rows: plan.rows_per_tenant,
            seed: plan.seed,
            generation: plan.generation,
            anchor: plan.anchor,
            demo_hash,
            user_hash,
        })
    })
}

/// What a seed would write, generated but not written: counts per table and tenant.
async fn dry_run(
    args: &SeedArgs,
    profiles: &[profile::Profile],
    plan: Plan,
    started: Instant,
) -> anyhow::Result<Summary> {
    let mut written: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for (tenant_index, profile) in profiles.iter().enumerate() {
        let tenant_data = generate_one(profile, tenant_index, plan, None, String::new())?;
        for (table, items) in tenant_data.tables {
            written
                .entry(table.name.to_owned())
                .or_default()
                .insert(tenant_data.tenant.to_string(), items.len() as u64);
        }
    }
    Ok(Summary {
        status: "dry_run",
        stage: args.target.stage.clone(),
        generation: plan.generation,
        seconds: started.elapsed().as_secs_f64(),
        items_per_second: 0.0,
        retries: 0,
        audio_files: 0,
        notes: vec!["dry run: nothing was written".to_owned()],
        written,
        demo_accounts: Vec::new(),
    })
}

/// Writes the demo audio of every tenant to the stage's media location; answers how many
/// files were written (files already there are kept).
async fn write_audio(target: &StageData, tenants: &[TenantId], notes: &mut Vec<String>) -> anyhow::Result<usize> {
    let mut written = 0;
    if let Some(media_root) = &target.media_root {
        for tenant in tenants {
            written += audio::write_all(media_root, tenant.as_str())?;
        }
    }
    if let Some((s3, bucket)) = &target.media_bucket {
        for tenant in tenants {
            match audio::upload_all(s3, bucket, tenant.as_str()).await? {
                Some(count) => written += count,
                None => {
                    notes.push(format!(
                        "media bucket {bucket} does not exist: deploy the stage, then seed again for audio"
                    ));
                    break;
                }
            }
        }
    }
    Ok(written)
}

fn print_summary(summary: &Summary, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(summary)?);
        return Ok(());
    }
    if summary.status == "already_seeded" {
        for note in &summary.notes {
            println!("note: {note}");
        }
        println!(
            "stage {} is already seeded (generation {}); nothing was written. Use --force to add more.",
            summary.stage, summary.generation
        );
        return Ok(());
    }
    let tenants: Vec<&String> = summary
        .written
        .values()
        .flat_map(BTreeMap::keys)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    print!("{:<12}", "table");
    for tenant in &tenants {
        print!("{tenant:>22}");
    }
    println!("{:>10}", "total");
    for (table, per_tenant) in &summary.written {
        print!("{table:<12}");
        for tenant in &tenants {
            print!("{:>22}", per_tenant.get(*tenant).copied().unwrap_or(0));
        }
        println!("{:>10}", per_tenant.values().sum::<u64>());
    }
    if summary.status == "dry_run" {
        println!(
            "dry run: stage {} (generation {}) would get the items above; nothing was written",
            summary.stage, summary.generation
        );
        return Ok(());
    }
    println!(
        "seeded stage {} (generation {}) in {:.2} s: {:.0} items/s, {} retries",
        summary.stage, summary.generation, summary.seconds, summary.items_per_second, summary.retries
    );
    for note in &summary.notes {
        println!("note: {note}");
    }
    for account in &summary.demo_accounts {
        println!(
            "demo {:<8} tenant {:<22} {:<40} password {}",
            account.role, account.tenant, account.email, account.password
        );
    }
    Ok(())
}

fn print_verify(report: &verify::Report, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(report)?);
        return Ok(());
    }
    for (table, per_tenant) in &report.counts {
        let detail: Vec<String> = per_tenant.iter().map(|(tenant, n)| format!("{tenant} {n}")).collect();
        println!("{table:<10} {:>8}  ({})", verify::total(report, table), detail.join(", "));
    }
    for (table, per_tenant) in &report.search_index {
        let total: u64 = per_tenant.values().sum();
        println!("{:<10} {total:>8}  search index items (words, A-to-Z lists)", table);
    }
    println!("dangling references: {}, cross-tenant references: {}", report.dangling, report.cross_tenant);
    for problem in &report.problems {
        println!("  {problem}");
    }
    Ok(())
}

fn parse_anchor(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|time| time.with_timezone(&Utc))
        .map_err(|_| format!("`{text}` is not an RFC 3339 time like 2026-11-22T10:00:00Z"))
}
