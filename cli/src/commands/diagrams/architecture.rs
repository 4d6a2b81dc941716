//! `diagrams/architecture.md`: the solution architecture of a stage, from what `musicctl
//! render dev` makes: every resource of the stack and every service of the data VM's compose
//! file is placed in a component, and the components are joined in the direction data flows.
//! A resource type that no component claims lands in "other", so nothing is left out.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::Context as _;

use crate::render::{self, Overrides};

/// A box of the diagram: its id, group, title, and which stack resources (by type and
/// logical id) or compose services it holds.
struct Component {
    id: &'static str,
    group: &'static str,
    title: &'static str,
    holds: fn(kind: &str, logical: &str) -> bool,
    services: fn(name: &str) -> bool,
}

fn none(_: &str) -> bool {
    false
}

fn no_resource(_: &str, _: &str) -> bool {
    false
}

const COMPONENTS: [Component; 16] = [
    Component {
        id: "browser",
        group: "people",
        title: "Listeners and tenant admins (browser)",
        holds: no_resource,
        services: none,
    },
    Component {
        id: "looker",
        group: "people",
        title: "Looker Studio (read-only user)",
        holds: no_resource,
        services: none,
    },
    Component {
        id: "web",
        group: "frontend",
        title: "Web app: S3 website bucket",
        holds: |kind, logical| logical.starts_with("Web") && kind.starts_with("AWS::S3::"),
        services: none,
    },
    Component {
        id: "dashboard",
        group: "frontend",
        title: "Dashboard of the web app (ECharts)",
        holds: no_resource,
        services: none,
    },
    Component {
        id: "api",
        group: "backend",
        title: "HTTP API",
        holds: |kind, _| kind.starts_with("AWS::ApiGatewayV2::"),
        services: none,
    },
    Component {
        id: "functions",
        group: "backend",
        title: "Six Lambda functions (users, artists, albums, songs, playlists, stats)",
        holds: |kind, logical| {
            matches!(kind, "AWS::Lambda::Function" | "AWS::Lambda::Permission" | "AWS::Logs::LogGroup")
                || (kind == "AWS::IAM::Role" && !logical.starts_with("Crawler") && !logical.starts_with("DataVm"))
        },
        services: none,
    },
    Component {
        id: "tables",
        group: "backend",
        title: "DynamoDB tables (tenant in every key, GSIs, LSIs, PITR)",
        holds: |kind, _| kind == "AWS::DynamoDB::Table",
        services: none,
    },
    Component {
        id: "media",
        group: "backend",
        title: "Media bucket (songs' audio)",
        holds: |kind, logical| logical.starts_with("Media") && kind.starts_with("AWS::S3::"),
        services: none,
    },
    Component {
        id: "lake",
        group: "data",
        title: "Data lake bucket (raw, processed)",
        holds: |kind, logical| logical.starts_with("Lake") && kind.starts_with("AWS::S3::"),
        services: none,
    },
    Component {
        id: "glue",
        group: "data",
        title: "Glue database and crawlers",
        holds: |kind, logical| kind.starts_with("AWS::Glue::") || logical.starts_with("Crawler"),
        services: none,
    },
    Component {
        id: "athena",
        group: "data",
        title: "Athena workgroup (views, queries)",
        holds: |kind, _| kind.starts_with("AWS::Athena::"),
        services: none,
    },
    Component {
        id: "instance",
        group: "vm",
        title: "MV Ciencia Datos: EC2 instance, security group, instance profile",
        holds: |kind, logical| kind.starts_with("AWS::EC2::") || logical.starts_with("DataVm"),
        services: none,
    },
    Component {
        id: "ingest",
        group: "vm",
        title: "Ingest jobs",
        holds: no_resource,
        services: |name| name.starts_with("ingest-"),
    },
    Component { id: "etl", group: "vm", title: "ETL job", holds: no_resource, services: |name| name == "etl" },
    Component {
        id: "mysql",
        group: "vm",
        title: "MySQL 8 (summary tables)",
        holds: no_resource,
        services: |name| name == "mysql",
    },
    Component {
        id: "reports",
        group: "vm",
        title: "Reports API",
        holds: no_resource,
        services: |name| name == "reports",
    },
];

