//! §6 Subcharts: where their values live, enabling by condition and tags, aliases, nulls,
//! and import-values.

use crate::case::{Case, Section};

/// Cases start on the `subcharts` fixture (parent with every kind of dependency).
fn case(name: &str) -> Case {
    Case::new(Section::Subcharts, name).chart("subcharts")
}

pub fn cases() -> Vec<Case> {
    let mut all = Vec::new();
    all.extend(sections());
    all.extend(nulls_and_mismatches());
    all.extend(conditions());
    all.extend(tags());
    all.extend(aliases());
    all.extend(import_values());
    all.extend(chart_loading());
    all
}

/// Which subcharts take part at all: legacy requirements.yaml, version constraints, and a
/// listed dependency missing from charts/.
fn chart_loading() -> Vec<Case> {
    let c = |name: &str| Case::new(Section::Subcharts, name).chart("conditions");
    let mismatched = include_str!("../charts/conditions/Chart.yaml")
        .replace(
            "alias: listed\n    version: 0.1.0",
            "alias: listed\n    version: \">=1.0.0\"",
        )
        .replace(
            "name: selfoff\n    version: 0.1.0",
            "name: selfoff\n    version: ^2.0.0",
        );
    vec![
        Case::new(
            Section::Subcharts,
            "legacy_requirements_yaml_alias_and_condition",
        )
        .chart("legacy")
        .shows_in("renamed", "/fromParent", r#""p""#)
        .shows_in("renamed", "/global/fromLegacy", "1")
        .lacks_in("renamed", "/nul")
        .disabled("sub"),
        Case::new(
            Section::Subcharts,
            "legacy_requirements_yaml_condition_false",
        )
        .chart("legacy")
        .set("renamed.enabled=false")
        .disabled("renamed")
        .shows("/renamed", r#"{"enabled":false,"fromParent":"p"}"#),
        Case::new(Section::Subcharts, "legacy_requirements_yaml_tags")
            .chart("legacy")
            .set("tags.legacy=false")
            .disabled("renamed"),
        Case::new(Section::Subcharts, "packaged_subchart_with_alias")
            .chart("packaged")
            .shows_in("boxed", "/fromParent", r#""p""#)
            .shows_in("boxed", "/global", r#"{"innerGlobal":"i","top":"t"}"#)
            .lacks_in("boxed", "/nul")
            .shows_in("boxed.deep", "/fromTop", r#""t""#)
            .shows_in("boxed.deep", "/fromInner", r#""i""#)
            .disabled("inner"),
        Case::new(Section::Subcharts, "packaged_subchart_condition")
            .chart("packaged")
            .set("boxed.deep.enabled=false,boxed.innerKey=2")
            .shows_in("boxed", "/innerKey", "2")
            .disabled("boxed.deep"),
        Case::new(Section::Subcharts, "packaged_subchart_disabled")
            .chart("packaged")
            .values("boxed:\n  enabled: false\n")
            .disabled("boxed")
            .shows(
                "/boxed",
                r#"{"deep":{"fromTop":"t"},"enabled":false,"fromParent":"p"}"#,
            ),
        c("dependency_version_mismatch_drops_alias")
            .chart_file("Chart.yaml", &mismatched)
            .disabled("listed")
            .disabled("selfoff")
            .lacks("/listed"),
        c("dependency_version_mismatch_still_conditioned")
            .chart_file("Chart.yaml", &mismatched)
            .set("selfoff.enabled=true,listed.enabled=true")
            .shows_in("selfoff", "/value", r#""selfoff""#)
            .disabled("listed"),
        c("dependency_missing_from_charts_folder_is_an_error")
            .chart_file(
                "Chart.yaml",
                &include_str!("../charts/conditions/Chart.yaml")
                    .replace("name: selfoff", "name: gone"),
            )
            .fails("found in Chart.yaml, but missing in charts/ directory: gone"),
    ]
}

fn sections() -> Vec<Case> {
    vec![
        case("subcharts_defaults")
            .shows_in("sub", "/over", r#""parent""#)
            .shows_in("sub", "/fromParent", r#""p""#)
            .shows_in("sub", "/own", "1")
            .shows("/sub/own", "1")
            .shows("/sub/global/subGlobal", r#""s""#)
            .shows_in("mid.leaf", "/fromTop", r#""t""#)
            .shows_in("mid.leaf", "/fromMid", r#""m""#)
            .shows("/mid/leaf/leafKey", "1")
            .disabled("leaf")
            .disabled("nothere"),
        case("subchart_sees_only_its_section_and_global")
            .lacks_in("sub", "/parentKey")
            .lacks_in("sub", "/first")
            .shows_in("first", "/name", r#""one""#)
            .lacks_in("first", "/over"),
        case("subchart_user_values_override_parent_values")
            .values(
                "sub:\n  over: user\n  nested: {fromUser: 1}\nmid:\n  leaf:\n    fromTop: user\n",
            )
            .shows_in("sub", "/over", r#""user""#)
            .shows_in(
                "sub",
                "/nested",
                r#"{"fromParent":1,"fromUser":1,"keep":1}"#,
            )
            .shows_in("mid.leaf", "/fromTop", r#""user""#)
            // Helm 4 keeps the subchart's own nested null default.
            .on_helm4(|c| {
                c.succeeds().shows_in(
                    "sub",
                    "/nested",
                    r#"{"fromParent":1,"fromUser":1,"keep":1,"nul":null}"#,
                )
            }),
        case("subchart_set_flags_reach_subcharts")
            .set("sub.own=2,mid.leaf.leafKey=x,first.size=3")
            .shows_in("sub", "/own", "2")
            .shows_in("mid.leaf", "/leafKey", r#""x""#)
            .shows_in("first", "/size", "3")
            .shows_in("second", "/size", "1"),
        case("subchart_coalesce_warnings_use_parent_path")
            .values("sub:\n  own: {a: 1}\n  nested: 5\nmid:\n  leaf:\n    leafKey: {a: 1}\n")
            .shows_in("sub", "/own", r#"{"a":1}"#)
            .shows_in("sub", "/nested", "5")
            .warns("parent.sub.own")
            .warns("parent.sub.nested")
            .warns("parent.mid.leaf.leafKey"),
        case("subchart_lists_replace_defaults")
            .values("sub:\n  list: [9]\n")
            .shows_in("sub", "/list", "[9]"),
        case("subchart_set_index_builds_user_list")
            .set("sub.list[0]=9")
            .shows_in("sub", "/list", "[9]"),
        case("subchart_every_enabled_one_gets_global")
            .chart("conditions")
            .shows_in("plain", "/global", "{}")
            .shows_in("on", "/global", "{}")
            .shows("/plain/global", "{}")
            .lacks("/global"),
        case("subchart_top_has_global_only_when_written")
            .chart("conditions")
            .set("global.g=1")
            .shows("/global", r#"{"g":1}"#)
            .shows_in("listed", "/global", r#"{"g":1}"#),
        case("subchart_unlisted_is_enabled_under_chart_name")
            .shows_in("extra", "/extraKey", "1")
            .shows_in("extra", "/fromParent", r#""x""#)
            .shows("/extra/extraKey", "1"),
        case("subchart_unlisted_without_any_dependencies")
            .chart("unlisted")
            .shows_in("extra", "/over", r#""parent""#)
            .shows("/extra/own", "1"),
        case("subchart_unlisted_cannot_be_disabled_by_condition_path")
            .set("extra.enabled=false")
            .shows_in("extra", "/enabled", "false"),
    ]
}

fn nulls_and_mismatches() -> Vec<Case> {
    vec![
        case("subchart_key_null_removes_parent_and_sub_default")
            .set("sub.over=null")
            .lacks_in("sub", "/over")
            .lacks("/sub/over"),
        case("subchart_key_null_from_file")
            .values("sub:\n  over: null\n  own: null\n")
            .lacks_in("sub", "/over")
            .lacks_in("sub", "/own"),
        case("subchart_section_null_drops_parent_overrides")
            .set("sub=null")
            .shows_in("sub", "/over", r#""sub""#)
            .lacks_in("sub", "/fromParent"),
        case("subchart_section_null_from_file")
            .values("sub: null\nmid:\n  leaf: ~\n")
            .shows_in("sub", "/over", r#""sub""#)
            .lacks_in("mid.leaf", "/fromTop")
            .lacks_in("mid.leaf", "/fromMid")
            .shows_in("mid.leaf", "/leafKey", "1"),
        case("subchart_section_scalar_from_file_is_an_error")
            .values("sub: 5\n")
            .fails("type mismatch on sub: %!t(float64=5)"),
        case("subchart_section_scalar_from_set_is_an_error")
            .set("sub=5")
            .fails("type mismatch on sub: %!t(int64=5)"),
        case("subchart_section_string_is_an_error")
            .values("sub: x\n")
            .fails("type mismatch on sub: %!t(string=x)"),
        case("subchart_section_bool_is_an_error")
            .values("sub: true\n")
            .fails("type mismatch on sub: true"),
        case("subchart_section_list_is_an_error")
            .values("sub: [1]\n")
            .fails("type mismatch on sub: [%!t(float64=1)]"),
        case("subchart_nested_section_scalar_is_an_error")
            .values("mid: {leaf: 5}\n")
            .fails("type mismatch on leaf: %!t(float64=5)"),
        case("subchart_section_null_in_parent_values_is_an_error")
            .chart_file("values.yaml", "sub: null\n")
            .fails("type mismatch on sub: %!t(<nil>)"),
        case("subchart_parent_values_null_removes_sub_default")
            .chart_file("values.yaml", "sub:\n  own: null\n  nested: {keep: null}\n")
            .lacks_in("sub", "/own")
            .shows_in("sub", "/nested", "{}")
            .lacks("/sub/own")
            .on_helm4(|c| {
                c.succeeds()
                    .lacks_in("sub", "/own")
                    .shows_in("sub", "/nested", r#"{"nul":null}"#)
            }),
        case("subchart_own_nulls_removed")
            .lacks_in("sub", "/topNull")
            .lacks_in("sub", "/nested/nul")
            .lacks_in("mid.leaf", "/nul")
            .lacks_in("mid.leaf", "/nested/nul")
            .lacks_in("extra", "/nul")
            .on_helm4(|c| {
                c.succeeds()
                    .lacks_in("sub", "/topNull")
                    .shows_in("sub", "/nested/nul", "null")
                    .shows_in("mid.leaf", "/nested/nul", "null")
            }),
        case("subchart_own_nulls_kept_without_dependencies")
            .chart("unlisted")
            .shows_in("extra", "/nul", "null")
            .shows_in("extra", "/nested/nul", "null"),
        case("subchart_top_chart_default_nulls_kept")
            .shows("/parentNull", "null"),
        case("subchart_user_null_over_nested_map_warns")
            .set("sub.nested=null")
            .lacks_in("sub", "/nested")
            .warns("cannot overwrite table with non table for parent.sub.nested"),
        case("subchart_user_null_over_leaf_map_warns")
            .set("mid.leaf.nested=null")
            .lacks_in("mid.leaf", "/nested")
            .warns("cannot overwrite table with non table for parent.mid.leaf.nested (map[keep:1 nul:<nil>])"),
        case("subchart_user_null_in_unlisted_chart")
            .chart("unlisted")
            .set("extra.nested=null,extra.own=null")
            .lacks_in("extra", "/nested")
            .lacks_in("extra", "/own"),
        case("subchart_user_null_without_default_kept_in_subchart")
            .set("sub.fresh=null")
            .shows_in("sub", "/fresh", "null"),
    ]
}

fn conditions() -> Vec<Case> {
    let c = |name: &str| Case::new(Section::Subcharts, name).chart("conditions");
    vec![
        c("condition_defaults")
            .shows_in("plain", "/fromParent", r#""p""#)
            .disabled("selfoff"),
        c("condition_false_disables")
            .set("plain.enabled=false")
            .disabled("plain"),
        c("condition_disabled_section_keeps_only_written_values")
            .set("plain.enabled=false,plain.x=1")
            .shows("/plain", r#"{"enabled":false,"fromParent":"p","x":1}"#)
            .disabled("plain"),
        c("condition_string_false_is_not_a_bool")
            .args(&["--set-string", "plain.enabled=false"])
            .shows_in("plain", "/enabled", r#""false""#)
            .warns(
                "Warning: Condition path 'plain.enabled' for chart plain returned non-bool value",
            ),
        c("condition_number_is_not_a_bool")
            .set("plain.enabled=0")
            .shows_in("plain", "/enabled", "0")
            .warns("Condition path 'plain.enabled' for chart plain returned non-bool value"),
        c("condition_yaml_bool_from_file_decides")
            .values("plain:\n  enabled: off\n")
            .disabled("plain"),
        c("condition_map_value_is_skipped")
            .set("plain.enabled.x=1")
            .shows_in("plain", "/enabled", r#"{"x":1}"#)
            .warns("destination for conditions.plain.enabled is a table. Ignoring non-table value (true)"),
        c("condition_null_is_not_a_bool")
            .values("plain:\n  enabled: null\n")
            .warns("Condition path 'plain.enabled' for chart plain returned non-bool value"),
        c("condition_list_first_bool_decides")
            .set("listed.enabled=true,settings.listed=false")
            .shows_in("listed", "/enabled", "true"),
        c("condition_list_non_bool_skipped")
            .set("listed.enabled=x,settings.listed=false")
            .warns("Condition path 'listed.enabled' for chart listed returned non-bool value")
            .disabled("listed"),
        c("condition_list_unresolved_skipped")
            .set("settings.listed=false,global.listed=true")
            .disabled("listed"),
        c("condition_list_last_path_under_global")
            .set("global.listed=false")
            .disabled("listed"),
        c("condition_list_none_decides_stays_enabled")
            .set("listed.enabled=x,settings.other=false")
            .shows_in("listed", "/enabled", r#""x""#),
        c("condition_subchart_disables_itself")
            .disabled("selfoff")
            .lacks("/selfoff"),
        c("condition_user_enables_self_disabled_subchart")
            .set("selfoff.enabled=true")
            .shows_in("selfoff", "/value", r#""selfoff""#),
        c("condition_parent_values_decide")
            .chart_file("values.yaml", "plain:\n  enabled: false\n")
            .disabled("plain"),
        case("condition_sub_subchart_path_is_prefixed")
            .set("mid.leaf.enabled=false")
            .disabled("mid.leaf")
            .shows(
                "/mid/leaf",
                r#"{"enabled":false,"fromMid":"m","fromTop":"t"}"#,
            ),
        case("condition_sub_subchart_from_file")
            .values("mid:\n  leaf:\n    enabled: no\n")
            .disabled("mid.leaf"),
        case("condition_disables_sub_keeps_user_section_without_global")
            .set("sub.enabled=false")
            .disabled("sub")
            .shows(
                "/sub",
                r#"{"enabled":false,"fromParent":"p","nested":{"fromParent":1},"over":"parent"}"#,
            ),
        case("condition_disabled_sub_with_null_in_section")
            .set("sub.enabled=false,sub.over=null")
            .disabled("sub")
            .lacks("/sub/over"),
    ]
}

fn tags() -> Vec<Case> {
    let c = |name: &str| Case::new(Section::Subcharts, name).chart("conditions");
    vec![
        c("tags_one_false_disables")
            .set("tags.t3=false")
            .shows_in("tagged", "/value", r#""toggle""#)
            .disabled("onlytags"),
        c("tags_false_and_true_stays_enabled")
            .set("tags.t1=false,tags.t3=true")
            .shows_in("onlytags", "/value", r#""toggle""#),
        c("tags_shared_tag_disables_both")
            .set("tags.t1=false")
            .disabled("tagged")
            .disabled("onlytags"),
        c("tags_condition_true_overrides_tag")
            .set("tags.t1=false,tagged.enabled=true")
            .shows_in("tagged", "/enabled", "true")
            .disabled("onlytags"),
        c("tags_condition_false_overrides_tag")
            .set("tags.t2=true,tagged.enabled=false")
            .disabled("tagged"),
        c("tags_without_entry_ignored")
            .set("tags.other=false")
            .shows_in("tagged", "/value", r#""toggle""#)
            .shows_in("onlytags", "/value", r#""toggle""#),
        c("tags_non_bool_warns_and_is_skipped")
            .set("tags.t1=x,tags.t3=false")
            .warns("Warning: Tag 't1' for chart tagged returned non-bool value")
            .shows_in("tagged", "/value", r#""toggle""#)
            .disabled("onlytags"),
        c("tags_from_file")
            .values("tags:\n  t3: no\n")
            .disabled("onlytags"),
        c("tags_in_parent_values")
            .chart_file("values.yaml", "tags:\n  t1: false\n")
            .disabled("tagged")
            .disabled("onlytags"),
        c("tags_not_a_map_ignored")
            .set("tags=5")
            .shows_in("onlytags", "/value", r#""toggle""#),
        case("tags_condition_resolving_true_beats_tag")
            .set("tags.backend=false")
            .shows_in("sub", "/enabled", "true"),
        case("tags_disable_dependency_without_condition")
            .set("tags.frontend=false")
            .disabled("tagged")
            .lacks("/tagged/tagKey"),
        case("tags_any_true_keeps_enabled")
            .set("tags.frontend=false,tags.optional=true")
            .shows_in("tagged", "/tagKey", "1"),
    ]
}

fn aliases() -> Vec<Case> {
    vec![
        case("alias_same_chart_twice")
            .shows_in("first", "/name", r#""one""#)
            .shows_in("second", "/name", r#""two""#)
            .shows("/twin", r#"{"name":"unrelated"}"#)
            .disabled("twin")
            .disabled("first.twin"),
        case("alias_condition_uses_alias_path")
            .set("second.enabled=false")
            .disabled("second")
            .shows_in("first", "/size", "1"),
        case("alias_real_name_values_are_unrelated")
            .set("twin.size=9,twin.enabled=false")
            .shows_in("first", "/size", "1")
            .shows_in("second", "/size", "1")
            .shows("/twin", r#"{"enabled":false,"name":"unrelated","size":9}"#),
        case("alias_each_copy_configured_separately")
            .values("first:\n  size: 10\nsecond:\n  size: 20\n")
            .shows_in("first", "/size", "10")
            .shows_in("second", "/size", "20"),
        Case::new(Section::Subcharts, "alias_on_not_reached_by_unquoted_key")
            .chart("conditions")
            .values("on:\n  x: 1\n")
            .lacks_in("on", "/x")
            .shows("/true", r#"{"x":1}"#),
        Case::new(Section::Subcharts, "alias_on_reached_by_quoted_key")
            .chart("conditions")
            .values("\"on\":\n  x: 1\n")
            .shows_in("on", "/x", "1"),
        Case::new(Section::Subcharts, "alias_on_reached_by_set")
            .chart("conditions")
            .set("on.x=1")
            .shows_in("on", "/x", "1"),
    ]
}

/// The parent's values.yaml with an `exporter` section, for import cases that need one.
const PARENT_WITH_EXPORTER_SECTION: &str = "imported:\n  own: parent\nexporter:\n  exported:\n    data: {e1: fromParentValues}\n  exports:\n    data: {s2: fromParentValues}\n";

fn import_values() -> Vec<Case> {
    vec![
        case("import_map_and_string_forms")
            .shows("/imported", r#"{"e1":1,"e2":2,"own":"parent"}"#)
            .shows("/s1", "1")
            .shows("/s2", "2"),
        case("import_lower_priority_than_user_values")
            .set("imported.e2=user,s1=user")
            .shows("/imported", r#"{"e1":1,"e2":"user","own":"parent"}"#)
            .shows("/s1", r#""user""#),
        case("import_user_values_under_subchart_not_seen")
            .set("exporter.exported.data.e1=99,exporter.exports.data.s1=99")
            .shows("/imported/e1", "1")
            .shows("/s1", "1")
            .shows_in("exporter", "/exported/data/e1", "99")
            .shows_in("exporter", "/exports/data/s1", "99"),
        case("import_reads_parent_values_under_subchart")
            .chart_file("values.yaml", PARENT_WITH_EXPORTER_SECTION)
            .shows("/imported", r#"{"e1":"fromParentValues","e2":2,"own":"parent"}"#)
            .shows("/s2", r#""fromParentValues""#),
        case("import_subchart_still_sees_exports")
            .shows_in("exporter", "/exports/data", r#"{"s1":1,"s2":2}"#),
        case("import_disabled_subchart_imports_nothing")
            .set("exporter.enabled=false")
            .disabled("exporter")
            .shows("/imported", r#"{"own":"parent"}"#)
            .lacks("/s1"),
        case("import_user_null_under_imported_path")
            .set("imported.e1=null")
            .lacks("/imported/e1")
            .shows("/imported/e2", "2"),
        case("import_user_null_over_exported_map_warns")
            .set("exporter.exported=null")
            .lacks_in("exporter", "/exported")
            .shows("/imported/e1", "1")
            .warns("cannot overwrite table with non table for parent.exporter.exported"),
        case("import_missing_child_warns")
            .chart_file("Chart.yaml", "apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n  - name: exporter\n    version: 0.1.0\n    import-values:\n      - child: nothere\n        parent: x\n      - child: exported.notAMap\n        parent: other\n      - missing\n")
            .chart_file("values.yaml", "")
            .lacks("/x")
            .lacks("/other")
            .warns("Warning: ImportValues missing table from chart exporter: \"nothere\" is not a table"),
        case("import_from_sub_subchart")
            .shows_in("mid", "/fromLeaf", r#"{"a":1,"b":"mid"}"#)
            .shows("/mid/fromLeaf", r#"{"a":1,"b":"mid"}"#),
        case("import_from_sub_subchart_ignores_user_values")
            .set("mid.leaf.forMid.a=user")
            .shows_in("mid", "/fromLeaf/a", "1")
            .shows_in("mid.leaf", "/forMid/a", r#""user""#),
        case("import_from_sub_subchart_reads_top_values")
            .chart_file("values.yaml", "mid:\n  leaf:\n    forMid: {a: top}\n")
            .shows_in("mid.leaf", "/forMid/a", r#""top""#),
        case("import_from_disabled_sub_subchart")
            .set("mid.leaf.enabled=false")
            .disabled("mid.leaf")
            .shows_in("mid", "/fromLeaf", r#"{"b":"mid"}"#),
        case("import_into_nested_parent_path")
            .chart_file("Chart.yaml", "apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n  - name: exporter\n    version: 0.1.0\n    import-values:\n      - child: exported\n        parent: deep.inside.here\n")
            .chart_file("values.yaml", "deep:\n  inside:\n    here:\n      data: {e2: parent}\n")
            .shows("/deep/inside/here/data", r#"{"e1":1,"e2":"parent","own":"exporter"}"#)
            .shows("/deep/inside/here/notAMap", "5"),
    ]
}
