//! Rendering a stage: the handlebars templates of `templates/`, filled from the validated
//! stage configuration and the table model, into a CloudFormation template and a
//! `serverless.yml` that a person can read and diff.

use anyhow::Context as _;
use common::model::{IndexKind, Projection, TABLES, TableDef};
use handlebars::Handlebars;
use serde_json::{Value, json};

use crate::stage::{self, AwsStage, BillingMode, StageConfig};

const CLOUDFORMATION: &str = include_str!("../../templates/cloudformation.yaml.hbs");
const SERVERLESS: &str = include_str!("../../templates/serverless.yml.hbs");
const TABLES_PARTIAL: &str = include_str!("../../templates/partials/tables.yaml.hbs");
const ANALYTICS_PARTIAL: &str = include_str!("../../templates/partials/analytics.yaml.hbs");
const DATA_VM_PARTIAL: &str = include_str!("../../templates/partials/data_vm.yaml.hbs");
const COMPOSE: &str = include_str!("../../templates/data/docker-compose.yml.hbs");
const USER_DATA: &str = include_str!("../../templates/data/user-data.sh.hbs");

/// Where the data VM's bundle (the jobs' sources and the rendered compose file) sits in the
/// stage's lake bucket.
pub(crate) const BUNDLE_KEY: &str = "_bundle/musicctl-bundle.tar.gz";
/// The one folder of every job's log on the data VM.
pub(crate) const VM_LOG_DIR: &str = "/var/log/musicctl";
/// The indentation of the first-boot script inside the template's `UserData` block, as the
/// partial's own indentation does not reach the lines of a value.
const USER_DATA_INDENT: &str = "          ";
/// The Docker Compose plugin the VM installs when its Docker lacks one.
const COMPOSE_VERSION: &str = "v2.40.3";

/// Where the zip of the functions' code sits, relative to the rendered `serverless.yml`.
pub(crate) const SERVERLESS_ARTIFACT: &str = "artifacts/bootstrap.zip";

/// What each service's function may touch: its own tables (read and write), the tables it
/// checks references in (read), and whether it presigns audio URLs.
pub(crate) const ACCESS: [(&str, &[&str], &[&str], bool); 6] = [
    ("users", &["users", "tenants"], &[], false),
    ("artists", &["artists"], &["albums"], false),
    ("albums", &["albums"], &["artists", "songs"], false),
    ("songs", &["songs"], &["albums"], true),
    ("playlists", &["playlists"], &["songs", "users"], false),
    ("stats", &["plays"], &["songs", "users", "artists"], false),
];

/// The rendered files of a stage.
#[derive(Debug, Clone)]
pub(crate) struct Rendered {
    pub(crate) cloudformation: String,
    pub(crate) serverless: String,
    /// The data VM's `docker-compose.yml`.
    pub(crate) compose: String,
    /// The data VM's first-boot script.
    pub(crate) user_data: String,
}

/// Changes to a stage file given on the command line or in the environment.
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct Overrides {
    /// The region, instead of the stage file's `aws.region`. An ambient `AWS_REGION` does
    /// not override the stage file; `MUSICCTL_REGION` does.
    #[arg(long, env = "MUSICCTL_REGION")]
    pub(crate) region: Option<String>,
    /// An existing IAM role for every function (e.g. LabRole), instead of `aws.role_arn`.
    #[arg(long, env = "MUSICCTL_ROLE_ARN")]
    pub(crate) role_arn: Option<String>,
    /// An existing instance profile for the data VM (e.g. LabInstanceProfile), instead of
    /// `data.instance_profile`; needed with a role ARN, where roles cannot be created.
    #[arg(long, env = "MUSICCTL_INSTANCE_PROFILE")]
    pub(crate) instance_profile: Option<String>,
}