/// How data flows between components.
const FLOWS: [(&str, &str, &str); 16] = [
    ("browser", "web", "loads the web app"),
    ("browser", "api", "calls the six APIs with a tenant token"),
    ("api", "functions", "routes /service/…"),
    ("functions", "tables", "Query, Put, Update"),
    ("functions", "media", "presigned audio"),
    ("tables", "ingest", "parallel Scan, 100%"),
    ("ingest", "lake", "JSON Lines or CSV, Parquet"),
    ("lake", "glue", "crawled into tables"),
    ("glue", "athena", "tables and views"),
    ("lake", "athena", "scanned"),
    ("athena", "etl", "summary queries"),
    ("etl", "mysql", "summary tables, in one transaction"),
    ("mysql", "reports", "read per tenant"),
    ("reports", "dashboard", "figures, with tenant tokens"),
    ("dashboard", "browser", "charts"),
    ("mysql", "looker", "when data.looker_studio"),
];

const GROUPS: [(&str, &str); 5] = [
    ("people", "People and tools"),
    ("frontend", "Frontend"),
    ("backend", "Backend (serverless)"),
    ("data", "Data half (serverless)"),
    ("vm", "Data VM (Docker Compose)"),
];

/// The Markdown text of `diagrams/architecture.md`, from the rendered dev stage.
pub(crate) fn markdown() -> anyhow::Result<String> {
    let config = render::load_stage("dev", &Overrides::default())?;
    let rendered = render::render(&config)?;
    let template: serde_yaml::Value = serde_yaml::from_str(&rendered.cloudformation).context("reading the template")?;
    let compose: serde_yaml::Value = serde_yaml::from_str(&rendered.compose).context("reading the compose file")?;
    let resources: Vec<(String, String)> = template["Resources"]
        .as_mapping()
        .context("the template has no resources")?
        .iter()
        .filter_map(|(logical, resource)| Some((logical.as_str()?.to_owned(), resource["Type"].as_str()?.to_owned())))
        .collect();
    let services: Vec<String> = compose["services"]
        .as_mapping()
        .context("the compose file has no services")?
        .keys()
        .filter_map(|name| name.as_str().map(str::to_owned))
        .collect();

    // Each component's resource types (with how many) and compose services.
    let mut held: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
    let mut other: BTreeMap<String, usize> = BTreeMap::new();
    for (logical, kind) in &resources {
        match COMPONENTS.iter().find(|c| (c.holds)(kind, logical)) {
            Some(component) => *held.entry(component.id).or_default().entry(kind.clone()).or_default() += 1,
            None => *other.entry(kind.clone()).or_default() += 1,
        }
    }
    for service in &services {
        if let Some(component) = COMPONENTS.iter().find(|c| (c.services)(service)) {
            *held.entry(component.id).or_default().entry(format!("compose service {service}")).or_default() += 1;
        }
    }

    let mut out = String::new();
    out.push_str("# Solution architecture\n\n");
    out.push_str("Generated by `musicctl diagrams` from the resources of `musicctl render dev` (the stack and\n");
    out.push_str("the data VM's compose file); do not edit by hand. Every AWS stage has the same shape.\n");
    out.push_str("Arrows follow the data. Locally, `musicctl up` stands in for the whole backend and the\n");
    out.push_str("reports API, an embedded store for DynamoDB, a folder for the buckets, DataFusion for\n");
    out.push_str("Athena and SQLite for MySQL.\n\n");
    out.push_str("```mermaid\nflowchart LR\n");
    for (group, title) in GROUPS {
        let _ = writeln!(out, "    subgraph {group} [\"{title}\"]");
        for component in COMPONENTS.iter().filter(|c| c.group == group) {
            let mut label = component.title.to_owned();
            for (part, count) in held.get(component.id).into_iter().flatten() {
                let times = if *count > 1 { format!(" ×{count}") } else { String::new() };
                let _ = write!(label, "<br/>{part}{times}");
            }
            let _ = writeln!(out, "        {}[\"{label}\"]", component.id);
        }
        out.push_str("    end\n");
    }
    if !other.is_empty() {
        let parts: Vec<String> = other.iter().map(|(kind, count)| format!("{kind} ×{count}")).collect();
        let _ = writeln!(out, "    other[\"Other resources<br/>{}\"]", parts.join("<br/>"));
    }
    for (from, to, what) in FLOWS {
        let _ = writeln!(out, "    {from} -->|{what}| {to}");
    }
    out.push_str("```\n");
    Ok(out)
}
