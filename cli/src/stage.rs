//! Stage configuration: `stages/<stage>.toml`, from the current directory when present,
//! else the copy built into the binary, validated into one typed struct before any work.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use serde::Deserialize;

/// The stage files built into the binary, so musicctl works from any directory.
const EMBEDDED: &[(&str, &str)] = &[("local", include_str!("../../stages/local.toml"))];

/// A validated stage configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StageConfig {
    /// The stage name; must match the file name.
    pub(crate) stage: String,
    /// Settings of the local runtime.
    pub(crate) local: LocalConfig,
    /// Token settings.
    pub(crate) auth: AuthConfig,
    /// What `musicctl up` seeds on its first start.
    pub(crate) seed: SeedConfig,
}

/// What `musicctl up` seeds on its first start.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SeedConfig {
    /// Tenants to onboard.
    pub(crate) tenants: u16,
    /// Items per table.
    pub(crate) rows: u32,
}

/// Settings of the local runtime (`musicctl up`).
#[derive(Debug, Clone, Deserialize)]
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
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AuthConfig {
    /// How long a login token stays valid, in minutes.
    pub(crate) token_ttl_minutes: u32,
}

/// Where a stage file was read from.
#[derive(Debug, Clone)]
pub(crate) enum Source {
    /// A file on disk.
    File(PathBuf),
    /// The copy built into the binary.
    Embedded,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::File(path) => write!(f, "{}", path.display()),
            Self::Embedded => f.write_str("the built-in stage file"),
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
        ((*text).to_owned(), Source::Embedded)
    } else {
        let known: Vec<&str> = EMBEDDED.iter().map(|(stage, _)| *stage).collect();
        bail!("there is no stage `{name}`: create stages/{name}.toml or use one of {}", known.join(", "));
    };
    let config = parse(name, &text).with_context(|| format!("in {source}"))?;
    Ok((config, source))
}

/// Parses and validates the text of stage file `name`.
pub(crate) fn parse(name: &str, text: &str) -> anyhow::Result<StageConfig> {
    let config: StageConfig = toml::from_str(text).map_err(|error| anyhow::anyhow!("{error}"))?;
    if config.stage != name {
        bail!("key `stage` is `{}` but the file is for stage `{name}`: make them the same", config.stage);
    }
    if config.auth.token_ttl_minutes == 0 || config.auth.token_ttl_minutes > 24 * 60 {
        bail!("key `auth.token_ttl_minutes` must be between 1 and 1440");
    }
    if config.seed.tenants == 0 || config.seed.rows == 0 {
        bail!("keys `seed.tenants` and `seed.rows` must be at least 1");
    }
    if config.local.data_dir.trim().is_empty() {
        bail!("key `local.data_dir` is empty: name a directory");
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

    #[test]
    fn the_built_in_local_stage_is_valid() {
        let config = parse("local", EMBEDDED[0].1).unwrap();
        assert_eq!(config.local.port, 8080);
    }

    fn check_error(text: &str, needle: &str) {
        let error = format!("{:#}", parse("local", text).unwrap_err());
        assert!(error.contains(needle), "{error} should mention {needle}");
    }

    #[test]
    fn bad_files_name_the_key() {
        let good = EMBEDDED[0].1;
        check_error(&good.replace("port = 8080", "port = \"x\""), "port");
        check_error(&good.replace("port = 8080\n", ""), "port");
        check_error(&good.replace("port = 8080", "port = 8080\ncolour = 1"), "colour");
        check_error(&good.replace("stage = \"local\"", "stage = \"dev\""), "stage");
        check_error(&good.replace("token_ttl_minutes = 60", "token_ttl_minutes = 0"), "token_ttl_minutes");
    }

    #[test]
    fn home_expands() {
        assert_eq!(expand_home("/abs").unwrap(), PathBuf::from("/abs"));
        assert_eq!(expand_home("rel/x").unwrap(), PathBuf::from("rel/x"));
        assert!(expand_home("~/x").unwrap().ends_with("x"));
    }
}
