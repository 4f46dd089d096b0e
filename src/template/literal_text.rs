//! [`literal_ranges`]: which bytes of a template are literal text, written to the output as
//! they are, and which are tags (`{{ }}`, `{% %}`, `{# #}`) that compute it. A promotion
//! edits a value in a template only where the value is literal text.

use std::ops::Range;

use super::line_marks::{next_tag, tag_end};

/// Returns the byte ranges of `template` outside its tags, in order (empty ones left out).
pub fn literal_ranges(template: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut at = 0;
    while at < template.len() {
        let Some(start) = next_tag(&template[at..]).map(|i| at + i) else {
            ranges.push(at..template.len());
            break;
        };
        if start > at {
            ranges.push(at..start);
        }
        at = start + tag_end(&template[start..]);
    }
    ranges
}

/// Returns the tags of `template` that start on line `line` (1-based), each with the byte
/// offset it starts at.
pub fn tags_on_line(template: &str, line: usize) -> Vec<(usize, &str)> {
    let Some(line_start) = line_offset(template, line) else {
        return Vec::new();
    };
    let line_end = template[line_start..]
        .find('\n')
        .map_or(template.len(), |i| line_start + i);
    let mut tags = Vec::new();
    let mut at = 0;
    while at < template.len() {
        let Some(start) = next_tag(&template[at..]).map(|i| at + i) else {
            break;
        };
        let end = start + tag_end(&template[start..]);
        if start >= line_end {
            break;
        }
        if start >= line_start {
            tags.push((start, &template[start..end]));
        }
        at = end;
    }
    tags
}

/// Returns the byte offset where line `line` (1-based) of `text` starts.
pub fn line_offset(text: &str, line: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let mut offset = 0;
    for _ in 1..line {
        offset += text[offset..].find('\n')? + 1;
    }
    Some(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_text_is_what_lies_outside_the_tags() {
        let template = "a: 1\nb: {{ x }}-y\n{% if z %}c: \"}}\"{% endif %}{# n #}\n";
        let pieces: Vec<&str> = literal_ranges(template)
            .into_iter()
            .map(|r| &template[r])
            .collect();
        assert_eq!(pieces, ["a: 1\nb: ", "-y\n", "c: \"}}\"", "\n"]);
        assert_eq!(literal_ranges("{{ a }}"), Vec::<Range<usize>>::new());
        assert_eq!(
            literal_ranges("a {{ open"),
            vec![std::ops::Range { start: 0, end: 2 }]
        );
    }

    #[test]
    fn tags_are_listed_by_the_line_they_start_on() {
        let template = "a: 1\nb: {{ x }}-{{ y }}\n{% if z %}\n";
        assert_eq!(tags_on_line(template, 1), []);
        assert_eq!(tags_on_line(template, 2), [(8, "{{ x }}"), (16, "{{ y }}")]);
        assert_eq!(tags_on_line(template, 3), [(24, "{% if z %}")]);
        assert_eq!(tags_on_line(template, 9), []);
        assert_eq!(line_offset(template, 3), Some(24));
        assert_eq!(line_offset(template, 0), None);
    }
}
