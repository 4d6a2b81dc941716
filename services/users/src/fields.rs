//! Validated field types of the users service: e-mail, display name, country, plan.

use common::ApiError;

/// The longest e-mail address accepted (RFC 5321).
pub const MAX_EMAIL_LEN: usize = 254;

/// A lower-cased, syntactically valid e-mail address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Validates and normalises an address.
    pub fn parse(text: &str) -> Result<Self, ApiError> {
        let text = text.trim().to_lowercase();
        if text.len() > MAX_EMAIL_LEN {
            return Err(ApiError::validation("email", "the e-mail address is too long: at most 254 characters"));
        }
        let valid = email_address::EmailAddress::parse_with_options(
            &text,
            email_address::Options::default().without_display_text().without_domain_literal(),
        )
        .is_ok()
            && text.split('@').nth(1).is_some_and(|domain| domain.contains('.'));
        if !valid {
            return Err(ApiError::validation("email", "not a valid e-mail address, e.g. ana@example.com"));
        }
        Ok(Self(text))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A display name: 1 to 80 printable characters, checked as every name is (see
/// [`common::record::name_field`]).
pub fn display_name(text: &str) -> Result<String, ApiError> {
    common::record::name_field("display_name", text, 80)
}

/// An ISO 3166-1 alpha-2 country code, upper-cased.
pub use common::record::country;

/// A subscription plan.
pub use common::records::Plan;

#[cfg(test)]
mod tests {
    use super::*;

    fn check(email: &str, expected: Option<&str>) {
        assert_eq!(Email::parse(email).ok().map(|e| e.0), expected.map(str::to_owned), "{email}");
    }

    #[test]
    fn emails() {
        check(" Ana.Souza@Example.com ", Some("ana.souza@example.com"));
        check("no-at-sign", None);
        check("a@b", None);
        check("two@@example.com", None);
        check("Ana <ana@example.com>", None);
        check(&format!("{}@example.com", "a".repeat(250)), None);
    }

    #[test]
    fn countries_and_names() {
        assert_eq!(country("br").unwrap(), "BR");
        assert!(country("BRA").is_err());
        assert!(display_name("  ").is_err());
        assert!(display_name("Ana\u{7}").is_err());
        assert_eq!(display_name(" Ana ").unwrap(), "Ana");
    }
}
