//! The lake's catalog: the tables a SQL engine reads, as Glue records them on AWS and as
//! `musicctl crawl` infers them from the lake's files on the local stage, with the views
//! that `musicctl views create` registers. One shape for both, so that one check compares
//! either with the model's entities.

mod check;
mod infer;

use std::path::Path;

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

pub use check::{Finding, check};
pub use infer::infer;

/// The zone the catalog's tables read: the typed Parquet files.
pub const ZONE: &str = "processed";

/// A column of a catalog table, with its type named as Glue and Athena name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// The column name.
    pub name: String,
    /// The type, e.g. `string`, `bigint`, `timestamp`.
    #[serde(rename = "type")]
    pub ty: String,
}

/// One catalog table: an entity folder of the lake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// The table name (the entity folder's name).
    pub name: String,
    /// Where its files are, e.g. `processed/plays/` in the lake, or an `s3://` URL.
    pub location: String,
    /// The data columns, in file order.
    pub columns: Vec<Column>,
    /// The partition columns, outermost first.
    pub partition_keys: Vec<Column>,
    /// How many partitions the table has.
    pub partitions: u64,
    /// How many rows its files hold, where known (Glue does not count them).
    pub rows: Option<u64>,
}

/// A view: its name and the statement that makes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct View {
    /// The view name.
    pub name: String,
    /// The `CREATE OR REPLACE VIEW` statement.
    pub sql: String,
}

/// The catalog of one lake.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    /// The lake it describes.
    pub lake: String,
    /// When it was inferred, RFC 3339.
    pub crawled_at: String,
    /// The tables, by name.
    pub tables: Vec<Table>,
    /// The registered views, in the order they were made.
    #[serde(default)]
    pub views: Vec<View>,
}

impl Catalog {
    /// The table called `name`.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|table| table.name == name)
    }

    /// Reads the catalog file at `path`, or `None` when there is none yet.
    pub fn load(path: &Path) -> anyhow::Result<Option<Self>> {
        match std::fs::read(path) {
            Ok(bytes) => Ok(Some(
                serde_json::from_slice(&bytes).with_context(|| format!("reading the catalog {}", path.display()))?,
            )),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error).with_context(|| format!("reading the catalog {}", path.display())),
        }
    }

    /// Writes the catalog to `path` at once (a reader sees the old or the new one).
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let temporary = path.with_extension("json.tmp");
        std::fs::write(&temporary, serde_json::to_vec_pretty(self)?)
            .with_context(|| format!("writing {}", temporary.display()))?;
        std::fs::rename(&temporary, path).with_context(|| format!("writing the catalog {}", path.display()))
    }

    /// Adds or replaces the view called `view.name`.
    pub fn put_view(&mut self, view: View) {
        match self.views.iter_mut().find(|known| known.name == view.name) {
            Some(known) => *known = view,
            None => self.views.push(view),
        }
    }
}
