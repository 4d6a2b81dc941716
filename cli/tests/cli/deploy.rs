//! Rendering and deploying the AWS stages: cfn-lint and `serverless package` accept what
//! `musicctl render` writes, both files hold every table, index and function, and
//! `musicctl deploy` creates, keeps and destroys a stack on moto.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_musicctl");
const SERVICES: [&str; 6] = ["users", "artists", "albums", "songs", "playlists", "stats"];

/// A tool the test command installs, or `None` after saying why the test is skipped.
pub(crate) fn tool(variable: &str) -> Option<PathBuf> {
    match std::env::var(variable) {
        Ok(path) if !path.is_empty() => Some(PathBuf::from(path)),
        _ => {
            assert!(std::env::var("MUSICCTL_REQUIRE_SERVICES").is_err(), "{variable} is required");
            eprintln!("skipped: {variable} is not set (run the README's test command)");
            None
        }
    }
}

fn musicctl(cwd: &Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .current_dir(cwd)
        .args(args)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", "us-east-1")
        .env_remove("MUSICCTL_ROLE_ARN")
        .env_remove("MUSICCTL_INSTANCE_PROFILE")
        .output()
        .unwrap()
}

fn json_of(output: &std::process::Output, what: &str) -> Value {
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{what}: {}\n{stdout}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("{what} printed no JSON: {stdout}"))
}

pub(crate) fn render(cwd: &Path, stage: &str, extra: &[&str]) -> PathBuf {
    let out = cwd.join(stage);
    let mut args = vec!["render", stage, "--out", out.to_str().unwrap(), "--json"];
    args.extend_from_slice(extra);
    json_of(&musicctl(cwd, &args), "render");
    out
}

/// A zip holding one `bootstrap` file, standing in for the cargo-lambda build.
fn write_zip(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let script = "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z:\n    z.writestr('bootstrap', '#!/bin/sh\\n')\n";
    let status = Command::new("python3").args(["-c", script]).arg(dir.join("bootstrap.zip")).status().unwrap();
    assert!(status.success());
}

fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_yaml::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The ports a security group on moto opens, with their sources.
fn open_ports(endpoint: &str, group: &str) -> Vec<(i32, String)> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .load()
            .await;
        let described =
            aws_sdk_ec2::Client::new(&config).describe_security_groups().group_ids(group).send().await.unwrap();
        let mut open = Vec::new();
        for permission in described.security_groups()[0].ip_permissions() {
            for range in permission.ip_ranges() {
                open.push((permission.from_port().unwrap_or_default(), range.cidr_ip().unwrap_or_default().to_owned()));
            }
        }
        open
    })
}

/// The instance id of the data VM in a deploy report.
fn vm_id(report: &Value) -> &str {
    let resources = report["resources"].as_array().unwrap();
    resources.iter().find(|r| r["logical_id"] == "DataVm").unwrap()["physical_id"].as_str().unwrap()
}

/// Asserts that `resources` hold every table of the model with its indexes and recovery.
fn assert_tables(resources: &Value, prefix: &str) {
    for table in common::model::TABLES {
        let found = resources
            .as_object()
            .unwrap()
            .values()
            .find(|r| {
                r["Type"] == "AWS::DynamoDB::Table" && r["Properties"]["TableName"] == format!("{prefix}{}", table.name)
            })
            .unwrap_or_else(|| panic!("no table {}", table.name));
        let properties = &found["Properties"];
        assert_eq!(
            properties["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"], true,
            "{}",
            table.name
        );
        for index in table.indexes {
            let list = match index.kind {
                common::model::IndexKind::Global => "GlobalSecondaryIndexes",
                common::model::IndexKind::Local => "LocalSecondaryIndexes",
            };
            let names: Vec<&str> = properties[list]
                .as_array()
                .map(|a| a.iter().filter_map(|i| i["IndexName"].as_str()).collect())
                .unwrap_or_default();
            assert!(names.contains(&index.name), "{}: {list} lacks {}", table.name, index.name);
        }
    }
}