/// Loads stage `name`, applies the overrides and validates the result again.
pub(crate) fn load_stage(name: &str, overrides: &Overrides) -> anyhow::Result<StageConfig> {
    let (mut config, source) = stage::load(name)?;
    anyhow::ensure!(name != "local", "stage local runs on this machine: use `musicctl up`");
    if let Some(aws) = config.aws.as_mut() {
        if let Some(region) = &overrides.region {
            aws.region = region.clone();
        }
        if let Some(role) = &overrides.role_arn {
            aws.role_arn = Some(role.clone());
        }
    }
    if let Some(profile) = &overrides.instance_profile {
        config.data.get_or_insert_with(Default::default).instance_profile = Some(profile.clone());
    }
    let text = toml::to_string(&config)?;
    stage::parse(name, &text).with_context(|| format!("in {source} with the overrides from flags and environment"))
}

/// The physical name prefix of a stage's resources: `musicctl-<stage>-`.
pub(crate) fn prefix(stage: &str) -> String {
    format!("musicctl-{stage}-")
}

/// The CloudFormation logical id of a table.
pub(crate) fn table_logical(table: &str) -> String {
    format!("{}Table", capitalised(table))
}

fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn projection(table: &TableDef, projection: Projection) -> (&'static str, Vec<&'static str>) {
    let _ = table;
    match projection {
        Projection::All => ("ALL", Vec::new()),
        Projection::KeysOnly => ("KEYS_ONLY", Vec::new()),
        Projection::Include(names) => ("INCLUDE", names.to_vec()),
    }
}

fn tables() -> Vec<Value> {
    TABLES
        .iter()
        .map(|table| {
            let indexes = |kind: IndexKind| -> Vec<Value> {
                table
                    .indexes
                    .iter()
                    .filter(|index| index.kind == kind)
                    .map(|index| {
                        let (projection_type, non_key) = projection(table, index.projection);
                        json!({"name": index.name, "partition_key": index.partition_key, "sort_key": index.sort_key,
                               "projection_type": projection_type, "non_key_attributes": non_key})
                    })
                    .collect()
            };
            json!({
                "name": table.name,
                "logical": table_logical(table.name),
                "attributes": table.key_attributes(),
                "partition_key": table.partition_key,
                "sort_key": table.sort_key,
                "global_indexes": indexes(IndexKind::Global),
                "local_indexes": indexes(IndexKind::Local),
                "time_to_live": table.time_to_live,
            })
        })
        .collect()
}

fn services(prefix: &str) -> Vec<Value> {
    ACCESS
        .iter()
        .map(|(name, own, read, media)| {
            json!({
                "name": name,
                "logical": capitalised(name),
                "function_name": format!("{prefix}{name}"),
                "own_tables": own.iter().map(|t| table_logical(t)).collect::<Vec<_>>(),
                "read_tables": read.iter().map(|t| table_logical(t)).collect::<Vec<_>>(),
                "reads_media": media,
            })
        })
        .collect()
}

fn registry() -> anyhow::Result<Handlebars<'static>> {
    let mut handlebars = Handlebars::new();
    handlebars.set_strict_mode(true);
    handlebars.register_escape_fn(handlebars::no_escape);
    handlebars.register_partial("tables", TABLES_PARTIAL)?;
    handlebars.register_partial("analytics", ANALYTICS_PARTIAL)?;
    handlebars.register_partial("data_vm", DATA_VM_PARTIAL)?;
    handlebars.register_template_string("cloudformation", CLOUDFORMATION)?;
    handlebars.register_template_string("serverless", SERVERLESS)?;
    handlebars.register_template_string("compose", COMPOSE)?;
    handlebars.register_template_string("user_data", USER_DATA)?;
    Ok(handlebars)
}

fn capacity(stage: &AwsStage<'_>) -> (u32, u32) {
    match stage.dynamodb.billing_mode {
        BillingMode::Provisioned => {
            (stage.dynamodb.read_capacity.unwrap_or(1), stage.dynamodb.write_capacity.unwrap_or(1))
        }
        BillingMode::PayPerRequest => (1, 1),
    }
}

