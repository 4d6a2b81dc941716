//! Compares a catalog, Glue's or the inferred one, with the model's entities: every entity
//! must be a table with its columns, types and partition keys, and CSV headers must have
//! been read (a crawler that missed the header names the columns `col0`, `col1`, …).

use std::fmt;

use common::lake::{ENTITIES, EntityDef};
use serde::Serialize;

use super::{Catalog, Table};

/// One way the catalog differs from the model, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The table concerned.
    pub table: String,
    /// What is wrong.
    pub problem: String,
    /// What to do next.
    pub fix: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "table {}: {}; {}", self.table, self.problem, self.fix)
    }
}

/// Every difference between `catalog` and the model's entities; empty when they agree.
/// Tables the model does not know are left alone.
pub fn check(catalog: &Catalog) -> Vec<Finding> {
    ENTITIES.iter().flat_map(|entity| check_entity(entity, catalog.table(entity.name))).collect()
}

fn check_entity(entity: &EntityDef, table: Option<&Table>) -> Vec<Finding> {
    let finding = |problem: String, fix: &str| Finding { table: entity.name.to_owned(), problem, fix: fix.to_owned() };
    let Some(table) = table else {
        return vec![finding(
            "missing from the catalog".to_owned(),
            "run `musicctl ingest` so that the lake holds the entity, then `musicctl crawl`",
        )];
    };
    if table.columns.iter().any(|column| is_generated_name(&column.name)) {
        return vec![finding(
            "its columns are named col0, col1, …: the crawler did not see a header".to_owned(),
            "catalog the Parquet zone (`processed/`), or give the crawler a CSV classifier with a header",
        )];
    }
    let mut findings = Vec::new();
    for column in entity.columns {
        match table.columns.iter().find(|found| found.name == column.name) {
            None => findings.push(finding(
                format!("column {} is missing", column.name),
                "re-run `musicctl ingest` with this version, then `musicctl crawl`",
            )),
            Some(found) if !same_type(&found.ty, column.ty.sql_name()) => findings.push(finding(
                format!("column {} is {}, the model says {}", column.name, found.ty, column.ty.sql_name()),
                "re-run `musicctl ingest` so that every file has the model's types, then `musicctl crawl`",
            )),
            Some(_) => {}
        }
    }
    let expected: Vec<&str> = entity.partition_columns().to_vec();
    let found: Vec<&str> = table.partition_keys.iter().map(|key| key.name.as_str()).collect();
    if found != expected {
        findings.push(finding(
            format!("partition keys are ({}), the model says ({})", found.join(", "), expected.join(", ")),
            "crawl each entity folder on its own, with the table level set at the entity folder",
        ));
    }
    if let Some(key) = table.partition_keys.iter().find(|key| !same_type(&key.ty, "string")) {
        findings.push(finding(
            format!("partition key {} is {}, the model says string", key.name, key.ty),
            "set the partition key's type to string in the catalog",
        ));
    }
    findings
}

/// Whether a crawler named the column itself (`col0`, `col12`).
fn is_generated_name(name: &str) -> bool {
    name.strip_prefix("col").is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether the catalog type `found` is the model's `expected`; Glue writes some types with
/// parameters or in upper case.
fn same_type(found: &str, expected: &str) -> bool {
    let found = found.trim().to_ascii_lowercase();
    found == expected || (expected == "string" && found.starts_with("varchar"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Column;

    /// The model's table for `entity`, as a crawler of its Parquet files should record it.
    fn model_columns(entity: &EntityDef) -> Vec<Column> {
        entity
            .columns
            .iter()
            .map(|column| Column { name: column.name.to_owned(), ty: column.ty.sql_name().to_owned() })
            .collect()
    }

    fn model_catalog() -> Catalog {
        let tables = ENTITIES
            .iter()
            .map(|entity| Table {
                name: entity.name.to_owned(),
                location: format!("processed/{}/", entity.name),
                columns: model_columns(entity),
                partition_keys: entity
                    .partition_columns()
                    .iter()
                    .map(|name| Column { name: (*name).to_owned(), ty: "string".to_owned() })
                    .collect(),
                partitions: 1,
                rows: None,
            })
            .collect();
        Catalog { tables, ..Catalog::default() }
    }

    #[test]
    fn the_model_itself_passes() {
        assert_eq!(check(&model_catalog()), vec![]);
    }

    #[test]
    fn a_missing_table_says_to_ingest_and_crawl() {
        let mut catalog = model_catalog();
        catalog.tables.retain(|table| table.name != "plays");
        let findings = check(&catalog);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].table, "plays");
        assert!(findings[0].fix.contains("musicctl crawl"), "{}", findings[0]);
    }

    #[test]
    fn missing_columns_other_types_and_headerless_csv_are_found() {
        let mut catalog = model_catalog();
        let songs = catalog.tables.iter_mut().find(|table| table.name == "songs").unwrap();
        songs.columns.retain(|column| column.name != "title");
        songs.columns.iter_mut().find(|column| column.name == "duration_ms").unwrap().ty = "string".to_owned();
        let users = catalog.tables.iter_mut().find(|table| table.name == "users").unwrap();
        users.columns = (0..6).map(|n| Column { name: format!("col{n}"), ty: "string".to_owned() }).collect();
        let plays = catalog.tables.iter_mut().find(|table| table.name == "plays").unwrap();
        plays.partition_keys.pop();
        let problems: Vec<String> = check(&catalog).iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 4, "{problems:#?}");
        assert!(problems[0].contains("users") && problems[0].contains("header"));
        assert!(problems[1].contains("column title is missing"));
        assert!(problems[2].contains("column duration_ms is string, the model says bigint"));
        assert!(problems[3].contains("partition keys are (tenant_id), the model says (tenant_id, dt)"));
    }

    #[test]
    fn glue_spellings_of_types_are_accepted() {
        assert!(same_type("VARCHAR(64)", "string"));
        assert!(same_type("BIGINT", "bigint"));
        assert!(!same_type("int", "bigint"));
        assert!(is_generated_name("col0") && !is_generated_name("col") && !is_generated_name("color"));
    }
}