#[test]
fn rendered_files_hold_every_table_index_function_and_route() {
    let cwd = tempfile::tempdir().unwrap();
    for stage in ["dev", "test", "prod"] {
        let out = render(cwd.path(), stage, &[]);
        let template = yaml(&out.join("cloudformation.yaml"));
        let resources = &template["Resources"];
        assert_tables(resources, &format!("musicctl-{stage}-"));
        for service in SERVICES {
            let logical = format!("{}{}", service[..1].to_uppercase(), &service[1..]);
            let function = &resources[format!("{logical}Function")];
            assert_eq!(function["Type"], "AWS::Lambda::Function", "{stage} {service}");
            assert_eq!(function["Properties"]["Runtime"], "provided.al2023");
            assert_eq!(function["Properties"]["Architectures"][0], "arm64");
            assert_eq!(function["Properties"]["Environment"]["Variables"]["MUSICCTL_SERVICE"], service);
            let secret = function["Properties"]["Environment"]["Variables"]["MUSICCTL_JWT_SECRET"].as_str().unwrap();
            assert!(secret.starts_with("{{resolve:"), "the secret is a reference, never a literal: {secret}");
            assert_eq!(
                resources[format!("{logical}Route")]["Properties"]["RouteKey"],
                format!("ANY /{service}/{{proxy+}}")
            );
            assert_eq!(resources[format!("{logical}Role")]["Type"], "AWS::IAM::Role");
            let log = &resources[format!("{logical}LogGroup")]["Properties"]["RetentionInDays"];
            assert!(log.as_u64().is_some_and(|days| days > 0));
        }
        let serverless = yaml(&out.join("serverless.yml"));
        assert_tables(&serverless["resources"]["Resources"], "musicctl-${sls:stage}-");
        for service in SERVICES {
            let events = serverless["functions"][service]["events"]
                .as_array()
                .unwrap_or_else(|| panic!("no function {service}"));
            assert!(events.iter().any(|e| e["httpApi"]["path"] == format!("/{service}/{{proxy+}}")), "{service}");
        }
        for name in ["dev", "test", "prod"] {
            assert!(serverless["custom"]["stages"][name].is_object(), "serverless.yml lacks stage {name}");
        }
    }
}

