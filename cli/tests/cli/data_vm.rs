//! The data VM's files from `musicctl render`: a compose file that Debian's docker-compose
//! accepts with every job, MySQL with its volume and health check, the reports API, one log
//! folder, no secret written in; a first-boot script that shellcheck accepts; and the
//! `[data]` settings reaching both.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::deploy::{render, tool};

const JOBS: [&str; 7] =
    ["ingest-users", "ingest-artists", "ingest-albums", "ingest-songs", "ingest-playlists", "ingest-stats", "etl"];

/// The variables the compose file requires, as the VM's environment file gives them.
const ENVIRONMENT: [(&str, &str); 5] = [
    ("MUSICCTL_LAKE_KEY", "k"),
    ("MUSICCTL_MYSQL_PASSWORD", "p"),
    ("MUSICCTL_MYSQL_ROOT_PASSWORD", "r"),
    ("MUSICCTL_JWT_SECRET", "s"),
    ("MUSICCTL_MYSQL_READER_PASSWORD", "q"),
];

fn compose_config(compose: &Path, file: &Path, with_environment: bool) -> std::process::Output {
    let mut command = Command::new(compose);
    command.arg("-f").arg(file).args(["config", "-q"]).current_dir(file.parent().unwrap());
    for (name, value) in ENVIRONMENT {
        command.env_remove(name);
        if with_environment {
            command.env(name, value);
        }
    }
    command.output().unwrap()
}

/// The compose file with its `<<` merge keys applied, as compose reads it.
fn compose_of(path: &Path) -> Value {
    let mut value: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    value.apply_merge().unwrap();
    serde_json::to_value(value).unwrap()
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_else(|| panic!("not text: {value:?}"))
}

#[test]
fn every_stage_renders_a_compose_file_and_boot_script_that_their_tools_accept() {
    let cwd = tempfile::tempdir().unwrap();
    let docker_compose = tool("MUSICCTL_DOCKER_COMPOSE");
    let shellcheck = tool("MUSICCTL_SHELLCHECK");
    for stage in ["dev", "test", "prod"] {
        let out = render(cwd.path(), stage, &[]);
        let file = out.join("docker-compose.yml");
        let compose = compose_of(&file);
        let services = compose["services"].as_object().unwrap();
        let mut names: Vec<&str> = services.keys().map(String::as_str).collect();
        names.sort_unstable();
        let mut expected: Vec<&str> = JOBS.iter().copied().chain(["mysql", "reports"]).collect();
        expected.sort_unstable();
        assert_eq!(names, expected, "{stage}: the six ingest jobs, etl, mysql and reports");
        for job in JOBS {
            let service = &compose["services"][job];
            let volumes: Vec<&str> = service["volumes"].as_array().unwrap().iter().map(text).collect();
            assert!(volumes.contains(&"/var/log/musicctl:/var/log/musicctl"), "{stage} {job} logs to the one folder");
            assert_eq!(service["environment"]["MUSICCTL_STAGE"], Value::from(stage));
            assert!(text(&service["environment"]["MUSICCTL_LAKE_KEY"]).starts_with("${MUSICCTL_LAKE_KEY:?"));
        }
        assert_eq!(compose["services"]["ingest-songs"]["environment"]["MUSICCTL_SERVICE"], Value::from("songs"));
        let mysql = &compose["services"]["mysql"];
        assert!(text(&mysql["image"]).starts_with("mysql:8"));
        assert!(mysql["healthcheck"]["test"].is_array());
        assert_eq!(text(&mysql["volumes"][0]), "mysql-data:/var/lib/mysql");
        assert!(compose["volumes"]["mysql-data"].is_null() || compose["volumes"]["mysql-data"].is_object());
        assert!(mysql.get("ports").is_none(), "{stage}: MySQL stays closed without Looker Studio");
        for (service, name) in
            [("mysql", "MYSQL_PASSWORD"), ("mysql", "MYSQL_ROOT_PASSWORD"), ("reports", "MUSICCTL_JWT_SECRET")]
        {
            let value = text(&compose["services"][service]["environment"][name]);
            assert!(value.starts_with("${") && value.ends_with('}'), "{stage} {service}.{name} is no literal: {value}");
        }
        assert_eq!(compose["services"]["reports"]["ports"][0], Value::from("8090:8090"));

        let user_data = std::fs::read_to_string(out.join("user-data.sh")).unwrap();
        assert!(user_data.starts_with("#!/bin/bash\n"));
        assert!(user_data.contains(&format!("s3://musicctl-{stage}-lake/_bundle/musicctl-bundle.tar.gz")));
        assert!(user_data.contains("OnCalendar=daily") && user_data.contains("/var/log/musicctl"));
        assert!(user_data.contains(&format!("/musicctl/{stage}/jwt-secret")), "{stage}: the token secret from SSM");

        if let Some(docker_compose) = &docker_compose {
            let accepted = compose_config(docker_compose, &file, true);
            assert!(
                accepted.status.success(),
                "docker-compose config {stage}: {}",
                String::from_utf8_lossy(&accepted.stderr)
            );
            let refused = compose_config(docker_compose, &file, false);
            assert!(!refused.status.success(), "{stage}: a missing secret stops compose");
            assert!(String::from_utf8_lossy(&refused.stderr).contains("MUSICCTL_"), "names the missing variable");
        }
        if let Some(shellcheck) = &shellcheck {
            let checked = Command::new(shellcheck).arg(out.join("user-data.sh")).output().unwrap();
            assert!(checked.status.success(), "shellcheck {stage}: {}", String::from_utf8_lossy(&checked.stdout));
        }
    }
}

