//! The stage's CloudFormation stack: a change set for every deployment, printed with
//! `--dry-run`, executed otherwise and watched until the stack settles.

use std::time::Duration;

use anyhow::bail;
use aws_sdk_cloudformation::types::{Capability, ChangeSetStatus, ChangeSetType, Parameter, StackStatus};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use super::aws::{Clients, explain};

/// The largest template CloudFormation takes inline; larger ones go by S3 URL.
pub(crate) const MAX_TEMPLATE_BODY: usize = 51_200;

/// Where CloudFormation reads the template: inline, or an S3 object's URL.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Template<'a> {
    /// The text itself, up to [`MAX_TEMPLATE_BODY`] bytes.
    Body(&'a str),
    /// `https://<bucket>.s3.<region>.amazonaws.com/<key>`.
    Url(&'a str),
}

/// One change of a change set.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Change {
    pub(crate) action: String,
    pub(crate) logical_id: String,
    pub(crate) resource_type: String,
    pub(crate) replacement: String,
}

/// What a change set holds.
pub(crate) struct Planned {
    pub(crate) name: String,
    pub(crate) changes: Vec<Change>,
    pub(crate) creates_stack: bool,
}

/// The current status of `stack`, or `None` when there is no such stack.
pub(crate) async fn status(clients: &Clients, stack: &str) -> anyhow::Result<Option<StackStatus>> {
    match clients.cloudformation.describe_stacks().stack_name(stack).send().await {
        Ok(output) => Ok(output.stacks().first().and_then(|s| s.stack_status().cloned())),
        Err(error) if explain(&error).contains("does not exist") => Ok(None),
        Err(error) => bail!("reading stack {stack}: {}", explain(error)),
    }
}

/// Creates a change set from `template` and waits until it is ready. An empty change set
/// answers no changes.
pub(crate) async fn plan(
    clients: &Clients,
    stack: &str,
    template: Template<'_>,
    parameters: &[(&str, &str)],
    tags: &[(String, String)],
) -> anyhow::Result<Planned> {
    if let Template::Body(body) = template {
        anyhow::ensure!(
            body.len() <= MAX_TEMPLATE_BODY,
            "the template is over {MAX_TEMPLATE_BODY} bytes: send it by URL"
        );
    }
    let existing = status(clients, stack).await?;
    let creates_stack = matches!(existing, None | Some(StackStatus::ReviewInProgress));
    if matches!(existing, Some(StackStatus::RollbackComplete)) {
        bail!("stack {stack} failed to create and rolled back: remove it with `musicctl destroy`, then deploy again");
    }
    let name = format!("musicctl-{}", chrono::Utc::now().format("%Y%m%d%H%M%S%3f"));
    let mut request = clients
        .cloudformation
        .create_change_set()
        .stack_name(stack)
        .change_set_name(&name)
        .capabilities(Capability::CapabilityIam)
        .capabilities(Capability::CapabilityNamedIam)
        .change_set_type(if creates_stack { ChangeSetType::Create } else { ChangeSetType::Update });
    request = match template {
        Template::Body(body) => request.template_body(body),
        Template::Url(url) => request.template_url(url),
    };
    for (key, value) in parameters {
        request = request.parameters(Parameter::builder().parameter_key(*key).parameter_value(*value).build());
    }
    for (key, value) in tags {
        request = request.tags(aws_sdk_cloudformation::types::Tag::builder().key(key).value(value).build());
    }
    if let Err(error) = request.send().await {
        let text = explain(&error);
        // Some endpoints refuse an empty change set outright instead of failing it.
        if text.contains("No updates are to be performed") {
            return Ok(Planned { name, changes: Vec::new(), creates_stack });
        }
        bail!("creating a change set of {stack}: {text}");
    }
    loop {
        let described = clients
            .cloudformation
            .describe_change_set()
            .stack_name(stack)
            .change_set_name(&name)
            .send()
            .await
            .map_err(|error| anyhow::anyhow!("reading change set {name}: {}", explain(error)))?;
        match described.status() {
            Some(ChangeSetStatus::CreateComplete) => {
                let changes = described
                    .changes()
                    .iter()
                    .filter_map(|change| change.resource_change())
                    .map(|change| Change {
                        action: change.action().map(|a| a.as_str().to_owned()).unwrap_or_default(),
                        logical_id: change.logical_resource_id().unwrap_or_default().to_owned(),
                        resource_type: change.resource_type().unwrap_or_default().to_owned(),
                        replacement: change.replacement().map(|r| r.as_str().to_owned()).unwrap_or_default(),
                    })
                    .collect();
                return Ok(Planned { name, changes, creates_stack });
            }
            Some(ChangeSetStatus::Failed) => {
                let reason = described.status_reason().unwrap_or_default().to_owned();
                let _ =
                    clients.cloudformation.delete_change_set().stack_name(stack).change_set_name(&name).send().await;
                if reason.contains("didn't contain changes") || reason.contains("No updates") {
                    return Ok(Planned { name, changes: Vec::new(), creates_stack });
                }
                bail!("the change set of {stack} failed: {reason}");
            }
            _ => tokio::time::sleep(Duration::from_secs(2)).await,
        }
    }
}