#[test]
fn a_named_role_replaces_the_created_roles() {
    let cwd = tempfile::tempdir().unwrap();
    let role = "arn:aws:iam::123456789012:role/LabRole";
    let alone = musicctl(cwd.path(), &["render", "dev", "--role-arn", role]);
    assert!(!alone.status.success(), "a role ARN alone leaves the data VM without a profile");
    assert!(String::from_utf8_lossy(&alone.stderr).contains("--instance-profile"));
    let out = render(cwd.path(), "dev", &["--role-arn", role, "--instance-profile", "LabInstanceProfile"]);
    let template = yaml(&out.join("cloudformation.yaml"));
    let resources = template["Resources"].as_object().unwrap();
    assert!(!resources.values().any(|r| r["Type"] == "AWS::IAM::Role"), "no role is created");
    assert_eq!(resources["UsersFunction"]["Properties"]["Role"], role);
    let serverless = yaml(&out.join("serverless.yml"));
    assert_eq!(serverless["custom"]["stages"]["dev"]["iamRole"], role);
    let bad = musicctl(cwd.path(), &["render", "dev", "--role-arn", "LabRole"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("aws.role_arn"));
}

#[test]
fn an_ambient_aws_region_never_moves_a_stage() {
    let cwd = tempfile::tempdir().unwrap();
    let region_of = |env: (&str, &str)| {
        let out = cwd.path().join(env.0);
        let output = Command::new(BIN)
            .current_dir(cwd.path())
            .args(["render", "dev", "--out", out.to_str().unwrap()])
            .env_remove("AWS_REGION")
            .env_remove("MUSICCTL_REGION")
            .env(env.0, env.1)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        yaml(&out.join("serverless.yml"))["custom"]["stages"]["dev"]["region"].as_str().unwrap().to_owned()
    };
    assert_eq!(region_of(("AWS_REGION", "eu-west-3")), "us-east-1", "the stage file's region wins");
    assert_eq!(region_of(("MUSICCTL_REGION", "eu-west-3")), "eu-west-3", "musicctl's own variable overrides it");
}

#[test]
fn cfn_lint_and_serverless_package_accept_every_stage() {
    let (Some(cfn_lint), Some(serverless)) = (tool("MUSICCTL_CFN_LINT"), tool("MUSICCTL_SERVERLESS")) else { return };
    let cwd = tempfile::tempdir().unwrap();
    for stage in ["dev", "test", "prod"] {
        let out = render(cwd.path(), stage, &[]);
        let lint = Command::new(&cfn_lint).arg(out.join("cloudformation.yaml")).output().unwrap();
        assert!(lint.status.success(), "cfn-lint {stage}: {}", String::from_utf8_lossy(&lint.stdout));
        write_zip(&out.join("artifacts"));
        let package = Command::new(&serverless)
            .args(["package", "--stage", stage])
            .current_dir(&out)
            .env("SLS_TELEMETRY_DISABLED", "1")
            .env("SLS_NOTIFICATIONS_MODE", "off")
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .output()
            .unwrap();
        let said = format!("{}{}", String::from_utf8_lossy(&package.stdout), String::from_utf8_lossy(&package.stderr));
        assert!(package.status.success(), "serverless package --stage {stage}: {said}");
        assert!(out.join(".serverless/cloudformation-template-update-stack.json").is_file(), "{said}");
    }
}

#[test]
fn deploy_creates_keeps_and_destroys_a_stack_on_moto() {
    let Some(endpoint) = tool("MUSICCTL_TEST_DYNAMODB_URL") else { return };
    let endpoint = endpoint.to_string_lossy().into_owned();
    let cwd = tempfile::tempdir().unwrap();
    write_zip(&cwd.path().join("artifacts"));
    let deploy = ["deploy", "test", "--endpoint-url", &endpoint, "--artifacts", "artifacts", "--json"];
    let first = json_of(&musicctl(cwd.path(), &deploy), "first deploy");
    assert_eq!(first["status"], "created", "{first}");
    let resources = first["resources"].as_array().unwrap();
    let count = |kind: &str| resources.iter().filter(|r| r["resource_type"] == kind).count();
    assert_eq!(count("AWS::DynamoDB::Table"), common::model::TABLES.len(), "{first}");
    assert_eq!(count("AWS::Lambda::Function"), SERVICES.len(), "{first}");
    assert_eq!(count("AWS::S3::Bucket"), 3, "{first}");
    assert_eq!(count("AWS::EC2::Instance"), 1, "the data VM: {first}");
    assert_eq!(count("AWS::EC2::SecurityGroup"), 1, "{first}");
    let vm = resources.iter().find(|r| r["logical_id"] == "DataVm").unwrap();
    assert!(vm["physical_id"].as_str().unwrap().starts_with("i-"), "the data VM is an instance: {vm}");
    let group = resources.iter().find(|r| r["logical_id"] == "DataVmSecurityGroup").unwrap()["physical_id"].clone();
    assert_eq!(
        open_ports(&endpoint, group.as_str().unwrap()),
        [(8090, "0.0.0.0/0".to_owned())],
        "SSH and MySQL closed"
    );
    assert_eq!(first["bundle"], "s3://musicctl-test-lake/_bundle/musicctl-bundle.tar.gz", "{first}");
    assert!(first["bundle_bytes"].as_u64().unwrap() > 10_000, "{first}");

    // The data VM: its status, a dry-run stop that changes nothing, then stop and start.
    let vm = |action: &str, extra: &[&str]| {
        let mut args = vec!["vm", action, "test", "--endpoint-url", &endpoint, "--json"];
        args.extend_from_slice(extra);
        json_of(&musicctl(cwd.path(), &args), &format!("vm {action}"))
    };
    let status = vm("status", &[]);
    assert_eq!(status["instance_id"], vm_id(&first), "{status}");
    assert_eq!((status["state"].as_str(), status["instance_type"].as_str()), (Some("running"), Some("t2.medium")));
    assert_eq!(status["name"], "MV Ciencia Datos test");
    assert_eq!(status["usd_per_hour"], 0.0464);
    assert_eq!(vm("stop", &["--dry-run"])["state"], "running", "a dry run stops nothing");
    assert_eq!(vm("stop", &[])["state"], "stopped");
    assert_eq!(vm("start", &[])["state"], "running");
    let pitr = first["point_in_time_recovery"].as_object().unwrap();
    assert_eq!(pitr.len(), common::model::TABLES.len());
    assert!(pitr.values().all(|table| table["enabled"] == true), "{first}");
    assert!(first["web_files_uploaded"].as_u64().unwrap() >= 2, "{first}");

    let again = json_of(&musicctl(cwd.path(), &deploy), "second deploy");
    assert_eq!(again["status"], "no_changes", "{again}");
    assert_eq!(again["web_files_uploaded"], 0, "{again}");
    let dry = ["deploy", "test", "--endpoint-url", &endpoint, "--artifacts", "artifacts", "--dry-run", "--json"];
    let dry = json_of(&musicctl(cwd.path(), &dry), "dry run");
    assert_eq!(dry["status"], "dry_run");
    assert!(dry["changes"].as_array().unwrap().is_empty(), "{dry}");

    // Seeding the deployed stage puts the demo audio into its media bucket, once.
    let seed = ["seed", "--stage", "test", "--endpoint-url", &endpoint, "--tenants", "1", "--rows", "20", "--json"];
    let seeded = json_of(&musicctl(cwd.path(), &seed), "seed of the deployed stage");
    assert_eq!((seeded["status"].as_str(), seeded["audio_files"].as_u64()), (Some("seeded"), Some(6)), "{seeded}");
    let again = json_of(&musicctl(cwd.path(), &seed), "second seed");
    assert_eq!((again["status"].as_str(), again["audio_files"].as_u64()), (Some("already_seeded"), Some(0)), "{again}");

    // Tenants are onboarded on the deployed stage's tables too.
    let add = [
        "tenants",
        "add",
        "acme-radio",
        "--name",
        "Acme Radio",
        "--stage",
        "test",
        "--endpoint-url",
        &endpoint,
        "--json",
    ];
    let added = json_of(&musicctl(cwd.path(), &add), "tenants add on the deployed stage");
    assert_eq!(added["tenant"]["tenant_id"], "acme-radio");
    let list = ["tenants", "list", "--stage", "test", "--endpoint-url", &endpoint, "--json"];
    let listed = json_of(&musicctl(cwd.path(), &list), "tenants list on the deployed stage");
    let slugs: Vec<&str> = listed.as_array().unwrap().iter().filter_map(|t| t["tenant_id"].as_str()).collect();
    assert_eq!(slugs, ["acme-radio", "northwind-records"], "{listed}");

    // The stack's lake bucket (versioned) takes an ingest of the deployed stage; destroy
    // empties it, old versions included.
    let data = cwd.path().join("data");
    let ingest =
        ["--data-dir", data.to_str().unwrap(), "ingest", "--stage", "test", "--endpoint-url", &endpoint, "--json"];
    for _ in 0..2 {
        let ingested = json_of(&musicctl(cwd.path(), &ingest), "ingest of the deployed stage");
        assert_eq!(ingested["lake"], "s3://musicctl-test-lake", "{ingested}");
        let manifests = ingested["manifests"].as_array().unwrap();
        assert_eq!(manifests.len(), 6);
        assert!(
            manifests.iter().all(|m| m["reconciled"] == true && m["rows_written"].as_u64() > Some(0)),
            "{ingested}"
        );
    }

    let dry = ["destroy", "test", "--endpoint-url", &endpoint, "--dry-run", "--json"];
    let planned = json_of(&musicctl(cwd.path(), &dry), "destroy dry run");
    assert_eq!(planned["status"], "dry_run");
    assert!(!planned["resources"].as_array().unwrap().is_empty(), "{planned}");
    let still = json_of(&musicctl(cwd.path(), &deploy), "deploy after a destroy dry run");
    assert_eq!(still["status"], "no_changes", "the dry run removed nothing: {still}");

    let destroyed =
        json_of(&musicctl(cwd.path(), &["destroy", "test", "--endpoint-url", &endpoint, "--yes", "--json"]), "destroy");
    assert_eq!(destroyed["status"], "deleted");
    let gone = musicctl(cwd.path(), &["destroy", "test", "--endpoint-url", &endpoint, "--yes"]);
    assert!(!gone.status.success());
    assert!(String::from_utf8_lossy(&gone.stderr).contains("no stack"), "{}", String::from_utf8_lossy(&gone.stderr));
}