#[test]
fn data_settings_reach_the_compose_file_and_the_boot_script() {
    let cwd = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(cwd.path().join("stages")).unwrap();
    let dev = include_str!("../../../stages/dev.toml")
        .replace("looker_studio = false", "looker_studio = true")
        .replace("schedule = \"daily\"", "schedule = \"03:30\"")
        .replace("reports_port = 8090", "reports_port = 9100");
    std::fs::write(cwd.path().join("stages/dev.toml"), dev).unwrap();
    let out = render(cwd.path(), "dev", &[]);
    let compose = compose_of(&out.join("docker-compose.yml"));
    assert_eq!(compose["services"]["mysql"]["ports"][0], Value::from("3306:3306"));
    assert_eq!(compose["services"]["reports"]["ports"][0], Value::from("9100:9100"));
    let user_data = std::fs::read_to_string(out.join("user-data.sh")).unwrap();
    assert!(user_data.contains("OnCalendar=*-*-* 03:30:00"), "{user_data}");
}

/// The template with CloudFormation's short forms left out (the templates use none).
fn template_of(out: &Path) -> Value {
    compose_of(&out.join("cloudformation.yaml"))
}

fn ingress(template: &Value) -> Vec<(i64, String)> {
    let rules = template["Resources"]["DataVmSecurityGroup"]["Properties"]["SecurityGroupIngress"].as_array().unwrap();
    rules
        .iter()
        .map(|rule| {
            let source = rule.get("CidrIp").or_else(|| rule.get("CidrIpv6")).unwrap();
            (rule["FromPort"].as_i64().unwrap(), text(source).to_owned())
        })
        .collect()
}

