//! One module per subcommand.

pub(crate) mod diagrams;
pub(crate) mod ingest;
pub(crate) mod logs;
pub(crate) mod render;
pub(crate) mod tenants;
pub(crate) mod up;
