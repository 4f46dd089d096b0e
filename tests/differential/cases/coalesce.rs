//! §5 Coalescing user values with a chart's defaults: every row of the table, and every
//! type-conflict warning with Go's `%v` rendering of the values.

use crate::case::{Case, Section};

/// Cases start on the `plain` fixture (assorted defaults, no subcharts).
fn case(name: &str) -> Case {
    Case::new(Section::Coalesce, name).chart("plain")
}

pub fn cases() -> Vec<Case> {
    let mut all = Vec::new();
    all.extend(table_rows());
    all.extend(type_changes());
    all.extend(warning_rendering());
    all
}

fn table_rows() -> Vec<Case> {
    vec![
        case("defaults_only_keep_default_nulls")
            .shows("/nothing", "null")
            .shows("/tilde", "null")
            .shows("/blank", "null")
            .shows("/nested/deep/nothing", "null")
            .shows("/listOfMaps/1/value", "null"),
        case("user_key_without_default_added")
            .values("newKey: 1\nnested: {newNested: {a: 1}}\n")
            .shows("/newKey", "1")
            .shows("/nested/newNested", r#"{"a":1}"#)
            .shows("/nested/scalar", "1"),
        case("user_null_without_default_kept")
            .values("newKey: null\nnested:\n  newNull: ~\n  fresh: {inner: null}\n")
            .shows("/newKey", "null")
            .shows("/nested/newNull", "null")
            .shows("/nested/fresh", r#"{"inner":null}"#),
        case("user_null_removes_default_scalar")
            .values("replicaCount: null\n")
            .lacks("/replicaCount"),
        case("user_null_removes_default_map")
            .values("image: null\n")
            .lacks("/image"),
        case("user_null_removes_default_list")
            .values("ports: ~\n")
            .lacks("/ports"),
        case("user_null_removes_default_empty_map_and_list")
            .values("emptyMap: null\nemptyList: null\n")
            .lacks("/emptyMap")
            .lacks("/emptyList"),
        case("user_null_over_default_null_top_level_removed")
            .values("nothing: null\ntilde: null\n")
            .lacks("/nothing")
            .lacks("/tilde"),
        case("user_null_over_default_null_nested_removed")
            .values("nested:\n  deep:\n    nothing: null\n  nothing: null\n")
            .lacks("/nested/deep/nothing")
            .lacks("/nested/nothing")
            .on_helm4(|c| {
                c.succeeds()
                    .shows("/nested/deep/nothing", "null")
                    .shows("/nested/nothing", "null")
            }),
        case("user_null_removes_nested_default")
            .values("nested:\n  deep:\n    value: null\nimage:\n  tag: null\n")
            .shows("/nested/deep", r#"{"keep":"x","nothing":null}"#)
            .shows("/image", r#"{"pullPolicy":"IfNotPresent","repository":"nginx"}"#),
        case("user_null_empties_a_default_map")
            .values("nested:\n  table:\n    x: null\n")
            .shows("/nested/table", "{}"),
        case("user_null_from_set")
            .set("image.tag=null,replicaCount=null")
            .lacks("/image/tag")
            .lacks("/replicaCount"),
        case("user_null_from_set_json")
            .args(&["--set-json", "image=null"])
            .lacks("/image"),
        case("user_null_from_second_file_removes_default")
            .values("replicaCount: 3\n")
            .values("replicaCount: null\n")
            .lacks("/replicaCount"),
        case("maps_recurse")
            .values("image:\n  tag: \"2.0\"\nnested:\n  deep:\n    keep: other\n")
            .shows("/image", r#"{"pullPolicy":"IfNotPresent","repository":"nginx","tag":"2.0"}"#)
            .shows("/nested/deep", r#"{"keep":"other","nothing":null,"value":1}"#),
        case("user_value_over_default_null_silently")
            .values("nothing: 5\ntilde: [1]\nblank: {a: 1}\nnested:\n  nothing: {a: 1}\n  deep:\n    nothing: x\n")
            .shows("/nothing", "5")
            .shows("/tilde", "[1]")
            .shows("/blank", r#"{"a":1}"#)
            .shows("/nested/nothing", r#"{"a":1}"#)
            .shows("/nested/deep/nothing", r#""x""#),
        case("empty_map_over_map_changes_nothing")
            .values("image: {}\nnested: {deep: {}}\n")
            .shows("/image", r#"{"pullPolicy":"IfNotPresent","repository":"nginx","tag":"1.25"}"#)
            .shows("/nested/deep/value", "1"),
        case("empty_map_default_takes_user_map")
            .values("emptyMap: {a: 1}\nnested: {empty: {b: 2}}\n")
            .shows("/emptyMap", r#"{"a":1}"#)
            .shows("/nested/empty", r#"{"b":2}"#),
        case("nulls_inside_user_lists_stay")
            .values("ports: [1, null]\nlistOfMaps:\n  - name: c\n    value: null\n")
            .shows("/ports", "[1,null]")
            .shows("/listOfMaps", r#"[{"name":"c","value":null}]"#),
        case("lists_never_merge_with_default_lists")
            .values("ports: [8080]\nnested: {list: []}\n")
            .shows("/ports", "[8080]")
            .shows("/nested/list", "[]"),
        case("user_null_then_set_value_wins")
            .values("replicaCount: null\n")
            .set("replicaCount=3")
            .shows("/replicaCount", "3"),
        case("user_values_on_bare_chart_keep_nulls")
            .chart("bare")
            .values("a: null\nb: {c: null}\n")
            .shows("", r#"{"a":null,"b":{"c":null}}"#),
    ]
}

fn type_changes() -> Vec<Case> {
    vec![
        case("scalar_over_map_top_level_no_warning")
            .values("image: 5\n")
            .shows("/image", "5"),
        case("scalar_over_map_nested_warns")
            .values("nested:\n  table: 5\n")
            .shows("/nested/table", "5")
            .warns("warning: cannot overwrite table with non table for plain.nested.table (map[x:1])"),
        case("map_over_scalar_top_level_warns")
            .values("replicaCount: {a: 1}\n")
            .shows("/replicaCount", r#"{"a":1}"#)
            .warns("warning: skipped value for plain.replicaCount: Not a table."),
        case("map_over_scalar_nested_warns")
            .values("nested:\n  scalar: {a: 1}\n")
            .shows("/nested/scalar", r#"{"a":1}"#)
            .warns("warning: destination for plain.nested.scalar is a table. Ignoring non-table value (1)"),
        case("map_over_scalar_deep_path")
            .values("nested:\n  deep:\n    value:\n      a: 1\n")
            .shows("/nested/deep/value", r#"{"a":1}"#)
            .warns("warning: destination for plain.nested.deep.value is a table. Ignoring non-table value (1)"),
        case("list_over_map_top_level_no_warning")
            .values("image: [a]\n")
            .shows("/image", r#"["a"]"#),
        case("list_over_map_nested_warns")
            .values("nested:\n  table: [1]\n")
            .shows("/nested/table", "[1]")
            .warns("warning: cannot overwrite table with non table for plain.nested.table (map[x:1])"),
        case("map_over_list_top_level_warns")
            .values("ports: {http: 80}\n")
            .shows("/ports", r#"{"http":80}"#)
            .warns("warning: skipped value for plain.ports: Not a table."),
        case("map_over_list_nested_warns")
            .values("nested:\n  list: {a: 1}\n")
            .shows("/nested/list", r#"{"a":1}"#)
            .warns("warning: destination for plain.nested.list is a table. Ignoring non-table value ([a b])"),
        case("scalar_and_list_swap_without_warning")
            .values("ports: 8080\nreplicaCount: [1]\nnested:\n  list: x\n  scalar: [1]\n")
            .shows("/ports", "8080")
            .shows("/replicaCount", "[1]")
            .shows("/nested/list", r#""x""#)
            .shows("/nested/scalar", "[1]"),
        case("scalar_types_swap_without_warning")
            .values("replicaCount: \"one\"\nenabled: 1\nname: false\nnested:\n  scalar: x\n")
            .shows("/replicaCount", r#""one""#)
            .shows("/enabled", "1")
            .shows("/name", "false")
            .shows("/nested/scalar", r#""x""#),
        case("empty_map_over_scalar_top_level_wins_with_warning")
            .values("replicaCount: {}\n")
            .shows("/replicaCount", "{}")
            .warns("warning: skipped value for plain.replicaCount: Not a table."),
        case("empty_map_over_scalar_nested_wins_with_warning")
            .values("nested:\n  scalar: {}\n")
            .shows("/nested/scalar", "{}")
            .warns("warning: destination for plain.nested.scalar is a table. Ignoring non-table value (1)"),
        case("empty_list_over_map_nested_warns")
            .values("nested:\n  table: []\n")
            .shows("/nested/table", "[]")
            .warns("cannot overwrite table with non table for plain.nested.table (map[x:1])"),
        case("scalar_over_empty_map_nested_warns")
            .values("nested:\n  empty: 0\n")
            .shows("/nested/empty", "0")
            .warns("warning: cannot overwrite table with non table for plain.nested.empty (map[])"),
        case("map_over_empty_list_nested")
            .chart("bare")
            .defaults("holder:\n  emptyList: []\n")
            .values("holder:\n  emptyList: {a: 1}\n")
            .shows("/holder/emptyList", r#"{"a":1}"#)
            .warns("Ignoring non-table value ([])"),
        case("type_change_from_set_warns")
            .set("nested.table=5,replicaCount.a=1")
            .shows("/nested/table", "5")
            .shows("/replicaCount", r#"{"a":1}"#)
            .warns("cannot overwrite table with non table for plain.nested.table (map[x:1])")
            .warns("skipped value for plain.replicaCount: Not a table."),
        case("type_change_from_set_json_warns")
            .args(&["--set-json", r#"nested={"scalar":{"a":1}}"#])
            .shows("/nested/scalar", r#"{"a":1}"#)
            .warns("destination for plain.nested.scalar is a table. Ignoring non-table value (1)"),
        case("type_change_inside_list_element_no_warning")
            .values("listOfMaps:\n  - name: {x: 1}\n")
            .shows("/listOfMaps", r#"[{"name":{"x":1}}]"#),
        case("warnings_use_the_chart_name")
            .chart("bare")
            .defaults("a: 1\nm:\n  b: 1\n  c: {x: 1}\n")
            .values("a: {x: 1}\nm:\n  b: {x: 1}\n  c: 1\n")
            .warns("skipped value for bare.a: Not a table.")
            .warns("destination for bare.m.b is a table. Ignoring non-table value (1)")
            .warns("cannot overwrite table with non table for bare.m.c (map[x:1])"),
    ]
}

/// The warnings print the default's value with Go's `%v`.
fn warning_rendering() -> Vec<Case> {
    let over_numbers = "numbers:\n  million: {a: 1}\n  huge: {a: 1}\n  tiny: {a: 1}\n  float: {a: 1}\n  negativeZero: {a: 1}\n  beyond53: {a: 1}\n  octal: {a: 1}\n";
    vec![
        case("warning_renders_floats_like_go")
            .values(over_numbers)
            .warns("plain.numbers.million is a table. Ignoring non-table value (1e+06)")
            .warns("plain.numbers.huge is a table. Ignoring non-table value (1.2345678901234567e+19)")
            .warns("plain.numbers.tiny is a table. Ignoring non-table value (1e-07)")
            .warns("plain.numbers.float is a table. Ignoring non-table value (1.5)")
            .warns("plain.numbers.negativeZero is a table. Ignoring non-table value (-0)")
            .warns("plain.numbers.beyond53 is a table. Ignoring non-table value (9.007199254740992e+15)")
            .warns("plain.numbers.octal is a table. Ignoring non-table value (8)"),
        case("warning_renders_six_and_seven_digit_floats")
            .chart("bare")
            .defaults("m:\n  a: 123456\n  b: 1234567\n  c: 100000\n  d: 0.0001\n  e: 0.00001\n  f: -2.5e-5\n")
            .values("m:\n  a: {x: 1}\n  b: {x: 1}\n  c: {x: 1}\n  d: {x: 1}\n  e: {x: 1}\n  f: {x: 1}\n")
            .warns("(123456)")
            .warns("(1.234567e+06)")
            .warns("(100000)")
            .warns("(0.0001)")
            .warns("(1e-05)")
            .warns("(-2.5e-05)"),
        case("warning_renders_bools_strings_and_lists")
            .chart("bare")
            .defaults("m:\n  a: true\n  b: hello world\n  c: \"\"\n  d: [1, [2, 3], {k: v}]\n  e: []\n")
            .values("m:\n  a: {x: 1}\n  b: {x: 1}\n  c: {x: 1}\n  d: {x: 1}\n  e: {x: 1}\n")
            .warns("bare.m.a is a table. Ignoring non-table value (true)")
            .warns("bare.m.b is a table. Ignoring non-table value (hello world)")
            .warns("bare.m.c is a table. Ignoring non-table value ()")
            .warns("bare.m.d is a table. Ignoring non-table value ([1 [2 3] map[k:v]])")
            .warns("bare.m.e is a table. Ignoring non-table value ([])"),
        case("warning_renders_nested_maps_sorted")
            .values("nested:\n  deep: 5\n")
            .warns("cannot overwrite table with non table for plain.nested.deep (map[keep:x nothing:<nil> value:1])"),
        case("warning_renders_list_of_maps")
            .chart("bare")
            .defaults("m:\n  l:\n    - name: a\n      v: null\n    - {z: 1, a: 2}\n")
            .values("m:\n  l: {x: 1}\n")
            .warns("bare.m.l is a table. Ignoring non-table value ([map[name:a v:<nil>] map[a:2 z:1]])"),
        case("warning_renders_multiline_string")
            .values("strings:\n  multiline: {a: 1}\n")
            .warns("plain.strings.multiline is a table. Ignoring non-table value (line one"),
        case("warning_for_bool_key_path")
            .values("strings:\n  yes: {a: 1}\n")
            .warns("plain.strings.true is a table. Ignoring non-table value (true)"),
        case("warnings_all_at_once")
            .values("image: 1\nreplicaCount: {a: 1}\nports: {a: 1}\nnested:\n  table: 1\n  scalar: {a: 1}\n  list: {a: 1}\n  deep: [1]\n")
            .warns("skipped value for plain.replicaCount: Not a table.")
            .warns("skipped value for plain.ports: Not a table.")
            .warns("cannot overwrite table with non table for plain.nested.table (map[x:1])")
            .warns("destination for plain.nested.scalar is a table. Ignoring non-table value (1)")
            .warns("destination for plain.nested.list is a table. Ignoring non-table value ([a b])")
            .warns("cannot overwrite table with non table for plain.nested.deep"),
    ]
}
