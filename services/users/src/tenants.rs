//! The tenant registry: onboarding organisations and looking them up.

use chrono::{SecondsFormat, Utc};
use common::model::TENANTS;
use common::record;
use common::store::{Condition, Item, Key, Page, Scan, ScanRequest, Store, StoreError};
use common::{ApiError, TenantId};

pub use common::records::Tenant;

/// The sort key of a tenant's registry item.
const RECORD: &str = common::records::TENANT_RECORD;

/// The tenant in `item` of the tenants table, if it is a tenant's registry item (not, say, a
/// seed marker) that decodes.
fn tenant_of(item: &Item) -> Option<Tenant> {
    Tenant::is_tenant_item(item).then(|| record::from_item(item.clone())).flatten()
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
    match store.put(tenant, &TENANTS, record.to_item()?, Condition::MustNotExist).await {
        Ok(()) => Ok(record),
        Err(StoreError::ConditionFailed) => Err(ApiError::Conflict(format!("tenant {tenant} already exists"))),
        Err(error) => Err(error.into()),
    }
}

/// The tenant, if it is onboarded.
pub async fn find_tenant(store: &dyn Store, tenant: &TenantId) -> Result<Option<Tenant>, ApiError> {
    let item = store.get(tenant, &TENANTS, &Key::tenant(RECORD)).await?;
    item.map(|item| record::decode(&TENANTS, &format!("{tenant}/{RECORD}"), item)).transpose()
}

/// Every onboarded tenant, sorted by slug. A whole-table scan: for the CLI, never a request.
pub async fn list_tenants(scan: &dyn Scan) -> Result<Vec<Tenant>, StoreError> {
    let mut tenants = Vec::new();
    let mut cursor = None;
    loop {
        let request = ScanRequest { table: &TENANTS, segment: 0, total_segments: 1, limit: None, cursor };
        let Page { items, cursor: next } = scan.scan(&request).await?;
        tenants.extend(items.iter().filter_map(tenant_of));
        match next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    tenants.sort_by(|a, b| a.tenant_id.cmp(&b.tenant_id));
    Ok(tenants)
}
