//! The names of a stage's catalog and SQL resources on AWS, shared by the template and by
//! `crawl`, `views create` and `query`: the Glue database, one crawler per lake entity, and
//! the Athena workgroup.

use common::lake::{ENTITIES, EntityDef};

/// The Glue database of `stage`: Glue names allow lower case, digits and `_`.
pub(crate) fn database(stage: &str) -> String {
    format!("musicctl_{}", stage.replace('-', "_"))
}

/// The Athena workgroup of `stage`.
pub(crate) fn workgroup(stage: &str) -> String {
    format!("musicctl-{stage}")
}

/// The crawler of `entity` in `stage`.
pub(crate) fn crawler(stage: &str, entity: &EntityDef) -> String {
    format!("musicctl-{stage}-{}", entity.name.replace('_', "-"))
}

/// Every crawler of `stage`, with its entity.
pub(crate) fn crawlers(stage: &str) -> Vec<(String, &'static EntityDef)> {
    ENTITIES.iter().map(|entity| (crawler(stage, entity), *entity)).collect()
}

/// The CloudFormation logical id of an entity's crawler, e.g. `PlaylistEntriesCrawler`.
pub(crate) fn crawler_logical_id(entity: &EntityDef) -> String {
    let camel: String = entity
        .name
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|first| first.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect();
    format!("{camel}Crawler")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_each_services_rules() {
        assert_eq!(database("my-stage"), "musicctl_my_stage");
        assert_eq!(workgroup("dev"), "musicctl-dev");
        assert_eq!(crawler("dev", &common::lake::PLAYLIST_ENTRIES), "musicctl-dev-playlist-entries");
        assert_eq!(crawler_logical_id(&common::lake::PLAYLIST_ENTRIES), "PlaylistEntriesCrawler");
        assert_eq!(crawlers("prod").len(), ENTITIES.len());
    }
}
