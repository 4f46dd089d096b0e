//! [`TagKind`]: what an explicit YAML tag means to Helm's reader.
//!
//! go-yaml v2 honours the standard scalar tags (`!!str`, `!!int`, `!!float`, `!!bool`,
//! `!!null`, `!!binary`, `!!timestamp`), `!!map`/`!!seq` (and `!!set`, `!!omap`, `!!pairs`,
//! read as plain maps and lists) and `!!merge`, in short or long form
//! (`!<tag:yaml.org,2002:int>`), and reads a non-specific `!` as a string. Every other tag is
//! silently dropped by Helm, which hides mistakes (`!vault secret` becomes `"secret"`), so
//! strata refuses it.

use saphyr_parser::Tag;

const CORE_PREFIX: &str = "tag:yaml.org,2002:";

/// The meaning of an explicit tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TagKind {
    /// `!`: the scalar is a string.
    NonSpecific,
    Str,
    Int,
    Float,
    Bool,
    Null,
    Binary,
    Timestamp,
    Map,
    Seq,
    Merge,
    /// Any other tag, as it would be written (`!vault`, `!!python/tuple`).
    Other(String),
}

impl TagKind {
    /// Classifies a tag as the parser reports it (handle resolved, suffix).
    pub fn of(tag: &Tag) -> TagKind {
        if tag.handle.is_empty() && tag.suffix == "!" {
            return TagKind::NonSpecific;
        }
        if tag.handle == "!" {
            return TagKind::Other(format!("!{}", tag.suffix));
        }
        let full = format!("{}{}", tag.handle, tag.suffix);
        let Some(core) = full.strip_prefix(CORE_PREFIX) else {
            return TagKind::Other(format!("!<{full}>"));
        };
        match core {
            "str" => TagKind::Str,
            "int" => TagKind::Int,
            "float" => TagKind::Float,
            "bool" => TagKind::Bool,
            "null" => TagKind::Null,
            "binary" => TagKind::Binary,
            "timestamp" => TagKind::Timestamp,
            // `!!set` is a map of nulls and `!!omap`/`!!pairs` a list of one-key maps, which
            // is what go-yaml v2 makes of them (checked on Helm 3.17.3).
            "map" | "set" => TagKind::Map,
            "seq" | "omap" | "pairs" => TagKind::Seq,
            "merge" => TagKind::Merge,
            other => TagKind::Other(format!("!!{other}")),
        }
    }

    /// Returns the tag as a user would write it, for messages.
    pub fn display(&self) -> String {
        match self {
            TagKind::NonSpecific => "!".to_string(),
            TagKind::Str => "!!str".to_string(),
            TagKind::Int => "!!int".to_string(),
            TagKind::Float => "!!float".to_string(),
            TagKind::Bool => "!!bool".to_string(),
            TagKind::Null => "!!null".to_string(),
            TagKind::Binary => "!!binary".to_string(),
            TagKind::Timestamp => "!!timestamp".to_string(),
            TagKind::Map => "!!map".to_string(),
            TagKind::Seq => "!!seq".to_string(),
            TagKind::Merge => "!!merge".to_string(),
            TagKind::Other(text) => text.clone(),
        }
    }
}

/// Returns true when `text` is a timestamp in one of the layouts go-yaml v2 accepts for
/// `!!timestamp`: `2006-1-2`, `2006-1-2 15:4:5.999999999` and `2006-1-2T15:4:5.999999999Z07:00`
/// (with `T` or `t`). Ranges of months, days and hours are checked, not the length of a month.
pub(crate) fn is_go_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    let Some(_) = take_digits(b, &mut i, 4, 4, 0, 9999) else {
        return false;
    };
    if !take_byte(b, &mut i, b'-')
        || take_digits(b, &mut i, 1, 2, 1, 12).is_none()
        || !take_byte(b, &mut i, b'-')
        || take_digits(b, &mut i, 1, 2, 1, 31).is_none()
    {
        return false;
    }
    if i == b.len() {
        return true;
    }
    let zoned = match b[i] {
        b'T' | b't' => true,
        b' ' => false,
        _ => return false,
    };
    i += 1;
    if take_digits(b, &mut i, 1, 2, 0, 23).is_none()
        || !take_byte(b, &mut i, b':')
        || take_digits(b, &mut i, 1, 2, 0, 59).is_none()
        || !take_byte(b, &mut i, b':')
        || take_digits(b, &mut i, 1, 2, 0, 59).is_none()
    {
        return false;
    }
    if take_byte(b, &mut i, b'.') && take_digits(b, &mut i, 1, 9, 0, 999_999_999).is_none() {
        return false;
    }
    if !zoned {
        return i == b.len();
    }
    if take_byte(b, &mut i, b'Z') {
        return i == b.len();
    }
    if !(take_byte(b, &mut i, b'+') || take_byte(b, &mut i, b'-')) {
        return false;
    }
    take_digits(b, &mut i, 2, 2, 0, 23).is_some()
        && take_byte(b, &mut i, b':')
        && take_digits(b, &mut i, 2, 2, 0, 59).is_some()
        && i == b.len()
}

fn take_byte(b: &[u8], i: &mut usize, want: u8) -> bool {
    if b.get(*i) == Some(&want) {
        *i += 1;
        true
    } else {
        false
    }
}

fn take_digits(b: &[u8], i: &mut usize, min: usize, max: usize, lo: u32, hi: u32) -> Option<u32> {
    let start = *i;
    let mut value: u32 = 0;
    while *i < b.len() && *i - start < max && b[*i].is_ascii_digit() {
        value = value * 10 + u32::from(b[*i] - b'0');
        *i += 1;
    }
    (*i - start >= min && (lo..=hi).contains(&value)).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(handle: &str, suffix: &str) -> Tag {
        Tag {
            handle: handle.to_string(),
            suffix: suffix.to_string(),
        }
    }

    #[test]
    fn classifies_tags_as_the_parser_reports_them() {
        let rows = [
            (tag("", "!"), TagKind::NonSpecific),
            (tag(CORE_PREFIX, "str"), TagKind::Str),
            (tag(CORE_PREFIX, "int"), TagKind::Int),
            (tag(CORE_PREFIX, "binary"), TagKind::Binary),
            (tag(CORE_PREFIX, "merge"), TagKind::Merge),
            (tag("", "tag:yaml.org,2002:float"), TagKind::Float),
            (tag("!", "vault"), TagKind::Other("!vault".into())),
            (
                tag(CORE_PREFIX, "python/tuple"),
                TagKind::Other("!!python/tuple".into()),
            ),
            (
                tag("tag:example.com,2000:", "foo"),
                TagKind::Other("!<tag:example.com,2000:foo>".into()),
            ),
        ];
        for (tag, expected) in rows {
            assert_eq!(TagKind::of(&tag), expected, "{tag:?}");
        }
        assert_eq!(TagKind::Int.display(), "!!int");
    }

    #[test]
    fn recognises_go_timestamps() {
        let rows = [
            ("2015-01-01", true),
            ("2015-1-2", true),
            ("2015-02-24T18:19:39Z", true),
            ("2015-02-24t18:19:39.12Z", true),
            ("2015-2-3T3:4:5Z", true),
            ("2015-02-24T18:19:39.123456789-03:00", true),
            ("2015-02-24 18:19:39", true),
            ("2001-12-14 21:59:43.10 -5", false),
            ("2015-13-01", false),
            ("2015-02-24T18:19:39", false),
            ("15-01-01", false),
            ("hello", false),
            ("", false),
        ];
        for (text, expected) in rows {
            assert_eq!(is_go_timestamp(text), expected, "{text:?}");
        }
    }
}
