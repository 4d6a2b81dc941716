//! Where the lake lives: one `object_store` for both stages, a local folder or an S3
//! bucket, so that every job takes the same code path.

use std::sync::Arc;

use anyhow::Context as _;
use futures::{StreamExt as _, TryStreamExt as _};
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt as _, PutPayload};

/// The lake: a store and a human-readable location.
#[derive(Debug, Clone)]
pub struct Lake {
    store: Arc<dyn ObjectStore>,
    location: String,
    /// Whether a move is a cheap rename (a folder) or a copy and a delete (S3).
    renames: bool,
}

/// How to reach an S3 lake.
#[derive(Debug, Clone, Default)]
pub struct S3Options {
    /// The AWS region.
    pub region: String,
    /// Another endpoint (moto, MinIO), path-style, plain HTTP allowed.
    pub endpoint_url: Option<String>,
}

/// How many requests a job sends to the lake at once.
pub const CONCURRENCY: usize = 16;

impl Lake {
    /// A lake in the local folder `dir`, created when missing.
    pub fn local(dir: &std::path::Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating the lake folder {}", dir.display()))?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(dir)
            .with_context(|| format!("opening the lake folder {}", dir.display()))?
            .with_automatic_cleanup(true);
        Ok(Self { store: Arc::new(store), location: dir.display().to_string(), renames: true })
    }

    /// A lake in the S3 bucket `bucket`, with credentials from the environment (keys,
    /// profile-less variables or the instance's role).
    pub fn s3(bucket: &str, options: &S3Options) -> anyhow::Result<Self> {
        let mut builder =
            object_store::aws::AmazonS3Builder::from_env().with_bucket_name(bucket).with_region(&options.region);
        if let Some(endpoint) = &options.endpoint_url {
            builder = builder.with_endpoint(endpoint).with_allow_http(true).with_virtual_hosted_style_request(false);
        }
        let store = builder.build().with_context(|| format!("configuring the S3 lake bucket {bucket}"))?;
        Ok(Self { store: Arc::new(store), location: format!("s3://{bucket}"), renames: false })
    }

    /// Where the lake is, for people.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// The underlying store, for engines that read the lake.
    pub fn store(&self) -> Arc<dyn ObjectStore> {
        self.store.clone()
    }

    /// Writes one object whole (atomically: readers see the old or the new one).
    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        self.store
            .put(&Path::from(key), PutPayload::from(bytes))
            .await
            .with_context(|| format!("writing {key} to the lake {}", self.location))?;
        Ok(())
    }

    /// Reads one object, or `None` when it does not exist.
    pub async fn get(&self, key: &str) -> anyhow::Result<Option<bytes::Bytes>> {
        match self.store.get(&Path::from(key)).await {
            Ok(result) => Ok(Some(result.bytes().await.with_context(|| format!("reading {key}"))?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(error) => Err(error).with_context(|| format!("reading {key} from the lake {}", self.location)),
        }
    }

    /// Every key under `prefix` (a folder), sorted.
    pub async fn list(&self, prefix: &str) -> anyhow::Result<Vec<String>> {
        let mut keys: Vec<String> = self
            .store
            .list(Some(&Path::from(prefix)))
            .map_ok(|meta| meta.location.to_string())
            .try_collect()
            .await
            .with_context(|| format!("listing {prefix} in the lake {}", self.location))?;
        keys.sort();
        Ok(keys)
    }

    /// Puts a staged object in its place: a rename in a folder; in S3 a copy, whose source
    /// the caller deletes later with the rest of the staging area, in bulk. `false` when the
    /// source no longer exists.
    pub async fn publish(&self, from: &str, to: &str) -> anyhow::Result<bool> {
        if self.renames {
            return self.rename(from, to).await;
        }
        match self.store.copy(&Path::from(from), &Path::from(to)).await {
            Ok(()) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(error) => Err(error).with_context(|| format!("copying {from} to {to} in the lake {}", self.location)),
        }
    }

    /// Moves an object; `false` when the source no longer exists.
    pub async fn rename(&self, from: &str, to: &str) -> anyhow::Result<bool> {
        match self.store.rename(&Path::from(from), &Path::from(to)).await {
            Ok(()) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(error) => Err(error).with_context(|| format!("moving {from} to {to} in the lake {}", self.location)),
        }
    }

    /// Deletes objects, those already gone included (S3 deletes up to 1,000 per request).
    pub async fn delete_all(&self, keys: Vec<String>) -> anyhow::Result<()> {
        let locations = futures::stream::iter(keys.into_iter().map(|key| Ok(Path::from(key)))).boxed();
        let mut deleted = self.store.delete_stream(locations);
        while let Some(result) = deleted.next().await {
            match result {
                Ok(_) | Err(object_store::Error::NotFound { .. }) => {}
                Err(error) => return Err(error).with_context(|| format!("deleting from the lake {}", self.location)),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_local_lake_puts_lists_moves_and_deletes() {
        let dir = tempfile::tempdir().unwrap();
        let lake = Lake::local(dir.path()).unwrap();
        lake.put("_staging/a/raw/x/part-0.json", b"{}\n".to_vec()).await.unwrap();
        assert!(lake.rename("_staging/a/raw/x/part-0.json", "raw/x/part-0.json").await.unwrap());
        assert!(!lake.rename("_staging/a/raw/x/part-0.json", "raw/x/part-0.json").await.unwrap());
        assert_eq!(lake.list("raw").await.unwrap(), ["raw/x/part-0.json"]);
        assert_eq!(lake.get("raw/x/part-0.json").await.unwrap().unwrap().as_ref(), b"{}\n");
        lake.delete_all(vec!["raw/x/part-0.json".into(), "raw/x/gone.json".into()]).await.unwrap();
        assert!(lake.list("raw").await.unwrap().is_empty());
        assert!(lake.get("raw/x/part-0.json").await.unwrap().is_none());
    }
}
