//! Tracing a rendered text back to the value that produced it: the one leaf of the
//! release's effective values holding exactly that text.

use crate::values::{KeyPath, Node, Value};

/// Returns ` (from `podLabels.app`, environments/staging/mysql.yaml:4:8)` when exactly one
/// value of `values` is `text` (or exactly one written in an overlay), else `""`: a guess
/// between several would mislead.
pub(crate) fn traced(values: &Node, text: &str) -> String {
    let mut found = Vec::new();
    collect(values, &mut KeyPath::root(), text, &mut found);
    if found.len() > 1 {
        found.retain(|(_, node)| node.origin.source.starts_with("environments/"));
    }
    match found.as_slice() {
        [(path, node)] => format!(" (from `{path}`, {})", node.origin),
        _ => String::new(),
    }
}

fn collect<'a>(
    node: &'a Node,
    path: &mut KeyPath,
    text: &str,
    found: &mut Vec<(KeyPath, &'a Node)>,
) {
    match &node.value {
        Value::String(s) if s == text => found.push((path.clone(), node)),
        Value::Map(map) => {
            for (key, child) in map {
                path.push(crate::values::Segment::Key(key.to_string()));
                collect(child, path, text, found);
                path.pop();
            }
        }
        Value::List(items) => {
            for (i, child) in items.iter().enumerate() {
                path.push(crate::values::Segment::Index(i));
                collect(child, path, text, found);
                path.pop();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::test_tree as tree;

    #[test]
    fn names_the_one_value_holding_the_text() {
        let values = tree(
            "environments/dev/web.yaml",
            "podLabels: {app: shop}\nname: web\nother: web\n",
        );
        assert_eq!(
            traced(&values, "shop"),
            " (from `podLabels.app`, environments/dev/web.yaml:1:18)"
        );
        assert_eq!(traced(&values, "web"), "");
        assert_eq!(traced(&values, "absent"), "");
    }
}
