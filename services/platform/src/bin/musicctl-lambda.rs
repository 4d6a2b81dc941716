//! The Lambda entry point of every service: the function's `MUSICCTL_SERVICE` names the
//! service, whose router runs under `lambda_http` through `common::serve`.

use std::net::{Ipv4Addr, SocketAddr};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt().with_ansi(false).without_time().with_target(false).init();
    let (service, state) = platform::lambda_from_env().await?;
    let app = common::serve::app([service], state);
    // Outside Lambda (no AWS_LAMBDA_RUNTIME_API) the same binary serves on a local port.
    common::serve::serve(app, SocketAddr::from((Ipv4Addr::LOCALHOST, 9000))).await
}
