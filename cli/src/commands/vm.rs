//! `musicctl vm status|start|stop <stage>`: the stage's data VM ("MV Ciencia Datos"), found
//! through the stack's `DataVm` resource: its state, type, address, uptime and hourly cost,
//! and stopping it for nights and weekends (a t2.medium left running costs about 34 USD a
//! month) and starting it again.

use std::time::{Duration, Instant};

use anyhow::Context as _;
use aws_sdk_ec2::types::InstanceStateName;
use serde::Serialize;

use crate::deploy::aws::{Clients, explain};
use crate::render::{self, Overrides};

/// What to do with the data VM.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum VmCommand {
    /// Shows the VM's state, type, address, uptime and what it costs per hour.
    Status(VmArgs),
    /// Starts the VM and waits until it runs.
    Start(VmArgs),
    /// Stops the VM (its disk and data stay) and waits until it is stopped.
    Stop(VmArgs),
}

/// Options of `musicctl vm`.
#[derive(Debug, clap::Args)]
pub(crate) struct VmArgs {
    /// The stage: dev, test, prod or another stages/<stage>.toml.
    stage: String,
    /// Check that the change would be allowed (EC2's DryRun) and change nothing.
    #[arg(long)]
    dry_run: bool,
    /// How long to wait for the VM to start or stop, in seconds.
    #[arg(long, default_value_t = 600)]
    timeout: u64,
    /// Send every AWS call to this endpoint (e.g. moto or LocalStack).
    #[arg(long, env = "MUSICCTL_ENDPOINT_URL")]
    endpoint_url: Option<String>,
    #[command(flatten)]
    overrides: Overrides,
    /// Print the VM as JSON.
    #[arg(long)]
    json: bool,
}

/// On-demand Linux prices in us-east-1, USD per hour, of the types a data VM is likely to be.
const HOURLY_USD: [(&str, f64); 8] = [
    ("t2.micro", 0.0116),
    ("t2.small", 0.023),
    ("t2.medium", 0.0464),
    ("t2.large", 0.0928),
    ("t3.small", 0.0208),
    ("t3.medium", 0.0416),
    ("t3.large", 0.0832),
    ("m5.large", 0.096),
];

/// The data VM as `status` shows it.
#[derive(Debug, Serialize)]
pub(crate) struct Vm {
    stage: String,
    name: String,
    instance_id: String,
    state: String,
    instance_type: String,
    public_ip: Option<String>,
    launched_at: Option<String>,
    uptime_seconds: Option<i64>,
    usd_per_hour: Option<f64>,
    usd_per_month_if_running: Option<f64>,
    dry_run: bool,
}

pub(crate) async fn run(command: VmCommand) -> anyhow::Result<()> {
    let (args, action) = match command {
        VmCommand::Status(args) => (args, None),
        VmCommand::Start(args) => (args, Some(InstanceStateName::Running)),
        VmCommand::Stop(args) => (args, Some(InstanceStateName::Stopped)),
    };
    let config = render::load_stage(&args.stage, &args.overrides)?;
    let stage = config.aws_stage()?;
    let clients = Clients::new(&stage.aws.region, args.endpoint_url.as_deref()).await;
    let id = instance_id(&clients, &args.stage).await?;
    if let Some(target) = action {
        change(&clients, &id, &target, &args).await?;
    }
    let vm = describe(&clients, &id, &args).await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&vm)?);
        return Ok(());
    }
    let address = vm.public_ip.as_deref().unwrap_or("no public address");
    let uptime = vm
        .uptime_seconds
        .filter(|_| vm.state == "running")
        .map_or_else(String::new, |seconds| format!(", up {} h {} min", seconds / 3600, seconds % 3600 / 60));
    println!("{} ({}): {}, {}, {address}{uptime}", vm.name, vm.instance_id, vm.state, vm.instance_type);
    match (vm.usd_per_hour, vm.usd_per_month_if_running) {
        (Some(hour), Some(month)) => println!(
            "  costs {hour:.4} USD an hour while running (about {month:.0} USD a month); stop it with `musicctl vm stop {}`",
            args.stage
        ),
        _ => println!("  no price on record for {}: see the EC2 pricing page", vm.instance_type),
    }
    Ok(())
}

