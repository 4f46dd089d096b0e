//! The modules of `src/` form a layered graph: a module names only modules below it, never
//! one that names it back, directly or through others (ARCHITECTURE.md, "Modules").
//!
//! A module is a folder of `src/`; it names another when one of its files outside tests
//! (the text before the first `#[cfg(test)]`, files not under a `tests` folder) mentions
//! `crate::<other>`, in code, a path or a doc link alike.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// For each module, the modules it names.
type Graph = BTreeMap<String, BTreeSet<String>>;

/// Returns the `.rs` files under `dir` that are not test files: not under a `tests` folder.
fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("a listed entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if path.file_name().is_some_and(|name| name != "tests") {
                source_files(&path, out);
            }
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// Returns the names that follow `crate::` in `text`.
fn named_modules(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            names.insert(name);
        }
    }
    names
}

/// Reads the graph of the modules under `src`.
fn module_graph(src: &Path) -> Graph {
    let mut modules: Vec<String> = fs::read_dir(src)
        .expect("src/ lists")
        .map(|entry| entry.expect("a listed entry").path())
        .filter(|path| path.is_dir())
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    modules.sort();
    let known: BTreeSet<&String> = modules.iter().collect();
    let mut graph = Graph::new();
    for module in &modules {
        let mut files = Vec::new();
        source_files(&src.join(module), &mut files);
        let mut named = BTreeSet::new();
        for file in files {
            let text = fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            named.extend(
                named_modules(code)
                    .into_iter()
                    .filter(|name| name != module && known.contains(name)),
            );
        }
        graph.insert(module.clone(), named);
    }
    graph
}

/// Returns, for every link `a -> b` where `b` leads back to `a`, the way round:
/// `a -> b -> ... -> a` (the shortest way back), in the graph's order.
fn cycles(graph: &Graph) -> Vec<String> {
    let mut found = Vec::new();
    for (from, named) in graph {
        for to in named {
            // Breadth first from `to`, each module with the one it was reached from.
            let mut reached_from: BTreeMap<&String, &String> = BTreeMap::new();
            let mut todo = std::collections::VecDeque::from([to]);
            while let Some(module) = todo.pop_front() {
                for next in graph.get(module).into_iter().flatten() {
                    if next != to && !reached_from.contains_key(next) {
                        reached_from.insert(next, module);
                        todo.push_back(next);
                    }
                }
            }
            if !reached_from.contains_key(from) {
                continue;
            }
            // Back from `from` to `to`, then turned round: from -> to -> ... -> from.
            let mut back = vec![from.as_str()];
            let mut at = from;
            while at != to {
                at = reached_from[at];
                back.push(at);
            }
            back[1..].reverse();
            back.push(from);
            found.push(back.join(" -> "));
        }
    }
    found
}

#[test]
fn the_modules_of_src_name_no_module_that_names_them_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = module_graph(&src);
    assert!(
        graph.len() > 10,
        "src/ should hold the modules of DESIGN §2, found {graph:?}"
    );
    let found = cycles(&graph);
    assert!(
        found.is_empty(),
        "modules that name each other (move the shared type below both, or hand the data \
         down):\n{}",
        found.join("\n")
    );
}

#[test]
fn a_module_naming_its_namer_back_is_a_cycle() {
    let graph = |edges: &[(&str, &[&str])]| -> Graph {
        edges
            .iter()
            .map(|(from, to)| (from.to_string(), to.iter().map(|t| t.to_string()).collect()))
            .collect()
    };
    let rows: &[(&str, Graph, &[&str])] = &[
        (
            "layered",
            graph(&[
                ("cli", &["lint", "values"]),
                ("lint", &["values"]),
                ("values", &[]),
            ]),
            &[],
        ),
        (
            "two modules naming each other",
            graph(&[("layer", &["schema"]), ("schema", &["layer"])]),
            &["layer -> schema -> layer", "schema -> layer -> schema"],
        ),
        (
            "through a third",
            graph(&[("a", &["b"]), ("b", &["c"]), ("c", &["a"])]),
            &["a -> b -> c -> a", "b -> c -> a -> b", "c -> a -> b -> c"],
        ),
    ];
    for (description, graph, expected) in rows {
        assert_eq!(cycles(graph), *expected, "{description}");
    }
}

#[test]
fn names_are_read_after_crate_and_test_code_is_left_out() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let src = dir.path();
    let write = |path: &str, text: &str| {
        let path = src.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    write(
        "lint/mod.rs",
        "//! Uses [`Node`](crate::values::Node).\nuse crate::settings::Rule;\n#[cfg(test)]\nmod tests { use crate::cli; }\n",
    );
    write("lint/tests/support.rs", "use crate::diff;\n");
    write(
        "settings/mod.rs",
        "pub fn f() -> crate::values::Value { todo() }\n",
    );
    write("values/mod.rs", "use crate::unknown::X;\n");
    write("cli/mod.rs", "");
    write("diff/mod.rs", "");
    let graph = module_graph(src);
    let named = |module: &str| -> Vec<&str> { graph[module].iter().map(String::as_str).collect() };
    assert_eq!(named("lint"), ["settings", "values"]);
    assert_eq!(named("settings"), ["values"]);
    assert!(named("values").is_empty());
}
