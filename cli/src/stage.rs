//! Stage configuration: `stages/<stage>.toml`, from the current directory when present,
//! else the copy built into the binary, validated into one typed struct before any work.
//! Errors name the file, the key and the fix.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use serde::{Deserialize, Serialize};

/// The stage files built into the binary, so musicctl works from any directory.
const EMBEDDED: &[(&str, &str)] = &[
    ("local", include_str!("../../stages/local.toml")),
    ("dev", include_str!("../../stages/dev.toml")),
    ("test", include_str!("../../stages/test.toml")),
    ("prod", include_str!("../../stages/prod.toml")),
];

/// A validated stage configuration.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StageConfig {
    /// The stage name; must match the file name.
    pub(crate) stage: String,
    /// Token settings.
    pub(crate) auth: AuthConfig,
    /// Settings of the local runtime (`local` stage).
    pub(crate) local: Option<LocalConfig>,
    /// What `musicctl up` seeds on its first start (`local` stage).
    pub(crate) seed: Option<SeedConfig>,
    /// The AWS account side (AWS stages).
    pub(crate) aws: Option<AwsConfig>,
    /// Function settings (AWS stages).
    pub(crate) lambda: Option<LambdaConfig>,
    /// Table settings (AWS stages).
    pub(crate) dynamodb: Option<DynamoConfig>,
    /// The web app's bucket (AWS stages).
    pub(crate) web: Option<BucketConfig>,
    /// The audio bucket (AWS stages).
    pub(crate) media: Option<BucketConfig>,
    /// The data lake's bucket and its SQL (AWS stages).
    pub(crate) lake: Option<LakeConfig>,
    /// The data VM and what runs on it (AWS stages); defaults when absent.
    pub(crate) data: Option<DataConfig>,
    /// Tags on every resource (AWS stages).
    #[serde(default)]
    pub(crate) tags: BTreeMap<String, String>,
}

/// The data VM of an AWS stage ("MV Ciencia Datos <stage>") and its jobs.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct DataConfig {
    /// The EC2 instance type.
    pub(crate) instance_type: String,
    /// The IPv4 addresses (CIDR) that may reach the VM by SSH; none when absent.
    pub(crate) ssh_cidr: Option<String>,
    /// When the pipeline runs: `hourly`, `daily`, `weekly`, or `HH:MM` (every day, UTC).
    pub(crate) schedule: String,
    /// Whether Looker Studio may read the summary database (MySQL opened to its published
    /// address ranges only, with the read-only user).
    pub(crate) looker_studio: bool,
    /// An existing instance profile for the VM (AWS Academy: `LabInstanceProfile`); the
    /// stack makes one when absent.
    pub(crate) instance_profile: Option<String>,
    /// The reports API's port on the VM.
    pub(crate) reports_port: u16,
}

impl Default for DataConfig {
    fn default() -> Self {
        Self {
            instance_type: "t2.medium".to_owned(),
            ssh_cidr: None,
            schedule: "daily".to_owned(),
            looker_studio: false,
            instance_profile: None,
            reports_port: 8090,
        }
    }
}

impl DataConfig {
    /// The schedule as a systemd `OnCalendar` value.
    pub(crate) fn on_calendar(&self) -> String {
        match self.schedule.as_str() {
            "hourly" | "daily" | "weekly" => self.schedule.clone(),
            time => format!("*-*-* {time}:00"),
        }
    }

