//! §8 values.schema.json: both tools validate (no `--skip-schema-validation`), and must agree
//! on success or failure; where Helm fails, strata's stderr holds Helm's violation line.
//!
//! Each case writes the schema into the chart (`schema`), or into a subchart of the
//! `subcharts` fixture (`sub_schema`). Helm's order of lines within a chart's block is random,
//! so a case names one line per fragment.

use crate::case::{Case, Section};

fn case(name: &str) -> Case {
    Case::new(Section::Schema, name)
}

/// The chart's own values.schema.json.
fn schema(case: Case, json: &str) -> Case {
    case.chart_file("values.schema.json", json)
}

/// A case on the `subcharts` fixture with a schema in `charts/<dir>/`.
fn sub_case(name: &str, dir: &str, json: &str) -> Case {
    case(name)
        .chart("subcharts")
        .chart_file(&format!("charts/{dir}/values.schema.json"), json)
}

const REPLICAS: &str = r#"{"properties": {"replicas": {"type": "integer"}}}"#;
const TAG_STRING: &str = r#"{"properties": {"tag": {"type": "string"}}}"#;
const BOUNDS: &str = r#"{"properties": {"replicas": {"type": "integer", "minimum": 1, "maximum": 10}, "num": {"exclusiveMinimum": 1}}}"#;

pub fn cases() -> Vec<Case> {
    let mut all = types();
    all.extend(required());
    all.extend(enum_pattern_bounds());
    all.extend(additional_properties_and_subcharts());
    all.extend(refs_and_drafts());
    all.extend(formats());
    all.extend(schema_errors());
    all.extend(nested_reports());
    all
}

fn types() -> Vec<Case> {
    vec![
        schema(case("schema_type_integer_ok"), REPLICAS).defaults("replicas: 3\n"),
        schema(case("schema_type_string_for_integer_fails"), REPLICAS)
            .defaults("replicas: 3\n")
            .values("replicas: two\n")
            .fails("- replicas: Invalid type. Expected: integer, given: string"),
        schema(case("schema_whole_number_float_is_integer"), REPLICAS)
            .defaults("replicas: 2.0\n")
            .shows("/replicas", "2"),
        schema(
            case("schema_whole_number_float_exponent_is_integer"),
            REPLICAS,
        )
        .values("replicas: 1e3\n"),
        schema(case("schema_fraction_is_not_integer"), REPLICAS)
            .values("replicas: 2.5\n")
            .fails("- replicas: Invalid type. Expected: integer, given: number"),
        schema(case("schema_set_json_whole_float_is_integer"), REPLICAS)
            .args(&["--set-json", "replicas=3.0"]),
        schema(case("schema_set_integer_fails_type_string"), TAG_STRING)
            .set("tag=1")
            .fails("- tag: Invalid type. Expected: string, given: integer"),
        schema(case("schema_set_string_passes_type_string"), TAG_STRING)
            .args(&["--set-string", "tag=1"]),
        schema(case("schema_set_float_text_is_a_string"), TAG_STRING).set("tag=1.5"),
        schema(
            case("schema_yaml_11_boolean_is_boolean"),
            r#"{"properties": {"enabled": {"type": "boolean"}}}"#,
        )
        .defaults("enabled: yes\n"),
        schema(
            case("schema_default_null_is_checked_as_null"),
            r#"{"properties": {"image": {"type": "object"}}}"#,
        )
        .defaults("image: null\n")
        .fails("- image: Invalid type. Expected: object, given: null"),
        schema(
            case("schema_type_list_allows_null"),
            r#"{"properties": {"image": {"type": ["string", "null"]}}}"#,
        )
        .defaults("image: null\n"),
        schema(
            case("schema_type_list_message"),
            r#"{"properties": {"image": {"type": ["string", "null"]}}}"#,
        )
        .set("image=5")
        .fails("- image: Invalid type. Expected: [string,null], given: integer"),
        schema(case("schema_overlay_fixes_invalid_default"), REPLICAS)
            .defaults("replicas: many\n")
            .values("replicas: 3\n"),
        schema(case("schema_invalid_default_fails"), REPLICAS)
            .defaults("replicas: many\n")
            .fails("- replicas: Invalid type. Expected: integer, given: string"),
        schema(
            case("schema_list_item_path"),
            r#"{"properties": {"ports": {"items": {"type": "integer"}}}}"#,
        )
        .values("ports: [80, http]\n")
        .fails("- ports.1: Invalid type. Expected: integer, given: string"),
    ]
}

