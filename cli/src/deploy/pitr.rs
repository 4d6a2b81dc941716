//! Point-in-time recovery: checked on every table after a deployment, and switched on
//! where it is off (some endpoints ignore the template's setting).

use std::collections::BTreeMap;

use aws_sdk_dynamodb::types::{ContinuousBackupsStatus, PointInTimeRecoverySpecification, PointInTimeRecoveryStatus};
use common::model::TABLES;

use super::aws::{Clients, explain};

/// What was found and done for one table.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct TablePitr {
    pub(crate) enabled: bool,
    pub(crate) switched_on: bool,
}

async fn enabled(clients: &Clients, table: &str) -> anyhow::Result<bool> {
    let described = clients
        .dynamodb
        .describe_continuous_backups()
        .table_name(table)
        .send()
        .await
        .map_err(|error| anyhow::anyhow!("reading the backups of {table}: {}", explain(error)))?;
    let description = described.continuous_backups_description();
    Ok(description.is_some_and(|d| {
        d.continuous_backups_status() == &ContinuousBackupsStatus::Enabled
            && d.point_in_time_recovery_description()
                .and_then(|p| p.point_in_time_recovery_status())
                .is_some_and(|s| *s == PointInTimeRecoveryStatus::Enabled)
    }))
}

/// Checks every table of the stage and switches recovery on where it is off.
pub(crate) async fn ensure(clients: &Clients, table_prefix: &str) -> anyhow::Result<BTreeMap<String, TablePitr>> {
    let mut report = BTreeMap::new();
    for table in TABLES {
        let name = format!("{table_prefix}{}", table.name);
        let mut switched_on = false;
        if !enabled(clients, &name).await? {
            clients
                .dynamodb
                .update_continuous_backups()
                .table_name(&name)
                .point_in_time_recovery_specification(
                    PointInTimeRecoverySpecification::builder().point_in_time_recovery_enabled(true).build()?,
                )
                .send()
                .await
                .map_err(|error| anyhow::anyhow!("switching on recovery of {name}: {}", explain(error)))?;
            switched_on = true;
        }
        report.insert(name.clone(), TablePitr { enabled: enabled(clients, &name).await?, switched_on });
    }
    Ok(report)
}
