//! Turns serde's account of a JSON body that does not fit its request type ("track_number:
//! invalid type: null, expected u32 at line 1 column 56") into the field at fault and a
//! sentence a person understands ("use a whole number, not null").

/// The field at fault (`body` when the body as a whole is at fault) and what to do.
pub fn explain(text: &str) -> (String, String) {
    let text = text.strip_prefix("Failed to deserialize the JSON body into the target type: ").unwrap_or(text);
    let text = match text.rfind(" at line ") {
        Some(at) => &text[..at],
        None => text,
    };
    let (path, rest) = match text.split_once(": ") {
        Some((path, rest))
            if !path.is_empty() && path.chars().all(|c| c.is_ascii_alphanumeric() || "_.[]".contains(c)) =>
        {
            (Some(path), rest)
        }
        _ => (None, text),
    };
    let field = |named: Option<&str>| named.or(path).unwrap_or("body").to_owned();
    if let Some(name) = quoted(rest.strip_prefix("missing field ")) {
        return (field(Some(name)), "this field is required".to_owned());
    }
    if let Some(rest) = rest.strip_prefix("unknown field ") {
        let name = quoted(Some(rest)).unwrap_or("?");
        let known = rest.split_once("expected one of ").map(|(_, list)| list.replace('`', "")).unwrap_or_default();
        let hint = if known.is_empty() { String::new() } else { format!("; use {known}") };
        return (field(Some(name)), format!("this field is not accepted here{hint}"));
    }
    if let Some(rest) = rest.strip_prefix("unknown variant ") {
        let known = rest.split_once("expected ").map(|(_, list)| list.replace('`', "")).unwrap_or_default();
        return (field(None), format!("use one of {known}"));
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = rest.strip_prefix(prefix)
            && let Some((got, expected)) = rest.split_once(", expected ")
        {
            return (field(None), format!("use {}, not {}", plain(expected), got.replace('`', "")));
        }
    }
    (field(None), rest.to_owned())
}

/// The first `quoted` name of `text`.
fn quoted(text: Option<&str>) -> Option<&str> {
    text?.strip_prefix('`')?.split('`').next()
}

/// What serde expected, in words.
fn plain(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number of 0 or more".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".to_owned(),
        "f32" | "f64" => "a number".to_owned(),
        "a string" | "a borrowed string" => "text".to_owned(),
        "a boolean" => "true or false".to_owned(),
        "a sequence" => "a list".to_owned(),
        other if other.starts_with("struct ") || other == "a map" => "an object".to_owned(),
        other => other.replace('`', ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_field_and_says_what_to_use() {
        let said = |text: &str| explain(text);
        assert_eq!(
            said(
                "Failed to deserialize the JSON body into the target type: track_number: invalid type: null, expected u32 at line 1 column 56"
            ),
            ("track_number".into(), "use a whole number of 0 or more, not null".into())
        );
        assert_eq!(
            said(
                "Failed to deserialize the JSON body into the target type: public: invalid type: string \"yes\", expected a boolean at line 1 column 9"
            ),
            ("public".into(), "use true or false, not string \"yes\"".into())
        );
        assert_eq!(
            said("Failed to deserialize the JSON body into the target type: missing field `name` at line 1 column 2"),
            ("name".into(), "this field is required".into())
        );
        assert_eq!(
            said(
                "Failed to deserialize the JSON body into the target type: unknown field `extra`, expected one of `name`, `genres` at line 1 column 8"
            ),
            ("extra".into(), "this field is not accepted here; use name, genres".into())
        );
        assert_eq!(
            said(
                "Failed to deserialize the JSON body into the target type: role: unknown variant `owner`, expected `admin` or `listener` at line 1 column 15"
            ),
            ("role".into(), "use one of admin or listener".into())
        );
        assert_eq!(said("something else entirely"), ("body".into(), "something else entirely".into()));
    }
}