#[test]
fn each_stage_declares_its_data_vm_closed_by_default() {
    let cwd = tempfile::tempdir().unwrap();
    for stage in ["dev", "test", "prod"] {
        let out = render(cwd.path(), stage, &[]);
        let template = template_of(&out);
        let vm = &template["Resources"]["DataVm"];
        assert_eq!(vm["Type"], "AWS::EC2::Instance");
        let properties = &vm["Properties"];
        assert_eq!(properties["InstanceType"], "t2.medium");
        assert_eq!(properties["ImageId"]["Ref"], "DataVmImage");
        assert_eq!(
            template["Parameters"]["DataVmImage"]["Default"],
            "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
        );
        assert_eq!(properties["MetadataOptions"]["HttpTokens"], "required", "IMDSv2 only");
        assert_eq!(properties["BlockDeviceMappings"][0]["Ebs"]["Encrypted"], true);
        let tags = properties["Tags"].as_array().unwrap();
        assert!(tags.iter().any(|t| t["Key"] == "Name" && t["Value"] == format!("MV Ciencia Datos {stage}")));
        let boot = text(&properties["UserData"]["Fn::Base64"]);
        let rendered = std::fs::read_to_string(out.join("user-data.sh")).unwrap();
        assert_eq!(boot.trim_end(), rendered.trim_end(), "{stage}: the VM boots with the rendered script");
        assert_eq!(ingress(&template), [(8090, "0.0.0.0/0".to_owned())], "{stage}: only the reports API is open");
        assert_eq!(properties["IamInstanceProfile"]["Ref"], "DataVmInstanceProfile");
        let policy = &template["Resources"]["DataVmRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
        let sids: Vec<&str> = policy.as_array().unwrap().iter().map(|s| text(&s["Sid"])).collect();
        assert_eq!(sids, ["Lake", "ListLake", "ReadTables", "Catalog", "Sql", "Secrets"]);
        assert!(template["Outputs"]["ReportsUrl"].is_object());
    }
}

#[test]
fn ssh_looker_studio_and_an_instance_profile_open_only_what_they_name() {
    let cwd = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(cwd.path().join("stages")).unwrap();
    let dev = include_str!("../../../stages/dev.toml")
        .replace("looker_studio = false", "looker_studio = true")
        .replace("# ssh_cidr = \"203.0.113.7/32\"", "ssh_cidr = \"203.0.113.7/32\"")
        .replace("# instance_profile = \"LabInstanceProfile\"", "instance_profile = \"LabInstanceProfile\"");
    std::fs::write(cwd.path().join("stages/dev.toml"), dev).unwrap();
    let template = template_of(&render(cwd.path(), "dev", &[]));
    let mut rules = ingress(&template);
    rules.sort();
    let expected =
        [(22, "203.0.113.7/32"), (3306, "142.251.74.0/23"), (3306, "2001:4860:4807::/48"), (8090, "0.0.0.0/0")];
    assert_eq!(rules, expected.map(|(port, cidr)| (port, cidr.to_owned())));
    assert_eq!(template["Resources"]["DataVm"]["Properties"]["IamInstanceProfile"], "LabInstanceProfile");
    assert!(template["Resources"].get("DataVmRole").is_none(), "no role is made where one is given");
}

#[test]
fn the_architecture_diagram_names_every_resource_type_and_compose_service() {
    let cwd = tempfile::tempdir().unwrap();
    let out = render(cwd.path(), "dev", &[]);
    let diagram =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../diagrams/architecture.md")).unwrap();
    let template = template_of(&out);
    for (logical, resource) in template["Resources"].as_object().unwrap() {
        let kind = text(&resource["Type"]);
        assert!(diagram.contains(kind), "diagrams/architecture.md lacks {kind} ({logical}): run `musicctl diagrams`");
    }
    for service in compose_of(&out.join("docker-compose.yml"))["services"].as_object().unwrap().keys() {
        assert!(diagram.contains(&format!("compose service {service}")), "diagrams/architecture.md lacks {service}");
    }
    for part in ["MV Ciencia Datos", "Looker Studio", "Dashboard", "-->|"] {
        assert!(diagram.contains(part), "{part}");
    }
}

/// A compose service's command and environment, with the VM's secrets and folders replaced
/// by this test's: what `docker compose run <service>` would start, run directly here.
fn service_run(
    compose: &Value,
    service: &str,
    work: &Path,
    replace: &[(&str, &str)],
) -> (Vec<String>, Vec<(String, String)>) {
    let spec = &compose["services"][service];
    let command: Vec<String> = spec["command"].as_array().unwrap().iter().map(|part| text(part).to_owned()).collect();
    let mut environment = Vec::new();
    for (name, value) in spec["environment"].as_object().unwrap() {
        let mut value = match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        for (from, to) in replace {
            value = value.replace(from, to);
        }
        environment.push((name.clone(), value));
    }
    let logs = work.join("logs");
    environment.retain(|(name, _)| name != "MUSICCTL_LOG_DIR" && name != "MUSICCTL_DATA_DIR");
    environment.push(("MUSICCTL_LOG_DIR".to_owned(), logs.display().to_string()));
    environment.push(("MUSICCTL_DATA_DIR".to_owned(), work.join("data").display().to_string()));
    (command, environment)
}

fn run_service(cwd: &Path, command: &[String], environment: &[(String, String)]) -> std::process::Output {
    let mut run = Command::new(crate::jobs::BIN);
    run.current_dir(cwd).args(command).env_remove("MUSICCTL_STAGE").env_remove("MUSICCTL_DATABASE_URL");
    for (name, value) in environment {
        run.env(name, value);
    }
    run.output().unwrap()
}

#[tokio::test]
async fn the_compose_services_commands_do_their_jobs_when_run_directly() {
    let (Some(moto), Some(_)) = (tool("MUSICCTL_TEST_DYNAMODB_URL"), tool("MUSICCTL_TEST_MYSQL_URL")) else { return };
    let moto = moto.to_string_lossy().into_owned();
    let server = std::env::var("MUSICCTL_TEST_MYSQL_URL").unwrap();
    let cwd = tempfile::tempdir().unwrap();
    // A stage of its own, so that other tests on the same moto are not disturbed.
    std::fs::create_dir_all(cwd.path().join("stages")).unwrap();
    let wire = include_str!("../../../stages/test.toml")
        .replace("stage = \"test\"", "stage = \"wire\"")
        .replace("musicctl-test-", "musicctl-wire-")
        .replace("/musicctl/test/", "/musicctl/wire/");
    std::fs::write(cwd.path().join("stages/wire.toml"), wire).unwrap();
    let aws = |args: &[&str]| {
        let output = Command::new(crate::jobs::BIN)
            .current_dir(cwd.path())
            .args(args)
            .args(["--endpoint-url", &moto])
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env("AWS_REGION", "us-east-1")
            .env_remove("MUSICCTL_ROLE_ARN")
            .env_remove("MUSICCTL_STAGE")
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    };
    std::fs::create_dir_all(cwd.path().join("artifacts")).unwrap();
    let zip = "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z:\n    z.writestr('bootstrap', '#!/bin/sh\\n')\n";
    assert!(
        Command::new("python3")
            .args(["-c", zip])
            .arg(cwd.path().join("artifacts/bootstrap.zip"))
            .status()
            .unwrap()
            .success()
    );
    aws(&["deploy", "wire", "--artifacts", "artifacts", "--skip-web-build", "--json"]);
    aws(&["seed", "--stage", "wire", "--tenants", "1", "--rows", "30", "--no-demo-accounts", "--json"]);
    let out = render(cwd.path(), "wire", &[]);
    let compose = compose_of(&out.join("docker-compose.yml"));
    let work = cwd.path().join("vm");

    // Each ingest job, with the VM's environment (AWS behind moto here), fills the lake.
    for service in ["users", "artists", "albums", "songs", "playlists", "stats"] {
        let (command, mut environment) = service_run(
            &compose,
            &format!("ingest-{service}"),
            &work,
            &[("${MUSICCTL_LAKE_KEY:?the lake key, from SSM /musicctl/wire/lake-key}", "wiring key")],
        );
        environment.push(("MUSICCTL_ENDPOINT_URL".to_owned(), moto.clone()));
        environment.push(("AWS_ACCESS_KEY_ID".to_owned(), "test".to_owned()));
        environment.push(("AWS_SECRET_ACCESS_KEY".to_owned(), "test".to_owned()));
        assert!(environment.iter().all(|(_, value)| !value.contains("${")), "{environment:?}");
        let ran = run_service(cwd.path(), &command, &environment);
        assert!(ran.status.success(), "ingest-{service}: {}", String::from_utf8_lossy(&ran.stderr));
        assert!(
            String::from_utf8_lossy(&ran.stdout).contains("s3://musicctl-wire-lake"),
            "{}",
            String::from_utf8_lossy(&ran.stdout)
        );
        let log = std::fs::read_to_string(work.join(format!("logs/ingest-{service}.log"))).unwrap();
        assert!(log.contains(&format!("| ingest-{service} | finished:")), "{log}");
    }

    // The etl and reports services reach MySQL with the compose file's URL: the user
    // `musicctl`, its password from the environment, the database `musicctl`.
    let database = format!("musicctl_wiring_{}", std::process::id());
    sqlx::any::install_default_drivers();
    let admin = sqlx::AnyPool::connect(&server).await.unwrap();
    for statement in [
        format!("CREATE DATABASE {database}"),
        "CREATE USER IF NOT EXISTS 'musicctl'@'%' IDENTIFIED BY 'wiring-pass'".to_owned(),
        format!("GRANT ALL PRIVILEGES ON {database}.* TO 'musicctl'@'%'"),
    ] {
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement)).execute(&admin).await.unwrap();
    }
    let host = server.rsplit('@').next().unwrap().trim_end_matches('/');
    let replace = [
        ("${MUSICCTL_MYSQL_PASSWORD:?the ETL user's password}", "wiring-pass"),
        ("@mysql:3306/musicctl", &*format!("@{host}/{database}")),
        ("${MUSICCTL_JWT_SECRET:?the stage's token secret, from SSM}", "a wiring secret of enough length"),
        ("${MUSICCTL_LAKE_KEY:?the lake key, from SSM /musicctl/wire/lake-key}", "wiring key"),
    ];
    // The etl job over a local lake (moto's Glue and Athena infer and answer nothing).
    let local = work.join("data");
    crate::jobs::ok(&local, &["seed", "--tenants", "1", "--rows", "50", "--no-demo-accounts"]);
    crate::jobs::ok(&local, &["ingest"]);
    crate::jobs::ok(&local, &["crawl"]);
    crate::jobs::ok(&local, &["views", "create"]);
    let (command, mut environment) = service_run(&compose, "etl", &work, &replace);
    environment.retain(|(name, _)| name != "MUSICCTL_STAGE");
    assert!(environment.iter().all(|(_, value)| !value.contains("${")), "{environment:?}");
    let ran = run_service(cwd.path(), &command, &environment);
    assert!(ran.status.success(), "etl: {}", String::from_utf8_lossy(&ran.stderr));
    let log = std::fs::read_to_string(work.join("logs/etl.log")).unwrap();
    assert!(log.contains("| etl | finished: tables=11"), "{log}");

    // The reports API, on a free port of this machine instead of 0.0.0.0:8090.
    let (mut command, environment) = service_run(&compose, "reports", &work, &replace);
    command = command
        .iter()
        .map(|part| match part.as_str() {
            "0.0.0.0" => "127.0.0.1".to_owned(),
            "8090" => "0".to_owned(),
            _ => part.clone(),
        })
        .collect();
    let mut child = Command::new(crate::jobs::BIN);
    child.current_dir(cwd.path()).args(&command).stdout(std::process::Stdio::piped());
    for (name, value) in &environment {
        child.env(name, value);
    }
    let mut child = child.spawn().unwrap();
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.starts_with("musicctl reports is up on ") {
        line.clear();
        assert!(std::io::BufRead::read_line(&mut reader, &mut line).unwrap() > 0, "reports stopped before listening");
    }
    let base = line.trim().rsplit(' ').next().unwrap().to_owned();
    let keys = common::AuthKeys::from_secret(
        &secrecy::SecretString::from("a wiring secret of enough length"),
        std::time::Duration::from_secs(60),
    )
    .unwrap();
    let tenant = {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT DISTINCT tenant_id FROM {database}.etl_lineage")))
            .fetch_all(&admin)
            .await
            .unwrap();
        sqlx::Row::get::<String, _>(&rows[0], 0)
    };
    let token =
        keys.issue(&common::TenantId::parse(&tenant).unwrap(), "usr_1", common::auth::Role::Admin).unwrap().token;
    let (status, body) = crate::http::call(&base, "GET", "/reports/dashboard", Some(&token), None);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(status, 200, "{body}");
    assert!(body["totals"]["plays"].as_i64().unwrap() > 0, "{body}");

    for statement in [format!("DROP DATABASE {database}"), "DROP USER IF EXISTS 'musicctl'@'%'".to_owned()] {
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement)).execute(&admin).await.unwrap();
    }
    aws(&["destroy", "wire", "--yes", "--json"]);
}