fn billing(stage: &AwsStage<'_>) -> &'static str {
    match stage.dynamodb.billing_mode {
        BillingMode::Provisioned => "PROVISIONED",
        BillingMode::PayPerRequest => "PAY_PER_REQUEST",
    }
}

fn deletion_policy(stage: &AwsStage<'_>) -> &'static str {
    if stage.dynamodb.retain_on_delete { "Retain" } else { "Delete" }
}

fn tags(stage: &AwsStage<'_>) -> Vec<Value> {
    stage.tags.iter().map(|(key, value)| json!({"key": key, "value": value})).collect()
}

/// The Glue database, crawlers and Athena workgroup of `stage`.
fn analytics_context(stage: &AwsStage<'_>) -> Value {
    let crawlers: Vec<Value> = crate::analytics::crawlers(stage.name)
        .into_iter()
        .map(|(name, entity)| {
            json!({"logical": crate::analytics::crawler_logical_id(entity), "name": name, "entity": entity.name})
        })
        .collect();
    json!({
        "database": crate::analytics::database(stage.name),
        "workgroup": crate::analytics::workgroup(stage.name),
        "crawlers": crawlers,
        "zone": pipeline::catalog::ZONE,
        "query_limit_bytes": u64::from(stage.lake.query_limit_mb) * 1024 * 1024,
    })
}

/// The context of `cloudformation.yaml` for one stage; `data` is the data VM's context and
/// `user_data` its rendered first-boot script.
fn cloudformation_context(stage: &AwsStage<'_>, data: &Value, user_data: &str) -> Value {
    let (read, write) = capacity(stage);
    let prefix = prefix(stage.name);
    json!({
        "stage": stage.name,
        "stack_name": format!("musicctl-{}", stage.name),
        "table_prefix": prefix,
        "tables": tables(),
        "services": services(&prefix),
        "create_roles": stage.aws.role_arn.is_none(),
        "role_arn": stage.aws.role_arn,
        "lambda": stage.lambda,
        "token_ttl_minutes": stage.token_ttl_minutes,
        "jwt_secret_ref": stage.jwt_secret.dynamic_reference(),
        "dynamodb": {"billing_mode": billing(stage), "read_capacity": read, "write_capacity": write,
                     "deletion_policy": deletion_policy(stage), "per_stage": false,
                     "provisioned": stage.dynamodb.billing_mode == BillingMode::Provisioned},
        "web_bucket": stage.web.bucket,
        "media_bucket": stage.media.bucket,
        "lake_bucket": stage.lake.bucket,
        "analytics": analytics_context(stage),
        "data": stage.data,
        "data_vm": data_vm_context(data, user_data),
        "tags": tags(stage),
    })
}

/// What the data VM's resources need beyond `[data]`: the secrets it reads and its
/// first-boot script, indented as the literal block of `UserData` expects.
fn data_vm_context(data: &Value, user_data: &str) -> Value {
    let indented: Vec<String> = user_data
        .lines()
        .map(|line| if line.is_empty() { String::new() } else { format!("{USER_DATA_INDENT}{line}") })
        .collect();
    json!({
        "lake_key_parameter": data["lake_key_parameter"],
        "jwt_secret_ssm": data["jwt_secret_ssm"],
        "jwt_secret_manager": data["jwt_secret_manager"],
        "user_data_indented": indented.join("\n"),
    })
}

/// The context of the data VM's compose file and first-boot script.
fn data_context(stage: &AwsStage<'_>) -> Value {
    let (ssm, secrets_manager) = match stage.jwt_secret {
        stage::SecretSource::SsmParameter(name) => (name.as_str(), ""),
        stage::SecretSource::SecretsManager(id) => ("", id.as_str()),
    };
    json!({
        "stage": stage.name,
        "region": stage.aws.region,
        "lake_bucket": stage.lake.bucket,
        "bundle_key": BUNDLE_KEY,
        "log_dir": VM_LOG_DIR,
        "services": pipeline::ingest::SERVICES,
        "token_ttl_minutes": stage.token_ttl_minutes,
        "reports_port": stage.data.reports_port,
        "looker_studio": stage.data.looker_studio,
        "schedule": stage.data.on_calendar(),
        "lake_key_parameter": format!("/musicctl/{}/lake-key", stage.name),
        "jwt_secret_ssm": ssm,
        "jwt_secret_manager": secrets_manager,
        "compose_version": COMPOSE_VERSION,
    })
}

/// The context of `serverless.yml`: every AWS stage, with `stage` as the default's overrides.
fn serverless_context(stage: &AwsStage<'_>, others: &[StageConfig]) -> anyhow::Result<Value> {
    let mut stages = Vec::new();
    for config in others {
        let other = config.aws_stage()?;
        let entry = if other.name == stage.name { stage.clone() } else { other };
        let (read, write) = capacity(&entry);
        stages.push(json!({
            "name": entry.name,
            "region": entry.aws.region,
            "memory_mb": entry.lambda.memory_mb,
            "timeout_seconds": entry.lambda.timeout_seconds,
            "log_retention_days": entry.lambda.log_retention_days,
            "token_ttl_minutes": entry.token_ttl_minutes,
            "billing_mode": billing(&entry),
            "read_capacity": read,
            "write_capacity": write,
            "deletion_policy": deletion_policy(&entry),
            "web_bucket": entry.web.bucket,
            "media_bucket": entry.media.bucket,
            "lake_bucket": entry.lake.bucket,
            "jwt_secret_ref": entry.jwt_secret.dynamic_reference(),
            "role_arn": entry.aws.role_arn,
        }));
    }
    let per_stage = |key: &str| format!("${{self:custom.stages.${{sls:stage}}.{key}}}");
    Ok(json!({
        "stages": stages,
        "tables": tables(),
        "services": services("musicctl-${sls:stage}-"),
        "table_prefix": "musicctl-${sls:stage}-",
        "artifact": SERVERLESS_ARTIFACT,
        "dynamodb": {"billing_mode": per_stage("billingMode"), "read_capacity": per_stage("readCapacity"),
                     "write_capacity": per_stage("writeCapacity"), "deletion_policy": per_stage("deletionPolicy"),
                     "per_stage": true, "provisioned": false},
        "web_bucket": per_stage("webBucket"),
        "media_bucket": per_stage("mediaBucket"),
        "lake_bucket": per_stage("lakeBucket"),
        "tags": [{"key": "project", "value": "musicctl"}, {"key": "stage", "value": "${sls:stage}"}],
    }))
}

/// Renders both files for `config`.
pub(crate) fn render(config: &StageConfig) -> anyhow::Result<Rendered> {
    let stage = config.aws_stage()?;
    let mut others = Vec::new();
    for name in ["dev", "test", "prod"] {
        if name != config.stage {
            others.push(stage::load(name)?.0);
        }
    }
    others.push(config.clone());
    others.sort_by_key(|c| ["dev", "test", "prod"].iter().position(|n| *n == c.stage).unwrap_or(9));
    let handlebars = registry()?;
    let data = data_context(&stage);
    let compose = handlebars.render("compose", &data).context("rendering docker-compose.yml")?;
    let user_data = handlebars.render("user_data", &data).context("rendering user-data.sh")?;
    let cloudformation = handlebars
        .render("cloudformation", &cloudformation_context(&stage, &data, &user_data))
        .context("rendering cloudformation.yaml")?;
    let serverless =
        handlebars.render("serverless", &serverless_context(&stage, &others)?).context("rendering serverless.yml")?;
    Ok(Rendered { cloudformation, serverless, compose, user_data })
}
