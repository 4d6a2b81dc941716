//! Where songs' audio lives: a directory per tenant locally, an S3 bucket on AWS, where
//! streams are handed out as presigned URLs.

use std::path::{Path, PathBuf};
use std::time::Duration;

use aws_sdk_s3::presigning::PresigningConfig;

use crate::error::ApiError;
use crate::tenant::TenantId;

/// The audio store of a stage.
#[derive(Debug, Clone)]
pub enum Media {
    /// Files under `root/<tenant>/<key>`.
    Local {
        /// The media directory of the data directory.
        root: PathBuf,
    },
    /// Objects `s3://bucket/<tenant>/<key>`, streamed through presigned URLs.
    S3 {
        /// The S3 client.
        client: aws_sdk_s3::Client,
        /// The media bucket.
        bucket: String,
        /// How long a presigned URL stays valid.
        expires_in: Duration,
    },
}

/// Checks a media key: a relative path of `a-z A-Z 0-9 _ . -` segments, no `..`.
pub fn check_key(key: &str) -> Result<(), ApiError> {
    let valid = !key.is_empty()
        && key.len() <= 200
        && key.split('/').all(|segment| {
            !segment.is_empty()
                && segment != "."
                && segment != ".."
                && segment.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        });
    if valid { Ok(()) } else { Err(ApiError::validation("audio_key", "use a relative path like audio/tone-440.wav")) }
}

/// Where a stream comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamSource {
    /// A local file, served with HTTP Range support.
    File(PathBuf),
    /// A presigned URL to redirect to.
    Url(String),
}

impl Media {
    /// The media directory for the data directory `data_dir`.
    pub fn local(data_dir: &Path) -> Self {
        Self::Local { root: data_dir.join("media") }
    }

    /// The path of `key` of `tenant` on disk, for local media.
    pub fn local_path(root: &Path, tenant: &TenantId, key: &str) -> PathBuf {
        root.join(tenant.as_str()).join(key)
    }

    /// Fails unless `key` of `tenant` names an audio file or object that exists: a song
    /// must never point at nothing, or at a folder.
    pub async fn require_audio(&self, tenant: &TenantId, key: &str) -> Result<(), ApiError> {
        check_key(key)?;
        let missing = || ApiError::validation("audio_key", format!("there is no audio at {key}; upload it first"));
        match self {
            Self::Local { root } => match tokio::fs::metadata(Self::local_path(root, tenant, key)).await {
                Ok(metadata) if metadata.is_file() => Ok(()),
                Ok(_) => Err(missing()),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => Err(missing()),
                Err(error) => Err(anyhow::Error::from(error).context("reading the media folder").into()),
            },
            Self::S3 { client, bucket, .. } => {
                match client.head_object().bucket(bucket).key(format!("{tenant}/{key}")).send().await {
                    Ok(_) => Ok(()),
                    Err(error) if error.as_service_error().is_some_and(|e| e.is_not_found()) => Err(missing()),
                    Err(error) => Err(anyhow::anyhow!("checking the media bucket failed: {error}").into()),
                }
            }
        }
    }

    /// Stores `bytes` as the audio `key` of `tenant`, replacing what was there. Locally the
    /// file is written beside its place and renamed into it, so a reader never sees half
    /// a file.
    pub async fn put(
        &self,
        tenant: &TenantId,
        key: &str,
        bytes: bytes::Bytes,
        content_type: &str,
    ) -> Result<(), ApiError> {
        check_key(key)?;
        match self {
            Self::Local { root } => {
                let path = Self::local_path(root, tenant, key);
                let write = async {
                    if let Some(parent) = path.parent() {
                        tokio::fs::create_dir_all(parent).await?;
                    }
                    let partial = path.with_extension(format!("partial-{:016x}", fastrand::u64(..)));
                    tokio::fs::write(&partial, &bytes).await?;
                    tokio::fs::rename(&partial, &path).await
                };
                write.await.map_err(|error| anyhow::Error::from(error).context("writing to the media folder").into())
            }
            Self::S3 { client, bucket, .. } => {
                client
                    .put_object()
                    .bucket(bucket)
                    .key(format!("{tenant}/{key}"))
                    .content_type(content_type)
                    .body(bytes.into())
                    .send()
                    .await
                    .map_err(|error| anyhow::anyhow!("writing to the media bucket failed: {error}"))?;
                Ok(())
            }
        }
    }

    /// Where to stream `key` of `tenant` from.
    pub async fn source(&self, tenant: &TenantId, key: &str) -> Result<StreamSource, ApiError> {
        check_key(key)?;
        match self {
            Self::Local { root } => Ok(StreamSource::File(Self::local_path(root, tenant, key))),
            Self::S3 { client, bucket, expires_in } => {
                let config = PresigningConfig::expires_in(*expires_in).map_err(anyhow::Error::from)?;
                let request = client
                    .get_object()
                    .bucket(bucket)
                    .key(format!("{tenant}/{key}"))
                    .presigned(config)
                    .await
                    .map_err(|error| anyhow::anyhow!("presigning a stream failed: {error}"))?;
                Ok(StreamSource::Url(request.uri().to_owned()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_stay_inside_the_tenant() {
        assert!(check_key("audio/tone-440.wav").is_ok());
        for bad in ["", "../x.wav", "a/../../b", "/etc/passwd", "a//b", "a b.wav", "a\\b"] {
            assert!(check_key(bad).is_err(), "{bad}");
        }
    }

    #[tokio::test]
    async fn presigned_urls_name_the_tenant_prefix() {
        let config = aws_sdk_s3::Config::builder()
            .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
            .region(aws_sdk_s3::config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_s3::config::Credentials::new("id", "secret", None, None, "test"))
            .build();
        let media = Media::S3 {
            client: aws_sdk_s3::Client::from_conf(config),
            bucket: "media-bucket".into(),
            expires_in: Duration::from_secs(300),
        };
        let tenant = TenantId::parse("acme").unwrap();
        let StreamSource::Url(url) = media.source(&tenant, "audio/a.wav").await.unwrap() else { panic!("a URL") };
        assert!(url.contains("media-bucket") && url.contains("acme/audio/a.wav"), "{url}");
        assert!(url.contains("X-Amz-Signature=") && url.contains("X-Amz-Expires=300"), "{url}");
    }
}
