//! §3 Merging -f files: maps merge recursively, everything else replaces, left to right.

use crate::case::{Case, Section};

fn case(name: &str) -> Case {
    Case::new(Section::Files, name)
}

pub fn cases() -> Vec<Case> {
    vec![
        case("files_dash_with_spaces_reads_standard_input")
            .stdin("x: 1\n")
            .args(&["-f", "  -  "])
            .shows("/x", "1"),
        case("files_empty_path_is_no_file")
            .args(&["-f", ""])
            .shows("", "{}"),
        case("files_empty_path_between_commas_is_missing")
            .args(&["-f", ","])
            .fails("open : no such file or directory"),
        case("files_path_with_an_invalid_url_escape_is_refused")
            .file("%a.txt", "a: 1\n")
            .args(&["-f", "%a.txt"])
            .fails(r#"parse "%a.txt": invalid URL escape "%a.""#),
        case("files_maps_merge_recursively")
            .values("a: {x: 1, m: {p: 1}}\n")
            .values("a: {z: 2, m: {q: 2}}\n")
            .shows("/a", r#"{"m":{"p":1,"q":2},"x":1,"z":2}"#),
        case("files_later_scalar_replaces")
            .values("a: 1\nb: x\n")
            .values("a: 2\n")
            .shows("", r#"{"a":2,"b":"x"}"#),
        case("files_scalar_replaces_map")
            .values("a: {x: 1}\n")
            .values("a: 5\n")
            .shows("/a", "5"),
        case("files_map_replaces_scalar")
            .values("a: 5\n")
            .values("a: {x: 1}\n")
            .shows("/a", r#"{"x":1}"#),
        case("files_list_replaces_map")
            .values("a: {x: 1}\n")
            .values("a: [1]\n")
            .shows("/a", "[1]"),
        case("files_map_replaces_list")
            .values("a: [1]\n")
            .values("a: {x: 1}\n")
            .shows("/a", r#"{"x":1}"#),
        case("files_null_replaces_anything")
            .values("a: {x: 1}\nb: [1]\nc: 1\n")
            .values("a: null\nb: ~\nc:\n")
            .shows("", r#"{"a":null,"b":null,"c":null}"#),
        case("files_value_replaces_null")
            .values("a: null\n")
            .values("a: {x: 1}\n")
            .shows("/a", r#"{"x":1}"#),
        case("files_lists_replace_whole")
            .values("l: [1, 2, 3]\n")
            .values("l: [9]\n")
            .shows("/l", "[9]"),
        case("files_empty_list_replaces")
            .values("l: [1, 2, 3]\n")
            .values("l: []\n")
            .shows("/l", "[]"),
        case("files_empty_map_merges_as_nothing")
            .values("m: {x: 1}\n")
            .values("m: {}\n")
            .shows("/m", r#"{"x":1}"#),
        case("files_lists_of_maps_replace_whole")
            .values("l: [{name: a, v: 1}, {name: b, v: 2}]\n")
            .values("l: [{name: a, v: 9}]\n")
            .shows("/l", r#"[{"name":"a","v":9}]"#),
        case("files_list_default_replaced_by_file")
            .defaults("l: [1, 2, 3]\nm: {x: 1}\n")
            .values("l: [4]\n")
            .shows("", r#"{"l":[4],"m":{"x":1}}"#),
        case("files_empty_list_over_default")
            .defaults("l: [1, 2, 3]\n")
            .values("l: []\n")
            .shows("/l", "[]"),
        case("files_same_file_twice")
            .values("a: {x: 1}\nl: [1]\n")
            .values("a: {z: 2}\n")
            .args(&["-f", "1.yaml"])
            .shows("", r#"{"a":{"x":1,"z":2},"l":[1]}"#),
        case("files_same_file_twice_last_wins")
            .values("a: 1\n")
            .values("a: 2\n")
            .args(&["-f", "1.yaml"])
            .shows("/a", "1"),
        case("files_three_files_in_order")
            .values("a: 1\nb: 1\nc: 1\n")
            .values("b: 2\nc: 2\n")
            .values("c: 3\n")
            .shows("", r#"{"a":1,"b":2,"c":3}"#),
        case("files_long_form_values_flag")
            .file("v.yaml", "a: 1\n")
            .args(&["--values", "v.yaml"])
            .shows("/a", "1"),
        case("files_comma_separated_in_one_flag")
            .file("x.yaml", "a: 1\nb: 1\n")
            .file("z.yaml", "b: 2\n")
            .args(&["-f", "x.yaml,z.yaml"])
            .shows("", r#"{"a":1,"b":2}"#),
        case("files_in_subfolder")
            .file("env/prod/values.yaml", "a: prod\n")
            .args(&["-f", "env/prod/values.yaml"])
            .shows("/a", r#""prod""#),
        case("files_key_order_irrelevant")
            .values("z: 1\na: {m: 1, b: 2}\n")
            .values("a: {b: 3}\n")
            .shows("", r#"{"a":{"b":3,"m":1},"z":1}"#),
        case("files_no_warning_on_type_change_between_files")
            .values("a: {x: 1}\nb: 1\n")
            .values("a: 1\nb: {x: 1}\n")
            .shows("", r#"{"a":1,"b":{"x":1}}"#),
        case("files_file_null_then_map_then_default")
            .defaults("a: {x: 1, k: 2}\n")
            .values("a: null\n")
            .values("a: {k: 3}\n")
            .shows("/a", r#"{"k":3,"x":1}"#),
    ]
}