    fn check(&self) -> anyhow::Result<()> {
        let kind_and_size = self.instance_type.split_once('.');
        let valid_type = kind_and_size.is_some_and(|(kind, size)| {
            !kind.is_empty()
                && !size.is_empty()
                && kind.starts_with(|c: char| c.is_ascii_lowercase())
                && format!("{kind}{size}").chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        });
        if !valid_type {
            bail!("key `data.instance_type`: `{}` is not an EC2 instance type like t2.medium", self.instance_type);
        }
        if let Some(cidr) = &self.ssh_cidr {
            let valid = cidr.split_once('/').is_some_and(|(address, bits)| {
                address.parse::<std::net::Ipv4Addr>().is_ok() && bits.parse::<u8>().is_ok_and(|bits| bits <= 32)
            });
            if !valid {
                bail!("key `data.ssh_cidr`: `{cidr}` is not an IPv4 CIDR: give your own address, e.g. 203.0.113.7/32");
            }
            if cidr.ends_with("/0") {
                bail!(
                    "key `data.ssh_cidr`: `{cidr}` opens SSH to the whole internet: give your own address, e.g. 203.0.113.7/32, or leave it out"
                );
            }
        }
        let valid_time = |time: &str| {
            time.split_once(':').is_some_and(|(hour, minute)| {
                hour.len() == 2
                    && minute.len() == 2
                    && hour.parse::<u8>().is_ok_and(|h| h < 24)
                    && minute.parse::<u8>().is_ok_and(|m| m < 60)
            })
        };
        if !matches!(self.schedule.as_str(), "hourly" | "daily" | "weekly") && !valid_time(&self.schedule) {
            bail!(
                "key `data.schedule`: `{}` is not a schedule: use hourly, daily, weekly or a UTC time like 03:30",
                self.schedule
            );
        }
        if let Some(profile) = &self.instance_profile {
            let valid = (1..=128).contains(&profile.len())
                && profile.chars().all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
            if !valid {
                bail!(
                    "key `data.instance_profile`: `{profile}` is not an instance profile name like LabInstanceProfile"
                );
            }
        }
        if self.reports_port < 1024 || [3306, 22].contains(&self.reports_port) {
            bail!("key `data.reports_port`: use a port from 1024 up other than 3306, e.g. 8090");
        }
        Ok(())
    }
}

/// Settings of the local runtime (`musicctl up`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LocalConfig {
    /// The interface to listen on.
    pub(crate) host: std::net::IpAddr,
    /// The port to listen on.
    pub(crate) port: u16,
    /// The directory of all local state.
    pub(crate) data_dir: String,
}

/// Token settings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AuthConfig {
    /// How long a login token stays valid, in minutes.
    pub(crate) token_ttl_minutes: u32,
    /// Where the signing secret lives (AWS stages; the local stage keeps its own).
    pub(crate) jwt_secret: Option<SecretSource>,
}

/// Where a secret lives: never the secret itself.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub(crate) enum SecretSource {
    /// The name of an SSM parameter.
    SsmParameter(String),
    /// The name or ARN of a Secrets Manager secret.
    SecretsManager(String),
}

impl SecretSource {
    /// The CloudFormation dynamic reference that resolves the secret at deploy time.
    pub(crate) fn dynamic_reference(&self) -> String {
        match self {
            Self::SsmParameter(name) => format!("{{{{resolve:ssm:{name}}}}}"),
            Self::SecretsManager(id) => format!("{{{{resolve:secretsmanager:{id}:SecretString}}}}"),
        }
    }
}

/// What `musicctl up` seeds on its first start.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SeedConfig {
    /// Tenants to onboard.
    pub(crate) tenants: u16,
    /// Items per table.
    pub(crate) rows: u32,
}

/// The AWS account side of a stage.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AwsConfig {
    /// The region of every resource.
    pub(crate) region: String,
    /// An existing role for every function; none is created when set.
    pub(crate) role_arn: Option<String>,
}

/// Function settings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LambdaConfig {
    /// Memory of each function, 128 to 10240 MB.
    pub(crate) memory_mb: u32,
    /// Timeout of each function, 1 to 29 s (API Gateway waits at most 30 s).
    pub(crate) timeout_seconds: u32,
    /// How long function logs are kept.
    pub(crate) log_retention_days: u32,
}

/// How tables are billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum BillingMode {
    /// On demand.
    PayPerRequest,
    /// Fixed read and write capacity.
    Provisioned,
}

/// Table settings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DynamoConfig {
    /// On demand or provisioned.
    pub(crate) billing_mode: BillingMode,
    /// Read capacity units of each table and index, when provisioned.
    pub(crate) read_capacity: Option<u32>,
    /// Write capacity units of each table and index, when provisioned.
    pub(crate) write_capacity: Option<u32>,
    /// Keep the tables when the stack is deleted.
    pub(crate) retain_on_delete: bool,
}