/// The instance of the stack's `DataVm` resource.
async fn instance_id(clients: &Clients, stage: &str) -> anyhow::Result<String> {
    let stack = format!("musicctl-{stage}");
    let resources = crate::deploy::stack::resources(clients, &stack).await.with_context(|| {
        format!("finding the data VM of stage {stage}: deploy it first with `musicctl deploy {stage}`")
    })?;
    resources
        .into_iter()
        .find(|(kind, logical, id)| kind == "AWS::EC2::Instance" && logical == "DataVm" && !id.is_empty())
        .map(|(_, _, id)| id)
        .with_context(|| format!("stack {stack} has no data VM: deploy the stage again with `musicctl deploy {stage}`"))
}

/// Starts or stops `id` (or checks that it may, with `--dry-run`) and waits for `target`.
async fn change(clients: &Clients, id: &str, target: &InstanceStateName, args: &VmArgs) -> anyhow::Result<()> {
    let verb = if *target == InstanceStateName::Running { "start" } else { "stop" };
    let sent = if *target == InstanceStateName::Running {
        clients.ec2.start_instances().instance_ids(id).dry_run(args.dry_run).send().await.map(|_| ()).map_err(explain)
    } else {
        clients.ec2.stop_instances().instance_ids(id).dry_run(args.dry_run).send().await.map(|_| ()).map_err(explain)
    };
    match sent {
        Ok(()) if args.dry_run => return Ok(()),
        Ok(()) => {}
        // EC2 answers an allowed dry run with the error DryRunOperation.
        Err(error) if args.dry_run && error.contains("DryRunOperation") => {
            if !args.json {
                eprintln!("dry run: {verb} {id} would be allowed; nothing changed");
            }
            return Ok(());
        }
        Err(error) => anyhow::bail!("could not {verb} the data VM {id}: {error}"),
    }
    let bar = if args.json { indicatif::ProgressBar::hidden() } else { indicatif::ProgressBar::new_spinner() };
    bar.enable_steady_tick(Duration::from_millis(200));
    let started = Instant::now();
    let mut pause = Duration::from_millis(500);
    loop {
        let state = state_of(clients, id).await?;
        bar.set_message(format!("waiting for {id} to be {}: {}", target.as_str(), state.as_str()));
        if state == *target {
            bar.finish_and_clear();
            return Ok(());
        }
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(args.timeout),
            "the data VM {id} is still {} after {} s: see the EC2 console",
            state.as_str(),
            args.timeout
        );
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_secs(10));
    }
}

/// The instance `id` as EC2 describes it now.
async fn instance(clients: &Clients, id: &str) -> anyhow::Result<aws_sdk_ec2::types::Instance> {
    let described = clients
        .ec2
        .describe_instances()
        .instance_ids(id)
        .send()
        .await
        .map_err(|error| anyhow::anyhow!("reading the data VM {id}: {}", explain(error)))?;
    described
        .reservations()
        .iter()
        .flat_map(|r| r.instances())
        .next()
        .cloned()
        .with_context(|| format!("EC2 knows no instance {id}"))
}

async fn state_of(clients: &Clients, id: &str) -> anyhow::Result<InstanceStateName> {
    let instance = instance(clients, id).await?;
    instance.state().and_then(|s| s.name()).cloned().with_context(|| format!("instance {id} has no state"))
}

async fn describe(clients: &Clients, id: &str, args: &VmArgs) -> anyhow::Result<Vm> {
    let instance = instance(clients, id).await?;
    let instance_type = instance.instance_type().map(|t| t.as_str().to_owned()).unwrap_or_default();
    let name = instance
        .tags()
        .iter()
        .find(|tag| tag.key() == Some("Name"))
        .and_then(|tag| tag.value())
        .unwrap_or("MV Ciencia Datos")
        .to_owned();
    let launched = instance.launch_time().map(|time| time.secs());
    let usd_per_hour = HOURLY_USD.iter().find(|(kind, _)| *kind == instance_type).map(|(_, price)| *price);
    Ok(Vm {
        stage: args.stage.clone(),
        name,
        instance_id: id.to_owned(),
        state: instance.state().and_then(|s| s.name()).map(|s| s.as_str().to_owned()).unwrap_or_default(),
        instance_type,
        public_ip: instance.public_ip_address().map(str::to_owned),
        launched_at: launched.and_then(|secs| chrono::DateTime::from_timestamp(secs, 0)).map(|time| time.to_rfc3339()),
        uptime_seconds: launched.map(|secs| chrono::Utc::now().timestamp() - secs),
        usd_per_hour,
        usd_per_month_if_running: usd_per_hour.map(|hour| hour * 730.0),
        dry_run: args.dry_run,
    })
}
