//! `musicctl tenants`: onboarding organisations and listing them.

use std::path::Path;

use anyhow::Context as _;
use common::{Role, TenantId};
use users::accounts::{self, NewAccount};
use users::fields::{self, Email, Plan};
use users::tenants;

use crate::target::{self, StageArgs, StageData};

/// Tenant commands.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum TenantsCommand {
    /// Onboards an organisation, optionally with its first admin.
    Add(AddArgs),
    /// Lists the onboarded organisations.
    List(ListArgs),
}

/// Options of `musicctl tenants add`.
#[derive(Debug, clap::Args)]
pub(crate) struct AddArgs {
    /// The slug users type at login: a-z, 0-9 and '-', starting with a letter.
    slug: String,
    /// The organisation's name, e.g. "Northwind Records".
    #[arg(long)]
    name: String,
    /// The e-mail of the tenant's first admin.
    #[arg(long, requires = "admin_password")]
    admin_email: Option<String>,
    /// The admin's password (or set MUSICCTL_ADMIN_PASSWORD).
    #[arg(long, env = "MUSICCTL_ADMIN_PASSWORD", hide_env_values = true)]
    admin_password: Option<String>,
    #[command(flatten)]
    target: StageArgs,
    /// Check the request and print what would be created, creating nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

/// Options of `musicctl tenants list`.
#[derive(Debug, clap::Args)]
pub(crate) struct ListArgs {
    #[command(flatten)]
    target: StageArgs,
    /// Print the tenants as JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) async fn run(command: TenantsCommand, data_dir: Option<&Path>) -> anyhow::Result<()> {
    match command {
        TenantsCommand::Add(args) => add(&target::open(&args.target, data_dir, !args.dry_run).await?, args).await,
        TenantsCommand::List(args) => list(&target::open(&args.target, data_dir, false).await?, args).await,
    }
}

async fn add(stage: &StageData, args: AddArgs) -> anyhow::Result<()> {
    let tenant = TenantId::parse(&args.slug)?;
    let admin = match (&args.admin_email, &args.admin_password) {
        (Some(email), Some(password)) => {
            let email = Email::parse(email).map_err(|error| anyhow::anyhow!("--admin-email: {error}"))?;
            users::password::check_policy(password, email.as_str())
                .map_err(|error| anyhow::anyhow!("--admin-password: {error}"))?;
            Some(NewAccount {
                tenant: tenant.clone(),
                email,
                password: password.clone(),
                display_name: fields::display_name(&format!("{} admin", args.name))
                    .map_err(|error| anyhow::anyhow!("--name: {error}"))?,
                country: None,
                role: Role::Admin,
                plan: Plan::Premium,
            })
        }
        _ => None,
    };
    if args.dry_run {
        anyhow::ensure!(
            tenants::find_tenant(stage.store.as_ref(), &tenant).await?.is_none(),
            "tenant {tenant} already exists; `musicctl tenants list` shows who exists"
        );
        let admin_email = admin.as_ref().map(|account| account.email.as_str().to_owned());
        if args.json {
            println!(
                "{}",
                serde_json::json!({"status": "dry_run", "tenant": tenant, "name": args.name, "admin_email": admin_email})
            );
        } else {
            println!(
                "dry run: would onboard {tenant} ({}){}; nothing was written",
                args.name,
                admin_email.map(|email| format!(" with admin {email}")).unwrap_or_default()
            );
        }
        return Ok(());
    }
    let record = tenants::create_tenant(stage.store.as_ref(), &tenant, &args.name)
        .await
        .with_context(|| format!("onboarding {tenant}; `musicctl tenants list` shows who exists"))?;
    let admin = match admin {
        Some(account) => {
            Some(accounts::create_account(stage.store.as_ref(), account).await.context("creating the admin")?)
        }
        None => None,
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({"tenant": record, "admin": admin}))?);
    } else {
        println!("onboarded {} ({})", record.tenant_id, record.name);
        if let Some(admin) = admin {
            println!("admin {} ({})", admin.email, admin.user_id);
        }
    }
    Ok(())
}

async fn list(stage: &StageData, args: ListArgs) -> anyhow::Result<()> {
    let all = tenants::list_tenants(stage.scan.as_ref()).await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&all)?);
    } else if all.is_empty() {
        println!("no tenants yet: onboard one with `musicctl tenants add <slug> --name <name>`");
    } else {
        for tenant in all {
            println!("{:<24} {:<40} {}", tenant.tenant_id, tenant.name, tenant.created_at);
        }
    }
    Ok(())
}