/// A bucket.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BucketConfig {
    /// The bucket's globally unique name.
    pub(crate) bucket: String,
}

/// The data lake of an AWS stage: its bucket, and how much one Athena query may read.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LakeConfig {
    /// The bucket's globally unique name.
    pub(crate) bucket: String,
    /// The most one Athena query of the stage's workgroup may scan, in MB (10 at least).
    #[serde(default = "default_query_limit_mb")]
    pub(crate) query_limit_mb: u32,
}

fn default_query_limit_mb() -> u32 {
    1024
}

/// The settings every AWS stage has, checked present.
#[derive(Debug, Clone)]
pub(crate) struct AwsStage<'a> {
    pub(crate) name: &'a str,
    pub(crate) aws: &'a AwsConfig,
    pub(crate) lambda: &'a LambdaConfig,
    pub(crate) dynamodb: &'a DynamoConfig,
    pub(crate) web: &'a BucketConfig,
    pub(crate) media: &'a BucketConfig,
    pub(crate) lake: &'a LakeConfig,
    pub(crate) jwt_secret: &'a SecretSource,
    pub(crate) token_ttl_minutes: u32,
    pub(crate) tags: &'a BTreeMap<String, String>,
    pub(crate) data: DataConfig,
}

impl StageConfig {
    /// The local runtime's settings.
    pub(crate) fn local(&self) -> anyhow::Result<&LocalConfig> {
        self.local
            .as_ref()
            .with_context(|| format!("stage {} has no [local] section: it is not a local stage", self.stage))
    }

    /// The AWS settings; every AWS stage has them once validated.
    pub(crate) fn aws_stage(&self) -> anyhow::Result<AwsStage<'_>> {
        let missing = |section: &str| anyhow::anyhow!("stage {} has no [{section}] section", self.stage);
        Ok(AwsStage {
            name: &self.stage,
            aws: self.aws.as_ref().ok_or_else(|| missing("aws"))?,
            lambda: self.lambda.as_ref().ok_or_else(|| missing("lambda"))?,
            dynamodb: self.dynamodb.as_ref().ok_or_else(|| missing("dynamodb"))?,
            web: self.web.as_ref().ok_or_else(|| missing("web"))?,
            media: self.media.as_ref().ok_or_else(|| missing("media"))?,
            lake: self.lake.as_ref().ok_or_else(|| missing("lake"))?,
            jwt_secret: self.auth.jwt_secret.as_ref().ok_or_else(|| missing("auth.jwt_secret"))?,
            token_ttl_minutes: self.auth.token_ttl_minutes,
            tags: &self.tags,
            data: self.data.clone().unwrap_or_default(),
        })
    }
}

/// Where a stage file was read from.
#[derive(Debug, Clone)]
pub(crate) enum Source {
    /// A file on disk.
    File(PathBuf),
    /// The copy built into the binary.
    Embedded(String),
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::File(path) => write!(f, "{}", path.display()),
            Self::Embedded(name) => write!(f, "stages/{name}.toml (built in)"),
        }
    }
}

/// Loads stage `name` from `./stages/<name>.toml`, or the built-in copy.
pub(crate) fn load(name: &str) -> anyhow::Result<(StageConfig, Source)> {
    let path = Path::new("stages").join(format!("{name}.toml"));
    let (text, source) = if path.is_file() {
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        (text, Source::File(path))
    } else if let Some((_, text)) = EMBEDDED.iter().find(|(stage, _)| *stage == name) {
        ((*text).to_owned(), Source::Embedded(name.to_owned()))
    } else {
        let known: Vec<&str> = EMBEDDED.iter().map(|(stage, _)| *stage).collect();
        bail!("there is no stage `{name}`: create stages/{name}.toml or use one of {}", known.join(", "));
    };
    let config = parse(name, &text).with_context(|| format!("in {source}"))?;
    Ok((config, source))
}

fn require<T>(value: &Option<T>, key: &str, fix: &str) -> anyhow::Result<()> {
    if value.is_none() {
        bail!("key `{key}` is missing: {fix}");
    }
    Ok(())
}

