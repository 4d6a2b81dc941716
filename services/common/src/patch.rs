//! `Patch`: the checked fields of a create or change request, by name, applied to any record
//! the same way. Every entity's PATCH route builds one from its request and hands it to
//! [`crate::record::modify`]; create routes apply one to a new record.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::ApiError;

/// Named field values to set on a record; fields not named stay as they are.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Patch {
    fields: Map<String, Value>,
}

impl Patch {
    /// An empty patch.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `field` to `value` when a value is given.
    pub fn set<V: Serialize>(&mut self, field: &str, value: Option<V>) -> Result<&mut Self, ApiError> {
        if let Some(value) = value {
            let value = serde_json::to_value(value).map_err(anyhow::Error::from)?;
            self.fields.insert(field.to_owned(), value);
        }
        Ok(self)
    }

    /// The value set for `field`, if any.
    pub fn get(&self, field: &str) -> Option<&Value> {
        self.fields.get(field)
    }

    /// Sets the patch's fields on `record`. A field the record does not have, or a value of
    /// the wrong type, is a bug in the route that built the patch: an internal error.
    pub fn apply<T: Serialize + DeserializeOwned>(&self, record: &mut T) -> Result<(), ApiError> {
        let mut value = serde_json::to_value(&*record).map_err(anyhow::Error::from)?;
        let Value::Object(object) = &mut value else {
            return Err(ApiError::Internal(anyhow::anyhow!("a record did not serialise to an object")));
        };
        for (field, new) in &self.fields {
            object.insert(field.clone(), new.clone());
        }
        *record = serde_json::from_value(value)
            .map_err(|error| ApiError::Internal(anyhow::anyhow!("a patch does not fit its record: {error}")))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Record {
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bio: Option<String>,
        plays: u64,
    }

    #[test]
    fn only_named_fields_change() {
        let mut record = Record { name: "Old".into(), bio: None, plays: 3 };
        let mut patch = Patch::new();
        patch.set("bio", Some("New bio")).unwrap().set("name", None::<String>).unwrap();
        patch.apply(&mut record).unwrap();
        assert_eq!(record, Record { name: "Old".into(), bio: Some("New bio".into()), plays: 3 });
    }

    #[test]
    fn a_value_of_the_wrong_type_is_an_internal_error() {
        let mut record = Record { name: "Old".into(), bio: None, plays: 3 };
        let mut patch = Patch::new();
        patch.set("plays", Some("many")).unwrap();
        assert!(matches!(patch.apply(&mut record), Err(ApiError::Internal(_))));
        assert_eq!(record.plays, 3, "a failed patch leaves the record as it was");
    }
}