/// Drops a change set that will not run (and the empty stack a first one made).
pub(crate) async fn discard(clients: &Clients, stack: &str, planned: &Planned) -> anyhow::Result<()> {
    // The change set may not exist (an endpoint refused it); then there is nothing to drop.
    let _ = clients.cloudformation.delete_change_set().stack_name(stack).change_set_name(&planned.name).send().await;
    if planned.creates_stack && matches!(status(clients, stack).await?, Some(StackStatus::ReviewInProgress)) {
        let _ = clients.cloudformation.delete_stack().stack_name(stack).send().await;
    }
    Ok(())
}

fn settled(status: &StackStatus) -> Option<bool> {
    let text = status.as_str();
    if text.ends_with("_IN_PROGRESS") {
        None
    } else {
        Some(text.ends_with("_COMPLETE") && !text.contains("ROLLBACK") && !text.contains("DELETE"))
    }
}

/// Runs a change set and waits, with a spinner, until the stack settles.
pub(crate) async fn execute(clients: &Clients, stack: &str, planned: &Planned, quiet: bool) -> anyhow::Result<()> {
    clients
        .cloudformation
        .execute_change_set()
        .stack_name(stack)
        .change_set_name(&planned.name)
        .send()
        .await
        .map_err(|error| anyhow::anyhow!("running the change set of {stack}: {}", explain(error)))?;
    let spinner = if quiet { ProgressBar::hidden() } else { ProgressBar::new_spinner() };
    spinner.set_style(ProgressStyle::with_template("{spinner} {elapsed:>4} {msg}")?);
    spinner.enable_steady_tick(Duration::from_millis(120));
    loop {
        let current = status(clients, stack).await?;
        spinner.set_message(format!("{stack}: {}", current.as_ref().map_or("gone", |s| s.as_str())));
        match current.as_ref().and_then(settled) {
            Some(true) => {
                spinner.finish_and_clear();
                return Ok(());
            }
            Some(false) => {
                spinner.finish_and_clear();
                let reason = failure_reason(clients, stack).await;
                bail!(
                    "stack {stack} did not deploy ({}): {reason}",
                    current.map_or("gone".into(), |s| s.as_str().to_owned())
                );
            }
            None => tokio::time::sleep(Duration::from_secs(3)).await,
        }
    }
}

async fn failure_reason(clients: &Clients, stack: &str) -> String {
    let events = clients.cloudformation.describe_stack_events().stack_name(stack).send().await;
    events
        .ok()
        .and_then(|output| {
            output
                .stack_events()
                .iter()
                .find(|event| event.resource_status().is_some_and(|s| s.as_str().ends_with("_FAILED")))
                .map(|event| {
                    format!(
                        "{}: {}",
                        event.logical_resource_id().unwrap_or("?"),
                        event.resource_status_reason().unwrap_or("?")
                    )
                })
        })
        .unwrap_or_else(|| "see the stack's events in the CloudFormation console".to_owned())
}

/// The stack's outputs, by key.
pub(crate) async fn outputs(
    clients: &Clients,
    stack: &str,
) -> anyhow::Result<std::collections::BTreeMap<String, String>> {
    let described = clients
        .cloudformation
        .describe_stacks()
        .stack_name(stack)
        .send()
        .await
        .map_err(|error| anyhow::anyhow!("reading stack {stack}: {}", explain(error)))?;
    Ok(described
        .stacks()
        .first()
        .map(|s| {
            s.outputs()
                .iter()
                .filter_map(|o| Some((o.output_key()?.to_owned(), o.output_value()?.to_owned())))
                .collect()
        })
        .unwrap_or_default())
}

/// The stack's resources: (type, logical id, physical id).
pub(crate) async fn resources(clients: &Clients, stack: &str) -> anyhow::Result<Vec<(String, String, String)>> {
    let described = clients
        .cloudformation
        .describe_stack_resources()
        .stack_name(stack)
        .send()
        .await
        .map_err(|error| anyhow::anyhow!("reading the resources of {stack}: {}", explain(error)))?;
    Ok(described
        .stack_resources()
        .iter()
        .map(|r| {
            (
                r.resource_type().unwrap_or_default().to_owned(),
                r.logical_resource_id().unwrap_or_default().to_owned(),
                r.physical_resource_id().unwrap_or_default().to_owned(),
            )
        })
        .collect())
}

/// Deletes the stack and waits until it is gone.
pub(crate) async fn delete(clients: &Clients, stack: &str, quiet: bool) -> anyhow::Result<()> {
    clients
        .cloudformation
        .delete_stack()
        .stack_name(stack)
        .send()
        .await
        .map_err(|error| anyhow::anyhow!("deleting {stack}: {}", explain(error)))?;
    let spinner = if quiet { ProgressBar::hidden() } else { ProgressBar::new_spinner() };
    spinner.enable_steady_tick(Duration::from_millis(120));
    loop {
        match status(clients, stack).await? {
            None | Some(StackStatus::DeleteComplete) => {
                spinner.finish_and_clear();
                return Ok(());
            }
            Some(StackStatus::DeleteFailed) => {
                bail!("stack {stack} could not be deleted: {}", failure_reason(clients, stack).await)
            }
            Some(other) => {
                spinner.set_message(format!("{stack}: {}", other.as_str()));
                tokio::time::sleep(Duration::from_secs(3)).await;
            }
        }
    }
}
