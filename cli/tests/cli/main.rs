//! End-to-end tests of musicctl: the binary (onboarding, `musicctl up` on a real socket,
//! help, stage files), the data half, and what holds across the whole platform's API (the
//! tenant isolation matrix over every route, extreme query values, Lambda entry). Each
//! service's own routes are tested in its crate (`cargo test -p songs`), on `testkit`.

mod binary;
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
mod reports;
mod search;
mod seed;