fn required() -> Vec<Case> {
    let image = r#"{"required": ["image"], "properties": {"image": {"required": ["tag"]}}}"#;
    vec![
        schema(case("schema_required_present"), image).defaults("image:\n  tag: v1\n"),
        schema(case("schema_required_missing_at_root"), image).fails("- (root): image is required"),
        schema(case("schema_required_missing_nested"), image)
            .defaults("image:\n  repo: nginx\n")
            .fails("- image: tag is required"),
        schema(case("schema_null_deletion_makes_required_fail"), image)
            .defaults("image:\n  tag: v1\n")
            .values("image:\n  tag: null\n")
            .fails("- image: tag is required"),
        schema(
            case("schema_null_deletion_by_set_makes_required_fail"),
            image,
        )
        .defaults("image:\n  tag: v1\n")
        .set("image.tag=null")
        .fails("- image: tag is required"),
        schema(
            case("schema_null_without_default_is_kept_for_required"),
            r#"{"required": ["extra"]}"#,
        )
        .values("extra: null\n")
        .shows("/extra", "null"),
        schema(
            case("schema_dependencies_array"),
            r#"{"dependencies": {"a": ["b"]}}"#,
        )
        .set("a=1")
        .fails("- (root): Has a dependency on b"),
        schema(
            case("schema_dependencies_satisfied"),
            r#"{"dependencies": {"a": ["b"]}}"#,
        )
        .set("a=1,b=2"),
        schema(
            case("schema_dependencies_schema_form"),
            r#"{"dependencies": {"a": {"required": ["c"]}}}"#,
        )
        .set("a=1")
        .fails("- (root): c is required"),
    ]
}

