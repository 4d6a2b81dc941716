//! The local stage's state: one data directory holding the store, the token secret and,
//! later, media, lake and logs, shared by every subcommand.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use common::AuthKeys;
use common::model::TABLES;
use common::store::{EmbeddedStore, Store as _};
use secrecy::SecretString;

use crate::stage::{self, StageConfig};

/// The local stage, opened.
pub(crate) struct LocalStage {
    /// The stage configuration.
    pub(crate) config: StageConfig,
    /// The data directory.
    pub(crate) data_dir: PathBuf,
    /// The store, with every table created.
    pub(crate) store: Arc<EmbeddedStore>,
}

impl LocalStage {
    /// Opens the local stage in `data_dir` (or the stage file's default), creating the
    /// directory and the tables on first use.
    pub(crate) async fn open(data_dir: Option<&Path>) -> anyhow::Result<Self> {
        let (config, _) = stage::load("local")?;
        let data_dir = self::data_dir(data_dir)?;
        let store_path = data_dir.join("store.sqlite");
        let store =
            EmbeddedStore::open(&store_path).with_context(|| format!("opening the store {}", store_path.display()))?;
        store.create_tables(&TABLES).await.context("creating the local tables")?;
        Ok(Self { config, data_dir, store: Arc::new(store) })
    }

    /// The token keys: the secret lives in `<data dir>/jwt-secret`, made on first use.
    pub(crate) fn auth_keys(&self) -> anyhow::Result<AuthKeys> {
        let path = self.data_dir.join("jwt-secret");
        let secret = secret_file(&self.data_dir, "jwt-secret")?;
        let ttl = Duration::from_secs(u64::from(self.config.auth.token_ttl_minutes) * 60);
        AuthKeys::from_secret(&SecretString::from(secret), ttl)
            .with_context(|| format!("the secret in {} is unusable; delete the file to make a new one", path.display()))
    }
}

/// The data directory: `--data-dir` (or `MUSICCTL_DATA_DIR`), else the local stage file's,
/// created when missing. Jobs of AWS stages keep their work files and logs there too.
pub(crate) fn data_dir(data_dir: Option<&Path>) -> anyhow::Result<PathBuf> {
    let data_dir = match data_dir {
        Some(dir) => dir.to_path_buf(),
        None => stage::expand_home(&stage::load("local")?.0.local()?.data_dir)?,
    };
    std::fs::create_dir_all(&data_dir)
        .with_context(|| format!("creating the data directory {}; pick another with --data-dir", data_dir.display()))?;
    Ok(data_dir)
}

/// The secret in `<data dir>/<name>`, made on first use (readable by its owner only).
pub(crate) fn secret_file(data_dir: &Path, name: &str) -> anyhow::Result<String> {
    let path = data_dir.join(name);
    if !path.is_file() {
        // Another process may make the file at the same moment; then its secret wins.
        let _ = write_private(&path, &new_secret()?);
    }
    let secret = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    Ok(secret.trim().to_owned())
}

fn new_secret() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|error| anyhow::anyhow!("no randomness for the token secret: {error}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).with_context(|| format!("creating {}", path.display()))?;
    file.write_all(text.as_bytes()).with_context(|| format!("writing {}", path.display()))
}
