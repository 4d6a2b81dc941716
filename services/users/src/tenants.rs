//! The tenant registry: onboarding organisations and looking them up.

use chrono::{SecondsFormat, Utc};
use common::model::TENANTS;
use common::store::{Condition, Item, Key, Page, Scan, ScanRequest, Store, StoreError};
use common::{ApiError, TenantId};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The sort key of a tenant's registry item.
const RECORD: &str = "tenant";

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
    fn from_item(item: &Item) -> Option<Self> {
        let text = |name: &str| item.get(name).and_then(Value::as_str).map(str::to_owned);
        Some(Self {
            tenant_id: TenantId::parse(&text("tenant_id")?).ok()?,
            name: text("name")?,
            created_at: text("created_at").unwrap_or_default(),
        })
    }
}

/// Onboards a tenant; fails with a conflict when the slug is taken.
pub async fn create_tenant(store: &dyn Store, tenant: &TenantId, name: &str) -> Result<Tenant, ApiError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(ApiError::validation("name", "use 1 to 120 characters for the tenant's name"));
    }
    let record = Tenant {
        tenant_id: tenant.clone(),
        name: name.to_owned(),
        created_at: Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true),
    };
    let mut item = Item::new();
    item.insert("tenant_id".into(), tenant.as_str().into());
    item.insert("record".into(), RECORD.into());
    item.insert("name".into(), record.name.clone().into());
    item.insert("created_at".into(), record.created_at.clone().into());
    match store.put(tenant, &TENANTS, item, Condition::MustNotExist).await {
        Ok(()) => Ok(record),
        Err(StoreError::ConditionFailed) => Err(ApiError::Conflict(format!("tenant {tenant} already exists"))),
        Err(error) => Err(error.into()),
    }
}

/// The tenant, if it is onboarded.
pub async fn find_tenant(store: &dyn Store, tenant: &TenantId) -> Result<Option<Tenant>, ApiError> {
    let item = store.get(tenant, &TENANTS, &Key::tenant(RECORD)).await?;
    Ok(item.as_ref().and_then(Tenant::from_item))
}

/// Every onboarded tenant, sorted by slug. A whole-table scan: for the CLI, never a request.
pub async fn list_tenants(scan: &dyn Scan) -> Result<Vec<Tenant>, StoreError> {
    let mut tenants = Vec::new();
    let mut cursor = None;
    loop {
        let request = ScanRequest { table: &TENANTS, segment: 0, total_segments: 1, limit: None, cursor };
        let Page { items, cursor: next } = scan.scan(&request).await?;
        tenants.extend(items.iter().filter_map(Tenant::from_item));
        match next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    tenants.sort_by(|a, b| a.tenant_id.cmp(&b.tenant_id));
    Ok(tenants)
}
