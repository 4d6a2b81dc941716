//! The tenant registry's record: one item per onboarded organisation.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::ApiError;
use crate::record::to_item;
use crate::store::Item;
use crate::tenant::TenantId;

/// The sort key (`record`) of a tenant's registry item; other items of the tenants table,
/// such as seed markers, have other sort keys.
pub const TENANT_RECORD: &str = "tenant";

/// The prefix of the sort key of `musicctl seed`'s markers in the tenants table.
pub const SEED_MARKER_PREFIX: &str = "seed#";

/// An onboarded organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenant {
    /// The slug users type at login.
    pub tenant_id: TenantId,
    /// The organisation's name.
    pub name: String,
    /// When it was onboarded.
    pub created_at: String,
}

impl Tenant {
    /// The stored item of the tenant: the record and its sort key `record = tenant`.
    pub fn to_item(&self) -> Result<Item, ApiError> {
        let mut item = to_item(self)?;
        item.insert("record".into(), TENANT_RECORD.into());
        Ok(item)
    }

    /// Whether `item` of the tenants table is a tenant's registry item.
    pub fn is_tenant_item(item: &Item) -> bool {
        item.get("record").and_then(Value::as_str) == Some(TENANT_RECORD)
    }

    /// A fixed sample tenant, for the diagrams and tests.
    pub fn sample() -> Self {
        Self {
            tenant_id: TenantId::sample(),
            name: "Northwind Records".to_owned(),
            created_at: "2026-11-22T10:00:00.000Z".to_owned(),
        }
    }
}
