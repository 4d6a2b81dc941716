//! End-to-end tests of musicctl: the binary (onboarding, `musicctl up` on a real socket,
//! help, stage files) and the whole platform's API in-process (catalog, playlists, stats,
//! streaming, and the tenant isolation matrix over every route).

mod binary;
mod catalog;
mod concurrency;
mod data_vm;
mod deploy;
mod etl;
mod extremes;
mod http;
mod ingest;
mod isolation;
mod jobs;
mod lake_sql;
mod lambda;
mod platform;
mod playlists;
mod reports;
mod seed;
mod stats;
mod stream;
