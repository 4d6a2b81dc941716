//! The members of a stored item's JSON text, read without decoding it.
//!
//! Stored items are JSON objects that a serialiser wrote. Lists copy the members their
//! record names straight from that text (`listed.rs`), and a page's cursor takes its key
//! attributes from it (`store::Cursor::after_text`). Both only need to know where each
//! member begins and ends: strings are delimited at their closing quote (eight bytes at a
//! time), arrays and objects at their matching bracket, and nothing is validated or
//! unescaped. Anything else than an object (or a member name written with escapes, which
//! would need unescaping to be compared) reads as `None`, and callers then decode the item.

use std::cmp::Ordering;
use std::ops::Range;

/// One member of an object's text.
#[derive(Debug)]
pub(crate) struct Member<'a> {
    /// The name, as written (no escapes in it).
    pub(crate) name: &'a str,
    /// The value's JSON text.
    pub(crate) value: &'a str,
    /// Where the member stands in the object's text: from its name's opening quote to the
    /// end of its value.
    pub(crate) span: Range<usize>,
}

/// Calls `visit` with each member of the JSON object `text`, in the order written; `None`
/// (after visiting the members before the fault) if `text` is not an object whose member
/// names need no escapes.
pub(crate) fn each_member<'a>(text: &'a str, mut visit: impl FnMut(Member<'a>)) -> Option<()> {
    let bytes = text.as_bytes();
    let mut at = skip_space(bytes, 0);
    (bytes.get(at) == Some(&b'{')).then_some(())?;
    at = skip_space(bytes, at + 1);
    if bytes.get(at) == Some(&b'}') {
        at += 1;
    } else {
        loop {
            (bytes.get(at) == Some(&b'"')).then_some(())?;
            let name_start = at;
            let (name_end, escaped) = string_end(bytes, at)?;
            if escaped {
                return None;
            }
            at = skip_space(bytes, name_end + 1);
            (bytes.get(at) == Some(&b':')).then_some(())?;
            let value_start = skip_space(bytes, at + 1);
            at = value_end(bytes, value_start)?;
            visit(Member {
                name: &text[name_start + 1..name_end],
                value: &text[value_start..at],
                span: name_start..at,
            });
            at = skip_space(bytes, at);
            match bytes.get(at) {
                Some(b',') => at = skip_space(bytes, at + 1),
                Some(b'}') => {
                    at += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    (skip_space(bytes, at) == bytes.len()).then_some(())
}

/// Finds names in a sorted list, for names that mostly come in sorted order too (a stored
/// item's members do): each search starts where the last one ended, and from the start
/// again when a name sorts before the one before it.
#[derive(Default)]
pub(crate) struct SortedNames<'a> {
    next: usize,
    last: &'a str,
}

impl<'a> SortedNames<'a> {
    /// Whether `names` (sorted) holds `name`.
    pub(crate) fn holds(&mut self, names: &[&str], name: &'a str) -> bool {
        if compare(name, self.last) == Ordering::Less {
            self.next = 0;
        }
        self.last = name;
        while let Some(candidate) = names.get(self.next) {
            match compare(candidate, name) {
                Ordering::Less => self.next += 1,
                Ordering::Equal => {
                    self.next += 1;
                    return true;
                }
                Ordering::Greater => return false,
            }
        }
        false
    }
}

/// Byte order of two short names, without a call to the C library's `memcmp` (which costs
/// more than the comparison itself for names of a few bytes).
fn compare(a: &str, b: &str) -> Ordering {
    for (x, y) in a.bytes().zip(b.bytes()) {
        if x != y {
            return x.cmp(&y);
        }
    }
    a.len().cmp(&b.len())
}

/// The first index from `at` that is not JSON white space.
fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(at) {
        at += 1;
    }
    at
}

/// The index of the quote that closes the string opening at `at`, and whether the string
/// holds an escape.
fn string_end(bytes: &[u8], at: usize) -> Option<(usize, bool)> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut index = at + 1;
    let mut escaped = false;
    loop {
        // Eight bytes at a time while none of them is a quote or a backslash: a byte of the
        // word XOR the byte sought is zero where they are equal, and the lowest zero byte of
        // a word `x` is the lowest high bit of `(x - 0x01..01) & !x & 0x80..80`.
        while let Some(chunk) = bytes.get(index..index + 8) {
            let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            let quote = word ^ (ONES * u64::from(b'"'));
            let backslash = word ^ (ONES * u64::from(b'\\'));
            let found = (quote.wrapping_sub(ONES) & !quote | backslash.wrapping_sub(ONES) & !backslash) & HIGHS;
            if found != 0 {
                index += found.trailing_zeros() as usize / 8;
                break;
            }
            index += 8;
        }
        match *bytes.get(index)? {
            b'"' => return Some((index, escaped)),
            b'\\' => {
                escaped = true;
                index += 2;
            }
            _ => index += 1,
        }
    }
}

/// The index just past the JSON value starting at `at`.
fn value_end(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at)? {
        b'"' => string_end(bytes, at).map(|(end, _)| end + 1),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut index = at;
            while let Some(&byte) = bytes.get(index) {
                match byte {
                    b'"' => index = string_end(bytes, index)?.0,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(index + 1);
                        }
                    }
                    _ => {}
                }
                index += 1;
            }
            None
        }
        _ => {
            let mut index = at;
            while let Some(&byte) = bytes.get(index) {
                if matches!(byte, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                    break;
                }
                index += 1;
            }
            (index > at).then_some(index)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(text: &str) -> Option<Vec<Member<'_>>> {
        let mut found = Vec::new();
        each_member(text, |member| found.push(member))?;
        Some(found)
    }

    fn pairs(text: &str) -> Option<Vec<(&str, &str)>> {
        Some(members(text)?.into_iter().map(|member| (member.name, member.value)).collect())
    }

    #[test]
    fn members_are_delimited_whatever_their_values_hold() {
        let text =
            r#"{"a":"x\"}]\\","b":[1,{"c":"]}\""},[]],"d":{"e":[{"f":null}]},"g":-1.5e3,"h":true,"i":null,"j":"é ✓"}"#;
        assert_eq!(
            pairs(text).unwrap(),
            [
                ("a", r#""x\"}]\\""#),
                ("b", r#"[1,{"c":"]}\""},[]]"#),
                ("d", r#"{"e":[{"f":null}]}"#),
                ("g", "-1.5e3"),
                ("h", "true"),
                ("i", "null"),
                ("j", "\"é ✓\"")
            ]
        );
        let long = format!(r#"{{"a":"{}\"{}","b":1}}"#, "x".repeat(37), "y".repeat(9));
        assert_eq!(pairs(&long).unwrap()[1], ("b", "1"), "a quote found past the first eight bytes");
        let spaced = " { \"a\" : 1 ,\n \"b\" : \"two\" } ";
        let found = members(spaced).unwrap();
        assert_eq!((found[1].name, found[1].value), ("b", "\"two\""));
        assert_eq!(&spaced[found[1].span.clone()], "\"b\" : \"two\"");
        assert_eq!(pairs("{}").unwrap(), []);
    }

    #[test]
    fn what_is_not_a_plain_object_is_not_read() {
        for text in [
            "[1]",
            "\"a\"",
            r#"{"a":1"#,
            r#"{"a":"1}"#,
            r#"{"a":1}x"#,
            r#"{"a\u0062":1}"#,
            r#"{"a":}"#,
            r#"{"a" 1}"#,
            r#"{"a":[1}"#,
            "",
        ] {
            assert_eq!(pairs(text), None, "{text}");
        }
    }

    #[test]
    fn sorted_names_are_found_in_any_order_of_asking() {
        let names = ["album_id", "genre", "song_id", "title", "version"];
        let mut search = SortedNames::default();
        let asked = ["album_id", "artist", "genre", "tenant_id", "title", "version", "zzz", "genre", "a", "song_id"];
        let found: Vec<bool> = asked.iter().map(|name| search.holds(&names, name)).collect();
        assert_eq!(found, [true, false, true, false, true, true, false, true, false, true]);
    }
}
