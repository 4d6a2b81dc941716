//! The tenant identity: a validated slug that begins every key a service touches.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The longest tenant slug accepted.
pub const MAX_TENANT_LEN: usize = 40;

/// A tenant slug such as `northwind-records`: 2 to 40 characters of `a-z`, `0-9` and `-`,
/// starting with a letter. It never contains `#`, so a composite key value `tenant#rest`
/// always splits back into the same tenant.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TenantId(String);

/// Why a string is not a tenant slug.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("tenant `{0}` is not a valid slug: use 2 to 40 characters of a-z, 0-9 and '-', starting with a letter")]
pub struct InvalidTenant(pub String);

impl TenantId {
    /// Validates `slug` as a tenant id.
    pub fn parse(slug: &str) -> Result<Self, InvalidTenant> {
        let valid_len = (2..=MAX_TENANT_LEN).contains(&slug.len());
        let starts_with_letter = slug.chars().next().is_some_and(|c| c.is_ascii_lowercase());
        let valid_chars = slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if valid_len && starts_with_letter && valid_chars && !slug.ends_with('-') {
            Ok(Self(slug.to_owned()))
        } else {
            Err(InvalidTenant(slug.to_owned()))
        }
    }

    /// The tenant of the sample items (`northwind-records`), a slug known to be valid.
    pub(crate) fn sample() -> Self {
        Self("northwind-records".to_owned())
    }

    /// The slug itself.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A composite key value scoped to this tenant: `tenant#rest`.
    pub fn scoped(&self, rest: &str) -> String {
        format!("{}#{rest}", self.0)
    }

    /// Whether a stored partition value belongs to this tenant: the slug itself or `slug#…`.
    pub fn owns(&self, partition_value: &str) -> bool {
        partition_value == self.0
            || partition_value.strip_prefix(self.0.as_str()).is_some_and(|rest| rest.starts_with('#'))
    }
}

impl fmt::Display for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for TenantId {
    type Error = InvalidTenant;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<TenantId> for String {
    fn from(value: TenantId) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(slug: &str, valid: bool) {
        assert_eq!(TenantId::parse(slug).is_ok(), valid, "{slug}");
    }

    #[test]
    fn slugs() {
        check("northwind-records", true);
        check(TenantId::sample().as_str(), true);
        check("radio9", true);
        check("a", false);
        check("9radio", false);
        check("Radio", false);
        check("radio#x", false);
        check("radio-", false);
        check(&"a".repeat(41), false);
    }

    #[test]
    fn ownership_needs_the_separator() {
        let tenant = TenantId::parse("acme").unwrap();
        assert!(tenant.owns("acme"));
        assert!(tenant.owns("acme#2026-11-22"));
        assert!(!tenant.owns("acme2#x"));
        assert!(!tenant.owns("acm"));
    }
}
