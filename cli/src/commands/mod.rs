//! One module per subcommand.

pub(crate) mod crawl;
pub(crate) mod diagrams;
pub(crate) mod etl;
pub(crate) mod ingest;
pub(crate) mod logs;
pub(crate) mod pipeline;
pub(crate) mod query;
pub(crate) mod reindex;
pub(crate) mod render;
pub(crate) mod reports;
pub(crate) mod tenants;
pub(crate) mod up;
pub(crate) mod views;
pub(crate) mod vm;
