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
