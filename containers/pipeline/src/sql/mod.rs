//! SQL over the lake: the views and named queries of `templates/sql/`, the read-only guard
//! and tenant filter shared with Athena, the local engine (Apache DataFusion over the
//! catalog's Parquet tables) and the result sets both engines print.

pub mod engine;
pub mod files;
pub mod guard;
pub mod result;

pub use engine::Engine;
pub use files::{QUERIES, SqlFile, VIEWS};
pub use result::{OutputFormat, ResultSet};