fn enum_pattern_bounds() -> Vec<Case> {
    let mode = r#"{"properties": {"mode": {"enum": ["fast", "slow"]}}}"#;
    let name = |p: &str| format!(r#"{{"properties": {{"name": {{"pattern": "{p}"}}}}}}"#);
    vec![
        schema(case("schema_enum_ok"), mode).values("mode: slow\n"),
        schema(case("schema_enum_fails"), mode)
            .values("mode: medium\n")
            .fails(r#"- mode: mode must be one of the following: "fast", "slow""#),
        schema(case("schema_const_fails"), r#"{"properties": {"n": {"const": 1}}}"#)
            .set("n=2")
            .fails("- n: n does not match: 1"),
        schema(case("schema_pattern_ok"), &name("^[a-z]+$")).values("name: demo\n"),
        schema(case("schema_pattern_go_syntax_fails"), &name("^+$"))
            .values("name: Demo1\n")
            .fails("- name: Does not match pattern '^+$'"),
        schema(case("schema_pattern_go_inline_flag"), &name("(?i)^demo$")).values("name: DEMO\n"),
        schema(case("schema_pattern_is_not_anchored"), &name("emo")).values("name: Demo1\n"),
        schema(case("schema_pattern_digits_are_ascii"), &name(r"^\\d+$"))
            .values("name: \"١٢\"\n")
            .fails(r"- name: Does not match pattern '^\d+$'"),
        schema(case("schema_pattern_catastrophic_backtracking"), &name("^(a+)+$"))
            .values(format!("name: {}!\n", "a".repeat(5000)))
            .fails("- name: Does not match pattern '^(a+)+$'"),
        schema(case("schema_pattern_properties"), r#"{"patternProperties": {"^port": {"type": "integer"}}}"#)
            .values("portHttp: 80\nportAdmin: admin\nother: x\n")
            .fails("- portAdmin: Invalid type. Expected: integer, given: string"),
        schema(case("schema_minimum_fails"), BOUNDS)
            .set("replicas=0")
            .fails("- replicas: Must be greater than or equal to 1"),
        schema(case("schema_maximum_fails"), BOUNDS)
            .set("replicas=11")
            .fails("- replicas: Must be less than or equal to 10"),
        schema(case("schema_bounds_ok"), BOUNDS).set("replicas=10,num=2"),
        schema(case("schema_exclusive_minimum_numeric"), BOUNDS)
            .set("num=1")
            .fails("- num: Must be greater than 1"),
        schema(case("schema_draft4_boolean_exclusive_minimum_without_schema_keyword"), r#"{"properties": {"num": {"minimum": 1, "exclusiveMinimum": true}}}"#)
            .set("num=1")
            .fails("- num: Must be greater than 1"),
        schema(case("schema_draft4_boolean_exclusive_minimum_ok"), r#"{"properties": {"num": {"minimum": 1, "exclusiveMinimum": true}}}"#)
            .values("num: 1.5\n")
            // Helm 4 reads a schema without `$schema` as 2020-12, whose bounds are numbers.
            .on_helm4(|c| c.in_strata_words().fails("is not valid against metaschema")),
        schema(case("schema_draft4_boolean_exclusive_maximum_false"), r#"{"properties": {"num": {"maximum": 5, "exclusiveMaximum": false}}}"#)
            .set("num=5")
            .on_helm4(|c| c.in_strata_words().fails("is not valid against metaschema")),
        schema(case("schema_draft4_declared_boolean_exclusive_minimum"), r#"{"$schema": "http://json-schema.org/draft-04/schema#", "properties": {"num": {"minimum": 1, "exclusiveMinimum": true}}}"#)
            .set("num=1")
            .fails("- num: Must be greater than 1"),
        schema(case("schema_draft7_declared_boolean_exclusive_minimum_is_a_schema_error"), r#"{"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"num": {"minimum": 1, "exclusiveMinimum": true}}}"#)
            .set("num=5")
            .fails("Invalid type. Expected: number, given: exclusiveMinimum"),
        schema(case("schema_string_length"), r#"{"properties": {"name": {"minLength": 3, "maxLength": 5}}}"#)
            .set("name=ab")
            .fails("- name: String length must be greater than or equal to 3"),
        schema(case("schema_array_length"), r#"{"properties": {"hosts": {"minItems": 2}}}"#)
            .values("hosts: [a]\n")
            .fails("- hosts: Array must have at least 2 items"),
        schema(case("schema_unique_items"), r#"{"properties": {"hosts": {"uniqueItems": true}}}"#)
            .values("hosts: [a, b, a]\n")
            .fails("- hosts: array items[0,2] must be unique"),
        schema(case("schema_multiple_of_decimal"), r#"{"properties": {"ratio": {"multipleOf": 0.1}}}"#)
            .values("ratio: 0.3\n"),
    ]
}

fn additional_properties_and_subcharts() -> Vec<Case> {
    let closed_top = r#"{"properties": {"a": {}}, "additionalProperties": false}"#;
    let unlisted_sub = |c: Case| {
        c.chart_file(
            "charts/sub/Chart.yaml",
            "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
        )
        .chart_file("charts/sub/values.yaml", "x: 1\n")
    };
    vec![
        schema(case("schema_additional_property_fails"), closed_top)
            .defaults("a: 1\n")
            .values("b: 2\n")
            .fails("- (root): Additional property b is not allowed"),
        schema(
            case("schema_additional_properties_false_without_properties"),
            r#"{"additionalProperties": false}"#,
        )
        .values("b: 2\nc: 3\n")
        .fails("- (root): Additional property b is not allowed")
        .fails("- (root): Additional property c is not allowed"),
        schema(
            case("schema_additional_properties_false_with_pattern_properties"),
            r#"{"patternProperties": {"^x-": {}}, "additionalProperties": false}"#,
        )
        .values("x-ok: 1\nbad: 2\n")
        .fails("- (root): Additional property bad is not allowed"),
        schema(
            case("schema_additional_properties_schema"),
            r#"{"properties": {"a": {}}, "additionalProperties": {"type": "integer"}}"#,
        )
        .values("b: x\n")
        .fails("- b: Invalid type. Expected: integer, given: string"),
        unlisted_sub(schema(
            case("schema_closed_top_fails_on_subchart_section"),
            closed_top,
        ))
        .defaults("a: 1\n")
        .fails("- (root): Additional property sub is not allowed"),
        unlisted_sub(schema(
            case("schema_closed_top_fails_on_global"),
            r#"{"properties": {"a": {}, "sub": {}}, "additionalProperties": false}"#,
        ))
        .defaults("a: 1\nglobal: {g: 1}\n")
        .fails("- (root): Additional property global is not allowed"),
        unlisted_sub(schema(
            case("schema_closed_top_without_global_passes"),
            r#"{"properties": {"a": {}, "sub": {}}, "additionalProperties": false}"#,
        ))
        .defaults("a: 1\n"),
        unlisted_sub(case("schema_closed_subchart_fails_on_injected_global"))
            .chart_file(
                "charts/sub/values.schema.json",
                r#"{"properties": {"x": {}}, "additionalProperties": false}"#,
            )
            .fails("sub:\n- (root): Additional property global is not allowed"),
        unlisted_sub(case("schema_subchart_allowing_global_passes")).chart_file(
            "charts/sub/values.schema.json",
            r#"{"properties": {"x": {}, "global": {}}, "additionalProperties": false}"#,
        ),
        unlisted_sub(case("schema_subchart_sees_parent_override"))
            .chart_file(
                "charts/sub/values.schema.json",
                r#"{"properties": {"x": {"type": "integer"}}}"#,
            )
            .defaults("sub:\n  x: one\n")
            .fails("sub:\n- x: Invalid type. Expected: integer, given: string"),
        unlisted_sub(schema(
            case("schema_top_checks_subchart_section"),
            r#"{"properties": {"sub": {"properties": {"x": {"type": "string"}}}}}"#,
        ))
        .fails("- sub.x: Invalid type. Expected: string, given: integer"),
        sub_case(
            "schema_subchart_required_global",
            "sub",
            r#"{"properties": {"global": {"required": ["region"]}}}"#,
        ),
        sub_case(
            "schema_subchart_required_global_deleted_by_null",
            "sub",
            r#"{"properties": {"global": {"required": ["subGlobal"]}}}"#,
        )
        .values("global:\n  subGlobal: null\n")
        .fails("sub:\n- global: subGlobal is required"),
        sub_case(
            "schema_disabled_subchart_is_not_checked",
            "sub",
            r#"{"required": ["nope"]}"#,
        )
        .set("sub.enabled=false")
        .disabled("sub"),
        sub_case(
            "schema_enabled_subchart_is_checked",
            "sub",
            r#"{"required": ["nope"]}"#,
        )
        .fails("sub:\n- (root): nope is required"),
        sub_case(
            "schema_aliased_subchart_blocks_by_alias",
            "twin",
            r#"{"properties": {"size": {"type": "string"}}}"#,
        )
        .fails("first:\n- size: Invalid type. Expected: string, given: integer")
        .fails("second:\n- size: Invalid type. Expected: string, given: integer"),
        sub_case(
            "schema_sub_subchart_checked",
            "mid/charts/leaf",
            r#"{"properties": {"leafKey": {"type": "string"}}}"#,
        )
        .fails("leaf:\n- leafKey: Invalid type. Expected: string, given: integer"),
        sub_case(
            "schema_sub_subchart_disabled",
            "mid/charts/leaf",
            r#"{"properties": {"leafKey": {"type": "string"}}}"#,
        )
        .set("mid.leaf.enabled=false")
        .disabled("mid.leaf"),
    ]
}

fn refs_and_drafts() -> Vec<Case> {
    vec![
        schema(case("schema_ref_definitions"), r##"{"properties": {"port": {"$ref": "#/definitions/port"}}, "definitions": {"port": {"type": "integer", "maximum": 65535}}}"##)
            .set("port=70000")
            .fails("- port: Must be less than or equal to 65535"),
        schema(case("schema_ref_defs"), r##"{"properties": {"port": {"$ref": "#/$defs/port"}}, "$defs": {"port": {"type": "integer"}}}"##)
            .set("port=http")
            .fails("- port: Invalid type. Expected: integer, given: string"),
        schema(case("schema_ref_to_an_id_anchor"), r##"{"definitions": {"s": {"$id": "#str", "type": "string"}}, "properties": {"num": {"$ref": "#str"}}}"##)
            .set("num=5")
            .fails("- num: Invalid type. Expected: string, given: integer"),
        schema(case("schema_ref_to_an_id_anchor_passes"), r##"{"definitions": {"s": {"$id": "#str", "type": "string"}}, "properties": {"num": {"$ref": "#str"}}}"##)
            .set("num=x")
            // 2020-12 names anchors with `$anchor`; a fragment in `$id` breaks its metaschema.
            .on_helm4(|c| c.in_strata_words().fails("is not valid against metaschema")),
        schema(case("schema_ref_to_a_draft_04_id_anchor"), r##"{"$schema": "http://json-schema.org/draft-04/schema#", "definitions": {"s": {"id": "#str", "type": "string"}}, "properties": {"num": {"$ref": "#str"}}}"##)
            .set("num=5")
            .fails("- num: Invalid type. Expected: string, given: integer"),
        schema(case("schema_ref_chain_ok"), r##"{"properties": {"a": {"$ref": "#/definitions/b"}}, "definitions": {"b": {"$ref": "#/definitions/c"}, "c": {"type": "string"}}}"##)
            .set("a=x"),
        schema(case("schema_ref_recursive_tree"), r##"{"$ref": "#/definitions/node", "definitions": {"node": {"properties": {"name": {"type": "string"}, "kids": {"items": {"$ref": "#/definitions/node"}}}}}}"##)
            .values("name: a\nkids:\n  - name: b\n    kids:\n      - name: 3\n")
            .fails("- kids.0.kids.0.name: Invalid type. Expected: string, given: integer"),
        schema(case("schema_ref_siblings_ignored"), r##"{"properties": {"a": {"$ref": "#/definitions/s", "type": "integer"}}, "definitions": {"s": {"type": "string"}}}"##)
            .set("a=x")
            // From 2019-09 on, a `$ref`'s siblings apply.
            .on_helm4(|c| c.fails("- at '/a': got string, want integer")),
        schema(case("schema_draft_2020_12_prefix_items_ignored"), r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "properties": {"l": {"prefixItems": [{"type": "string"}]}}}"#)
            .values("l: [1]\n")
            .on_helm4(|c| c.fails("- at '/l/0': got number, want string")),
        schema(case("schema_draft_2020_12_dependent_required_ignored"), r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "dependentRequired": {"a": ["b"]}}"#)
            .set("a=1")
            .on_helm4(|c| c.fails("- at '': properties 'b' required, if 'a' exists")),
        schema(case("schema_draft_2020_12_core_keywords_still_apply"), r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "properties": {"a": {"type": "string"}}}"#)
            .set("a=1")
            .fails("- a: Invalid type. Expected: string, given: integer"),
        schema(case("schema_draft7_if_then"), r#"{"$schema": "http://json-schema.org/draft-07/schema#", "if": {"required": ["a"]}, "then": {"required": ["b"]}}"#)
            .set("a=1")
            .fails("- (root): b is required"),
        schema(case("schema_hybrid_if_then"), r#"{"if": {"required": ["a"]}, "then": {"required": ["b"]}}"#)
            .set("a=1")
            .fails("- (root): b is required"),
        schema(case("schema_draft6_if_ignored"), r#"{"$schema": "http://json-schema.org/draft-06/schema#", "if": {"required": ["a"]}, "then": {"required": ["b"]}}"#)
            .set("a=1"),
        schema(case("schema_draft4_const_ignored"), r#"{"$schema": "http://json-schema.org/draft-04/schema#", "properties": {"n": {"const": 1}}}"#)
            .set("n=2"),
        schema(case("schema_https_draft7_url_is_hybrid"), r#"{"$schema": "https://json-schema.org/draft-07/schema#", "properties": {"num": {"minimum": 1, "exclusiveMinimum": true}}}"#)
            .set("num=1")
            .fails("- num: Must be greater than 1"),
        schema(case("schema_any_of"), r#"{"properties": {"port": {"anyOf": [{"type": "integer"}, {"pattern": "^[0-9]+$"}]}}}"#)
            .set("port=http")
            .fails("- port: Must validate at least one schema (anyOf)"),
        schema(case("schema_not"), r#"{"properties": {"tag": {"not": {"const": "latest"}}}}"#)
            .set("tag=latest")
            .fails("- tag: Must not validate the schema (not)"),
        schema(case("schema_skip_flag_turns_validation_off"), r#"{"required": ["image"]}"#)
            .args(&["--skip-schema-validation"]),
    ]
}

/// Helm 4 never asserts `format` (an annotation in 2020-12), so every case here passes there.
fn formats() -> Vec<Case> {
    let format = |f: &str| format!(r#"{{"properties": {{"v": {{"format": "{f}"}}}}}}"#);
    let cases = vec![
        schema(case("schema_format_email_fails"), &format("email"))
            .set("v=not-an-address")
            .fails("- v: Does not match format 'email'"),
        schema(case("schema_format_email_ok"), &format("email")).set("v=a@b.c"),
        schema(case("schema_format_email_with_name_ok"), &format("email"))
            .values("v: John Smith <john@example.com>\n"),
        schema(case("schema_format_on_a_number_fails"), &format("email"))
            .set("v=5")
            .fails("- v: Does not match format 'email'"),
        schema(case("schema_format_on_a_boolean_passes"), &format("email")).set("v=true"),
        schema(case("schema_format_unknown_ignored"), &format("int32")).set("v=x"),
        schema(case("schema_format_hostname_fails"), &format("hostname"))
            .set("v=-bad-")
            .fails("- v: Does not match format 'hostname'"),
        schema(case("schema_format_ipv4_fails"), &format("ipv4"))
            .set("v=10.0.0.256")
            .fails("- v: Does not match format 'ipv4'"),
        schema(case("schema_format_date_time_ok"), &format("date-time"))
            .values("v: \"2024-01-02T10:20:30Z\"\n"),
        schema(case("schema_format_date_time_fails"), &format("date-time"))
            .values("v: \"2024-01-02 10:20:30\"\n")
            .fails("- v: Does not match format 'date-time'"),
        schema(case("schema_format_uuid_upper_case_fails"), &format("uuid"))
            .set("v=123E4567-E89B-12D3-A456-426614174000")
            .fails("- v: Does not match format 'uuid'"),
        schema(case("schema_format_uri_fails"), &format("uri"))
            .set("v=/just/a/path")
            .fails("- v: Does not match format 'uri'"),
    ];
    cases
        .into_iter()
        .map(|c| c.on_helm4(Case::succeeds))
        .collect()
}

fn schema_errors() -> Vec<Case> {
    vec![
        schema(case("schema_invalid_json"), "{\"properties\": {}, }")
            .in_strata_words()
            .fails("invalid character '}' looking for beginning of object key string"),
        schema(case("schema_empty_file"), "")
            .in_strata_words()
            .fails("EOF"),
        schema(
            case("schema_ref_to_missing_definition"),
            r##"{"properties": {"n": {"$ref": "#/definitions/nope"}}}"##,
        )
        .in_strata_words()
        .fails("Object has no key 'definitions'"),
        schema(
            case("schema_relative_file_ref_in_chart"),
            r#"{"properties": {"n": {"$ref": "other.json"}}}"#,
        )
        .chart_file("other.json", r#"{"type": "string"}"#)
        .fails("must be canonical"),
        schema(
            case("schema_pattern_go_rejects"),
            r#"{"properties": {"n": {"pattern": "(?=a)"}}}"#,
        )
        .in_strata_words()
        .fails("pattern must be a valid regex"),
        schema(
            case("schema_min_length_above_max_length"),
            r#"{"properties": {"n": {"minLength": 5, "maxLength": 1}}}"#,
        )
        .fails("minLength cannot be greater than maxLength")
        .on_helm4(Case::succeeds),
        schema(
            case("schema_minimum_above_maximum_accepted"),
            r#"{"properties": {"n": {"minimum": 5, "maximum": 1}}}"#,
        ),
    ]
}

/// Inputs whose Helm 4 report nests or groups: several errors of one value (`validation
/// failed`), `anyOf`/`allOf`/`oneOf` with their branches, lists of names, grouped numbers.
/// The fragments are Helm 3's lines; under Helm 4 every line Helm prints is compared.
fn nested_reports() -> Vec<Case> {
    vec![
        schema(case("schema_report_several_errors_of_one_value"), r#"{"properties": {"s": {"maxLength": 1, "pattern": "^a$"}}}"#)
            .set("s=bb")
            .fails("- s: String length must be less than or equal to 1")
            .fails("- s: Does not match pattern '^a$'"),
        schema(case("schema_report_any_of_branches"), r#"{"properties": {"a": {"anyOf": [{"type": "string"}, {"type": "boolean"}]}}}"#)
            .set("a=1")
            .fails("- a: Must validate at least one schema (anyOf)"),
        schema(case("schema_report_all_of_failing_branch"), r#"{"properties": {"a": {"allOf": [{"type": "string"}, {"minLength": 3}]}}}"#)
            .set("a=1")
            .fails("- a: Invalid type. Expected: string, given: integer"),
        schema(case("schema_report_one_of_two_match"), r#"{"properties": {"o": {"oneOf": [{"type": "number"}, {"type": "integer"}]}}}"#)
            .set("o=1")
            .fails("- o: Must validate one and only one schema (oneOf)"),
        schema(case("schema_report_one_of_none_match"), r#"{"properties": {"o": {"oneOf": [{"type": "string"}, {"type": "boolean"}, {"minimum": 5}]}}}"#)
            .set("o=1")
            .fails("- o: Must validate one and only one schema (oneOf)"),
        schema(case("schema_report_large_numbers"), r#"{"properties": {"big": {"maximum": 1000}, "str": {"minLength": 2000}}}"#)
            .values("big: 123456.5\nstr: ab\n")
            .fails("- big: Must be less than or equal to 1000")
            .fails("- str: String length must be greater than or equal to 2000"),
        schema(case("schema_report_several_missing"), r#"{"required": ["zzz", "yyy"], "properties": {"i": {"required": ["p", "q"]}}}"#)
            .values("i: {}\n")
            .fails("- (root): zzz is required")
            .fails("- i: q is required"),
        schema(case("schema_report_several_additional"), r#"{"properties": {"k": {}}, "additionalProperties": false}"#)
            .values("k: 1\nb: 1\na: 2\n")
            .fails("- (root): Additional property a is not allowed")
            .fails("- (root): Additional property b is not allowed"),
        schema(case("schema_report_enum_of_mixed_values"), r#"{"properties": {"e": {"enum": [1, 1.5, null, true, "a"]}, "f": {"const": "x"}}}"#)
            .values("e: z\nf: y\n")
            .fails("- e: e must be one of the following: 1, 1.5, null, true, \"a\"")
            .fails("- f: f does not match: \"x\""),
        schema(case("schema_report_array_bounds"), r#"{"properties": {"u": {"uniqueItems": true, "minItems": 5, "maxItems": 1}}}"#)
            .values("u: [1, 1]\n")
            .fails("- u: Array must have at least 5 items")
            .fails("- u: array items[0,1] must be unique"),
        schema(case("schema_report_not_and_types"), r#"{"properties": {"nn": {"not": {"type": "number"}}, "t": {"type": ["null", "string", "integer"]}}}"#)
            .values("nn: 1\nt: 1.5\n")
            .fails("- nn: Must not validate the schema (not)")
            .fails("- t: Invalid type. Expected: [null,string,integer], given: number"),
        schema(case("schema_report_ref_with_several_errors"), r##"{"properties": {"r": {"$ref": "#/definitions/s"}}, "definitions": {"s": {"minLength": 3, "pattern": "^x"}}}"##)
            .set("r=ab")
            .fails("- r: String length must be greater than or equal to 3"),
        schema(case("schema_report_contains_lists_each_item"), r#"{"properties": {"c": {"contains": {"type": "string", "minLength": 2}}}}"#)
            .values("c: [1, {a: 1}, x]\n")
            .fails("- c: At least one of the items must match"),
        schema(case("schema_report_items_after_prefix_items"), r#"{"properties": {"l": {"prefixItems": [{"type": "string"}], "items": {"type": "string"}}}}"#)
            .values("l: [a, b, 1]\n")
            .fails("- l.2: Invalid type. Expected: string, given: integer")
            // Helm 4.1.4 (v6) counts `items` from the first item after `prefixItems`
            // (`/l/1` for the third item); strata names the item itself: a documented
            // deviation, so only the failure is compared.
            .on_helm4(|c| {
                c.succeeds()
                    .in_strata_words()
                    .fails("- at '/l/1': got number, want string")
            }),
        schema(case("schema_report_then_branch"), r#"{"if": {"properties": {"a": {"const": 1}}}, "then": {"required": ["b", "c"]}}"#)
            .set("a=1")
            .fails("- (root): b is required"),
    ]
}
