//! The AWS clients of a deployment, from the standard credential chain, all pointed at
//! `--endpoint-url` when one is given.

use aws_config::{BehaviorVersion, Region};

/// The clients a deployment uses.
pub(crate) struct Clients {
    pub(crate) cloudformation: aws_sdk_cloudformation::Client,
    pub(crate) s3: aws_sdk_s3::Client,
    pub(crate) dynamodb: aws_sdk_dynamodb::Client,
    pub(crate) sts: aws_sdk_sts::Client,
    pub(crate) ec2: aws_sdk_ec2::Client,
}

impl Clients {
    /// Clients for `region`, at `endpoint_url` when given.
    pub(crate) async fn new(region: &str, endpoint_url: Option<&str>) -> Self {
        let config = sdk_config(region, endpoint_url).await;
        // Another endpoint (moto, LocalStack) serves buckets by path, not by host name.
        let s3_config = aws_sdk_s3::config::Builder::from(&config).force_path_style(endpoint_url.is_some()).build();
        Self {
            cloudformation: aws_sdk_cloudformation::Client::new(&config),
            s3: aws_sdk_s3::Client::from_conf(s3_config),
            dynamodb: aws_sdk_dynamodb::Client::new(&config),
            sts: aws_sdk_sts::Client::new(&config),
            ec2: aws_sdk_ec2::Client::new(&config),
        }
    }
}

/// The SDK configuration for `region`, at `endpoint_url` when given.
pub(crate) async fn sdk_config(region: &str, endpoint_url: Option<&str>) -> aws_config::SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest()).region(Region::new(region.to_owned()));
    if let Some(url) = endpoint_url {
        loader = loader.endpoint_url(url);
    }
    loader.load().await
}

/// The text of an SDK error with its cause, for messages that say what to do next.
pub(crate) fn explain<E: std::error::Error>(error: E) -> String {
    aws_sdk_cloudformation::error::DisplayErrorContext(error).to_string()
}
