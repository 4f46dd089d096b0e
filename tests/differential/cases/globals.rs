//! §7 Globals: the top chart's `global`, what each subchart sees, and nulls in globals.

use crate::case::{Case, Section};

/// Cases start on the `subcharts` fixture (globals at every level).
fn case(name: &str) -> Case {
    Case::new(Section::Globals, name).chart("subcharts")
}

pub fn cases() -> Vec<Case> {
    vec![
        case("global_top_is_parent_defaults_only")
            .shows("/global", r#"{"list":["parent"],"region":"eu","shared":{"from":"parent","level":"top"}}"#)
            .lacks("/global/subGlobal")
            .lacks("/global/midGlobal"),
        case("global_user_values_coalesced_at_top")
            .values("global:\n  region: us\n  shared: {user: 1}\n  newGlobal: new\n")
            .shows("/global", r#"{"list":["parent"],"newGlobal":"new","region":"us","shared":{"from":"parent","level":"top","user":1}}"#)
            .shows_in("sub", "/global/region", r#""us""#)
            .shows_in("mid.leaf", "/global/newGlobal", r#""new""#),
        case("global_parent_wins_over_subchart_defaults")
            .shows_in("sub", "/global/shared", r#"{"extra":1,"from":"parent","level":"top"}"#)
            .shows_in("sub", "/global/subGlobal", r#""s""#),
        case("global_lists_replaced_not_merged")
            .shows_in("sub", "/global/list", r#"["parent"]"#)
            .shows("/sub/global/list", r#"["parent"]"#),
        case("global_every_level_down")
            .shows_in("mid", "/global/midGlobal", r#""m""#)
            .shows_in("mid.leaf", "/global/midGlobal", r#""m""#)
            .shows_in("mid.leaf", "/global/leafGlobal", r#""l""#)
            .shows_in("mid.leaf", "/global/shared", r#"{"from":"parent","level":"top","midOnly":1}"#)
            .lacks_in("mid", "/global/leafGlobal"),
        case("global_not_shared_between_siblings")
            .lacks_in("first", "/global/subGlobal")
            .lacks_in("sub", "/global/midGlobal"),
        case("global_under_subchart_key_in_user_values")
            .values("sub:\n  global:\n    region: section\n    fromSection: 1\n    shared: {section: 1}\n")
            .shows_in("sub", "/global/region", r#""eu""#)
            .shows_in("sub", "/global/fromSection", "1")
            .shows_in("sub", "/global/shared", r#"{"extra":1,"from":"parent","level":"top","section":1}"#)
            .lacks("/global/fromSection"),
        case("global_under_subchart_key_in_parent_values")
            .chart_file("values.yaml", "global:\n  region: eu\nsub:\n  global:\n    region: section\n    fromSection: 1\n")
            .shows_in("sub", "/global/region", r#""eu""#)
            .shows_in("sub", "/global/fromSection", "1")
            .lacks_in("first", "/global/fromSection"),
        case("global_under_sub_subchart_key")
            .values("mid:\n  leaf:\n    global:\n      fromLeafSection: 1\n  global:\n    fromMidSection: 1\n")
            .shows_in("mid.leaf", "/global/fromLeafSection", "1")
            .shows_in("mid.leaf", "/global/fromMidSection", "1")
            .shows_in("mid", "/global/fromMidSection", "1"),
        case("global_parent_default_scalar_over_subchart_global_map_wins")
            .chart_file("values.yaml", "global:\n  subMap: 5\n  subGlobal: {x: 1}\n")
            .shows_in("sub", "/global/subMap", "5")
            .shows_in("sub", "/global/subGlobal", r#"{"x":1}"#)
            .warns("warning: cannot overwrite table with non table for parent.sub.global.subMap (map[x:1])")
            .warns("warning: destination for parent.sub.global.subGlobal is a table. Ignoring non-table value (s)"),
        case("global_user_scalar_over_subchart_global_map_loses")
            .set("global.subMap=5")
            .shows("/global/subMap", "5")
            .shows_in("sub", "/global/subMap", r#"{"x":1}"#)
            .warns("warning: cannot overwrite table with non table for parent.sub.global.subMap (map[x:1])"),
        case("global_user_map_over_subchart_global_scalar_loses")
            .set("global.subGlobal.x=1")
            .shows("/global/subGlobal", r#"{"x":1}"#)
            .shows_in("sub", "/global/subGlobal", r#""s""#),
        case("global_user_null_deletes_subchart_default")
            .set("global.subGlobal=null")
            .lacks_in("sub", "/global/subGlobal")
            .shows("/global/subGlobal", "null"),
        case("global_user_null_deletes_leaf_default")
            .set("global.leafGlobal=null,global.midGlobal=null")
            .lacks_in("mid.leaf", "/global/leafGlobal")
            .lacks_in("mid", "/global/midGlobal")
            .shows_in("mid.leaf", "/global/midGlobal", r#""m""#),
        case("global_user_null_of_parent_default_listed_subchart_keeps_it")
            .set("global.region=null")
            .lacks("/global/region")
            .shows_in("sub", "/global/region", r#""eu""#)
            .shows_in("first", "/global/region", r#""eu""#)
            .shows_in("mid.leaf", "/global/region", r#""eu""#),
        case("global_user_null_of_parent_default_unlisted_subchart")
            .chart("unlisted")
            .set("global.region=null,global.extraGlobal=null")
            .lacks("/global/region")
            .shows("/global/extraGlobal", "null")
            .lacks_in("extra", "/global/region")
            .lacks_in("extra", "/global/extraGlobal"),
        case("global_unlisted_subchart_merges_globals")
            .chart("unlisted")
            .shows_in("extra", "/global", r#"{"extraGlobal":"x","region":"eu","shared":{"extra":1,"from":"parent"}}"#),
        case("global_user_null_nested_in_global_map")
            .set("global.shared.from=null")
            .shows("/global/shared", r#"{"level":"top"}"#)
            .shows_in("sub", "/global/shared/from", r#""parent""#),
        case("global_user_null_under_subchart_section_global")
            .set("sub.global.subGlobal=null")
            .lacks_in("sub", "/global/subGlobal")
            .shows_in("sub", "/global/region", r#""eu""#),
        case("global_user_null_for_whole_subchart_global")
            .set("sub.global=null")
            .lacks_in("sub", "/global")
            .lacks("/sub/global")
            .warns("warning: skipping globals because destination global is not a table."),
        case("global_whole_null")
            .set("global=null"),
        case("global_not_a_map_warns")
            .values("global: 5\n")
            .warns("warning: skipping globals because source global is not a table."),
        case("global_list_warns")
            .values("global: [1]\n")
            .warns("skipping globals because source global is not a table."),
        case("global_subchart_section_global_not_a_map")
            .values("sub: {global: 5}\n")
            .warns("warning: skipping globals because destination global is not a table."),
        case("global_no_globals_anywhere")
            .chart("conditions")
            .lacks("/global")
            .shows_in("tagged", "/global", "{}"),
        case("global_condition_path_reads_globals")
            .chart("conditions")
            .set("global.listed=false")
            .disabled("listed")
            .shows("/global", r#"{"listed":false}"#),
        case("global_set_string_and_json")
            .args(&["--set-json", r#"global.obj={"a":[1,2]}"#])
            .args(&["--set-string", "global.num=1"])
            .shows_in("mid.leaf", "/global/obj", r#"{"a":[1,2]}"#)
            .shows_in("sub", "/global/num", r#""1""#),
    ]
}
