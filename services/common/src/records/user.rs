//! The users table's record: a user as the API shows it, the plan, and the stored item,
//! which alone carries the password hash.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::auth::Role;
use crate::error::ApiError;
use crate::record::{from_item, to_item};
use crate::store::Item;
use crate::tenant::TenantId;

/// The prefix of user ids; the users table's other items (e-mail claims) have other ones.
pub const USER_PREFIX: &str = "usr_";

/// The prefix of the sort key of e-mail claim items, which keep e-mails unique.
pub const EMAIL_CLAIM_PREFIX: &str = "email#";

/// The prefix of the sort key of login throttling counters.
pub const THROTTLE_PREFIX: &str = "throttle#";

/// The password hash the sample user item shows (not a real hash).
pub(super) const SAMPLE_PASSWORD_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$…";

/// A user as the API shows it: never the password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct User {
    /// The user id.
    pub user_id: String,
    /// The tenant.
    pub tenant_id: String,
    /// The e-mail address.
    pub email: String,
    /// The name shown to others.
    pub display_name: String,
    /// The role.
    pub role: Role,
    /// The plan.
    pub plan: Plan,
    /// The country code, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub country: Option<String>,
    /// When the account was made.
    pub created_at: String,
}

/// A subscription plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Plan {
    /// Free, with ads.
    #[default]
    Free,
    /// Paid, one person.
    Premium,
    /// Paid, a household.
    Family,
    /// Paid at a student rate.
    Student,
}

impl Plan {
    /// The plan's name as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Free => "free",
            Self::Premium => "premium",
            Self::Family => "family",
            Self::Student => "student",
        }
    }
}

impl User {
    /// The stored item of a user: the record, its index keys and the password hash.
    pub fn to_item(&self, tenant: &TenantId, password_hash: &str) -> Result<Item, ApiError> {
        let mut item = to_item(self)?;
        item.insert("password_hash".into(), password_hash.into());
        item.insert("tenant_plan".into(), tenant.scoped(self.plan.as_str()).into());
        item.insert("updated_at".into(), self.created_at.clone().into());
        Ok(item)
    }

    /// Whether `item` of the users table is a user rather than an e-mail claim.
    pub fn is_user_item(item: &Item) -> bool {
        item.get("user_id").and_then(Value::as_str).is_some_and(|id| id.starts_with(USER_PREFIX))
    }

    /// The user stored in `item`, if it is a user item that decodes.
    pub fn from_item(item: &Item) -> Option<Self> {
        Self::is_user_item(item).then(|| from_item(item.clone())).flatten()
    }

    /// A fixed sample user, for the diagrams and tests.
    pub fn sample() -> Self {
        Self {
            user_id: "usr_0193f3c2a1b07d4e9c1a2b3c4d5e6f70".to_owned(),
            tenant_id: TenantId::sample().to_string(),
            email: "ana.souza@example.com".to_owned(),
            display_name: "Ana Souza".to_owned(),
            role: Role::Listener,
            plan: Plan::Premium,
            country: Some("BR".to_owned()),
            created_at: "2026-11-22T10:00:00.000Z".to_owned(),
        }
    }
}
