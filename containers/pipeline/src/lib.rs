//! The data pipeline of musicctl: the lake's storage (a folder or an S3 bucket), item
//! normalising by the model's entities, the zone writers (JSON Lines, CSV, Parquet), the
//! ingest job, the catalog, the local SQL engine, the ETL into the summary database and
//! the job log. The CLI calls it; the job containers run the CLI. The service Lambdas
//! never link it.

pub mod catalog;
pub mod etl;
pub mod ingest;
pub mod joblog;
pub mod normalise;
pub mod row;
pub mod sql;
pub mod storage;
pub mod write;