fn valid_bucket(name: &str) -> bool {
    (3..=63).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric())
}

/// Parses and validates the text of stage file `name`.
pub(crate) fn parse(name: &str, text: &str) -> anyhow::Result<StageConfig> {
    let config: StageConfig = toml::from_str(text).map_err(|error| anyhow::anyhow!("{error}"))?;
    if config.stage != name {
        bail!("key `stage` is `{}` but the file is for stage `{name}`: make them the same", config.stage);
    }
    let valid_name =
        (1..=20).contains(&name.len()) && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !valid_name {
        bail!("key `stage`: `{name}` must be 1 to 20 lower-case letters or digits");
    }
    if config.auth.token_ttl_minutes == 0 || config.auth.token_ttl_minutes > 24 * 60 {
        bail!("key `auth.token_ttl_minutes` must be between 1 and 1440");
    }
    if name == "local" {
        require(&config.local, "local", "add a [local] section with host, port and data_dir")?;
        require(&config.seed, "seed", "add a [seed] section with tenants and rows")?;
        let local = config.local()?;
        if local.data_dir.trim().is_empty() {
            bail!("key `local.data_dir` is empty: name a directory");
        }
        let seed = config.seed.as_ref().expect("checked above");
        if seed.tenants == 0 || seed.rows == 0 {
            bail!("keys `seed.tenants` and `seed.rows` must be at least 1");
        }
        return Ok(config);
    }
    require(&config.aws, "aws", "add [aws] with region = \"us-east-1\"")?;
    require(&config.lambda, "lambda", "add [lambda] with memory_mb, timeout_seconds and log_retention_days")?;
    require(&config.dynamodb, "dynamodb", "add [dynamodb] with billing_mode and retain_on_delete")?;
    require(&config.web, "web", "add [web] with bucket = \"musicctl-<stage>-web\"")?;
    require(&config.media, "media", "add [media] with bucket = \"musicctl-<stage>-media\"")?;
    require(&config.lake, "lake", "add [lake] with bucket = \"musicctl-<stage>-lake\"")?;
    require(
        &config.auth.jwt_secret,
        "auth.jwt_secret",
        "name the secret's home, e.g. jwt_secret = { ssm_parameter = \"/musicctl/<stage>/jwt-secret\" }",
    )?;
    let stage = config.aws_stage()?;
    let region = &stage.aws.region;
    let parts: Vec<&str> = region.split('-').collect();
    let valid_region = parts.len() >= 3
        && parts[..parts.len() - 1].iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts[parts.len() - 1].parse::<u8>().is_ok();
    if !valid_region {
        bail!("key `aws.region`: `{region}` is not a region name like us-east-1");
    }
    if let Some(role) = &stage.aws.role_arn {
        let valid_role = role.starts_with("arn:aws:iam::")
            && role
                .split(':')
                .nth(4)
                .is_some_and(|account| account.len() == 12 && account.chars().all(|c| c.is_ascii_digit()))
            && role.split(':').nth(5).is_some_and(|rest| rest.starts_with("role/") && rest.len() > 5);
        if !valid_role {
            bail!("key `aws.role_arn`: `{role}` is not a role ARN like arn:aws:iam::123456789012:role/LabRole");
        }
    }
    if !(128..=10_240).contains(&stage.lambda.memory_mb) {
        bail!("key `lambda.memory_mb` must be between 128 and 10240");
    }
    if !(1..=29).contains(&stage.lambda.timeout_seconds) {
        bail!("key `lambda.timeout_seconds` must be between 1 and 29 (API Gateway waits at most 30 s)");
    }
    const RETENTION: [u32; 22] =
        [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
    if !RETENTION.contains(&stage.lambda.log_retention_days) {
        bail!("key `lambda.log_retention_days` must be one of CloudWatch's values, e.g. 7, 14, 30, 90, 365");
    }
    match (stage.dynamodb.billing_mode, stage.dynamodb.read_capacity, stage.dynamodb.write_capacity) {
        (BillingMode::Provisioned, Some(read), Some(write)) if read > 0 && write > 0 => {}
        (BillingMode::Provisioned, _, _) => {
            bail!(
                "keys `dynamodb.read_capacity` and `dynamodb.write_capacity` must be set above 0 with PROVISIONED billing"
            )
        }
        (BillingMode::PayPerRequest, None, None) => {}
        (BillingMode::PayPerRequest, _, _) => {
            bail!(
                "keys `dynamodb.read_capacity` and `dynamodb.write_capacity` only apply to PROVISIONED billing: remove them"
            )
        }
    }
    for (key, bucket) in
        [("web.bucket", &stage.web.bucket), ("media.bucket", &stage.media.bucket), ("lake.bucket", &stage.lake.bucket)]
    {
        if !valid_bucket(bucket) {
            bail!("key `{key}`: `{bucket}` is not a bucket name (3 to 63 of a-z, 0-9, '-', '.')");
        }
    }
    if stage.web.bucket == stage.media.bucket {
        bail!("keys `web.bucket` and `media.bucket` must differ: the web bucket is public, the media bucket is not");
    }
    if stage.lake.bucket == stage.web.bucket || stage.lake.bucket == stage.media.bucket {
        bail!("key `lake.bucket` must differ from `web.bucket` and `media.bucket`: the lake has its own bucket");
    }
    if stage.lake.query_limit_mb < 10 {
        bail!("key `lake.query_limit_mb` must be 10 or more: Athena's smallest per-query limit is 10 MB");
    }
    match stage.jwt_secret {
        SecretSource::SsmParameter(name) | SecretSource::SecretsManager(name) if name.trim().is_empty() => {
            bail!("key `auth.jwt_secret` names an empty secret")
        }
        _ => {}
    }
    for (key, value) in stage.tags {
        if key.is_empty() || key.len() > 128 || value.len() > 256 {
            bail!("key `tags.{key}`: tag keys have 1 to 128 characters and values at most 256");
        }
    }
    stage.data.check()?;
    if stage.aws.role_arn.is_some() && stage.data.instance_profile.is_none() {
        bail!(
            "key `data.instance_profile` is needed with `aws.role_arn` (an account that cannot create roles cannot create the data VM's either): add instance_profile = \"LabInstanceProfile\" under [data], or pass --instance-profile"
        );
    }
    Ok(config)
}

/// Expands a leading `~` to the home directory.
pub(crate) fn expand_home(path: &str) -> anyhow::Result<PathBuf> {
    match path.strip_prefix("~") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => {
            let home = std::env::var_os("HOME").context("HOME is not set: pass --data-dir or set MUSICCTL_DATA_DIR")?;
            Ok(PathBuf::from(home).join(rest.trim_start_matches('/')))
        }
        _ => Ok(PathBuf::from(path)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embedded(name: &str) -> &'static str {
        EMBEDDED.iter().find(|(stage, _)| *stage == name).unwrap().1
    }

    #[test]
    fn every_built_in_stage_is_valid() {
        for (name, text) in EMBEDDED {
            parse(name, text).unwrap_or_else(|error| panic!("{name}: {error:#}"));
        }
        assert_eq!(parse("local", embedded("local")).unwrap().local().unwrap().port, 8080);
        assert!(parse("prod", embedded("prod")).unwrap().aws_stage().unwrap().dynamodb.retain_on_delete);
    }

    fn check_error(name: &str, text: &str, needle: &str) {
        let error = format!("{:#}", parse(name, text).unwrap_err());
        assert!(error.contains(needle), "{error} should mention {needle}");
    }

    #[test]
    fn bad_files_name_the_key() {
        let local = embedded("local");
        check_error("local", &local.replace("port = 8080", "port = \"x\""), "port");
        check_error("local", &local.replace("port = 8080\n", ""), "port");
        check_error("local", &local.replace("port = 8080", "port = 8080\ncolour = 1"), "colour");
        check_error("local", &local.replace("stage = \"local\"", "stage = \"dev\""), "stage");
        check_error("local", &local.replace("token_ttl_minutes = 60", "token_ttl_minutes = 0"), "token_ttl_minutes");
        let dev = embedded("dev");
        check_error("dev", &dev.replace("region = \"us-east-1\"", "region = \"mars\""), "aws.region");
        check_error("dev", &dev.replace("region = \"us-east-1\"", ""), "region");
        check_error("dev", &dev.replace("memory_mb = 256", "memory_mb = 64"), "lambda.memory_mb");
        check_error("dev", &dev.replace("timeout_seconds = 10", "timeout_seconds = 60"), "lambda.timeout_seconds");
        check_error("dev", &dev.replace("log_retention_days = 7", "log_retention_days = 8"), "log_retention_days");
        check_error("dev", &dev.replace("bucket = \"musicctl-dev-web\"", "bucket = \"Bad_Bucket\""), "web.bucket");
        check_error("dev", &dev.replace("[media]\n", "[media]\nbucket_name = \"x\"\n"), "bucket_name");
        check_error(
            "dev",
            &dev.replace("jwt_secret = { ssm_parameter = \"/musicctl/dev/jwt-secret\" }", ""),
            "auth.jwt_secret",
        );
        check_error("dev", &dev.replace("jwt_secret = { ssm_parameter", "jwt_secret = { plain_text"), "plain_text");
        check_error(
            "dev",
            &dev.replace("# role_arn = \"arn:aws:iam::123456789012:role/LabRole\"", "role_arn = \"LabRole\""),
            "aws.role_arn",
        );
        check_error(
            "dev",
            &dev.replace("billing_mode = \"PAY_PER_REQUEST\"", "billing_mode = \"PROVISIONED\""),
            "dynamodb.read_capacity",
        );
        check_error("dev", &dev.replace("[web]", "[webb]"), "webb");
    }

    #[test]
    fn bad_data_settings_name_the_key_and_the_fix() {
        let dev = embedded("dev");
        let with = |old: &str, new: &str| dev.replace(old, new);
        check_error("dev", &with("instance_type = \"t2.medium\"", "instance_type = \"big\""), "data.instance_type");
        check_error("dev", &with("# ssh_cidr = \"203.0.113.7/32\"", "ssh_cidr = \"0.0.0.0/0\""), "whole internet");
        check_error("dev", &with("# ssh_cidr = \"203.0.113.7/32\"", "ssh_cidr = \"10.0.0.300/32\""), "data.ssh_cidr");
        check_error("dev", &with("schedule = \"daily\"", "schedule = \"25:00\""), "data.schedule");
        check_error("dev", &with("schedule = \"daily\"", "schedule = \"sometimes\""), "03:30");
        check_error("dev", &with("reports_port = 8090", "reports_port = 3306"), "data.reports_port");
        check_error(
            "dev",
            &with("# instance_profile = \"LabInstanceProfile\"", "instance_profile = \"a b\""),
            "data.instance_profile",
        );
        check_error("dev", &with("looker_studio = false", "looker = false"), "looker");
        let config = parse("dev", &with("schedule = \"daily\"", "schedule = \"03:30\"")).unwrap();
        assert_eq!(config.aws_stage().unwrap().data.on_calendar(), "*-*-* 03:30:00");
        let without = dev.split("[data]").next().unwrap().to_owned() + "[tags]" + dev.split("[tags]").nth(1).unwrap();
        assert_eq!(parse("dev", &without).unwrap().aws_stage().unwrap().data, DataConfig::default());
    }

    #[test]
    fn secrets_become_dynamic_references() {
        assert_eq!(SecretSource::SsmParameter("/a/b".into()).dynamic_reference(), "{{resolve:ssm:/a/b}}");
        assert_eq!(
            SecretSource::SecretsManager("jwt".into()).dynamic_reference(),
            "{{resolve:secretsmanager:jwt:SecretString}}"
        );
    }

    #[test]
    fn home_expands() {
        assert_eq!(expand_home("/abs").unwrap(), PathBuf::from("/abs"));
        assert_eq!(expand_home("rel/x").unwrap(), PathBuf::from("rel/x"));
        assert!(expand_home("~/x").unwrap().ends_with("x"));
    }
}
