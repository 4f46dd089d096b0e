//! Schemas through `strata merge`: located violations, Helm's summary, and every schema input
//! of `shared/spec/reliability.md` §1 refused with a clear error in bounded time.

use std::time::{Duration, Instant};

use crate::support::{chart_yaml, Ws};

/// A chart `web` with a schema, defaults that satisfy it, and a staging values file.
fn chart(schema: &str) -> Ws {
    Ws::new()
        .file("web/Chart.yaml", chart_yaml("web"))
        .file("web/values.yaml", "replicas: 1\nimage:\n  tag: v1\n")
        .file("web/values.schema.json", schema)
}

const SCHEMA: &str = r#"{
  "required": ["image"],
  "properties": {
    "replicas": {"type": "integer", "minimum": 1},
    "image": {"type": "object", "required": ["tag", "repository"]}
  }
}"#;

#[test]
fn a_wrong_type_in_an_overlay_is_reported_at_the_overlay() {
    chart(SCHEMA)
        .file(
            "web/values.yaml",
            "replicas: 1\nimage:\n  tag: v1\n  repository: nginx\n",
        )
        .file("staging.yaml", "# staging\nreplicas: two   # a typo\n")
        .run(&["merge", "web", "-f", "staging.yaml"])
        .assert(
            2,
            "",
            r#"
            error: replicas: Invalid type. Expected: integer, given: string
              --> staging.yaml:2:11
              |
            2 | replicas: two   # a typo
              |           ^^^
              = schema: web/values.schema.json#/properties/replicas

            error: values don't meet the specifications of the schema(s) in the following chart(s):
            web:
            - replicas: Invalid type. Expected: integer, given: string
            "#,
        );
}

#[test]
fn missing_and_deleted_keys_say_where_they_would_go_or_what_deleted_them() {
    let out = chart(SCHEMA)
        .file("staging.yaml", "image:\n  tag: null\n")
        .run(&["merge", "web", "-f", "staging.yaml"]);
    out.assert(
        2,
        "",
        r#"
        error: image: repository is required
          --> staging.yaml:1:1
          |
        1 | image:
          | ^^^^^
          = schema: web/values.schema.json#/properties/image
          = note: "repository" is missing; it would go at image.repository in the values of chart web

        error: image: tag is required
          --> staging.yaml:2:8
          |
        2 |   tag: null
          |        ^^^^
          = schema: web/values.schema.json#/properties/image
          = note: "tag" was deleted by this null, so chart web lacks it

        error: values don't meet the specifications of the schema(s) in the following chart(s):
        web:
        - image: repository is required
        - image: tag is required
        "#,
    );
    // The same inputs give the same report, byte for byte.
    let again = chart(SCHEMA)
        .file("staging.yaml", "image:\n  tag: null\n")
        .run(&["merge", "web", "-f", "staging.yaml"]);
    assert_eq!(out.stderr, again.stderr);
}

#[test]
fn set_flags_are_named_as_the_source() {
    chart(SCHEMA)
        .run(&["merge", "web", "--set", "image.repository=nginx,replicas=0"])
        .assert(
            2,
            "",
            r#"
            error: replicas: Must be greater than or equal to 1
              --> --set image.repository=nginx,replicas=0
              = schema: web/values.schema.json#/properties/replicas

            error: values don't meet the specifications of the schema(s) in the following chart(s):
            web:
            - replicas: Must be greater than or equal to 1
            "#,
        );
}

#[test]
fn skip_schema_validation_turns_it_off() {
    chart(SCHEMA)
        .run(&["merge", "web", "--skip-schema-validation", "-o", "json"])
        .assert(
            0,
            r#"
            {
              "image": {
                "tag": "v1"
              },
              "replicas": 1
            }
            "#,
            "",
        );
}

#[test]
fn remote_ref_is_never_fetched() {
    chart(r#"{"properties": {"image": {"$ref": "https://example.com/image.json"}}}"#)
        .run(&["merge", "web"])
        .assert(
            2,
            "",
            r#"
            error: web/values.schema.json#/properties/image: $ref "https://example.com/image.json" is not a local reference; strata never fetches schemas
              = hint: vendor the schema: save a copy in the workspace and refer to it by a relative path
            "#,
        );
}

#[test]
fn ref_leaving_the_chart_is_refused() {
    chart(r#"{"properties": {"image": {"$ref": "../../../etc/passwd"}}}"#)
        .run(&["merge", "web"])
        .assert(
            3,
            "",
            r#"
            error: web/values.schema.json#/properties/image: $ref "../../../etc/passwd" leaves the workspace; strata only reads schemas inside it
            "#,
        );
}

#[test]
fn file_url_ref_is_refused_as_leaving() {
    let outside = Ws::new().file("secret.json", r#"{"description": "TOPSECRET-789"}"#);
    let url = format!("file://{}/secret.json", outside.root().display());
    let schema = format!(r#"{{"properties": {{"image": {{"$ref": "{url}"}}}}}}"#);
    let out = chart(&schema).run(&["merge", "web"]);
    out.assert(
        3,
        "",
        &format!(
            r#"
            error: web/values.schema.json#/properties/image: $ref "{url}" leaves the workspace; strata only reads schemas inside it
              = hint: copy the schema into the workspace and refer to it by a relative path
            "#
        ),
    );
    assert!(!out.stderr.contains("TOPSECRET"));
    // A workspace schema too, where relative file references are allowed.
    Ws::new()
        .file("strata.yaml", "stages: [dev]\n")
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file(
            "schemas/web.schema.json",
            r#"{"properties": {"a": {"$ref": "file:///etc/passwd#/x"}}}"#,
        )
        .file("environments/dev/web.yaml", "a: 1\n")
        .run(&["validate"])
        .assert(
            3,
            "",
            r#"
            error: schemas/web.schema.json#/properties/a: $ref "file:///etc/passwd#/x" leaves the workspace; strata only reads schemas inside it
              = hint: copy the schema into the workspace and refer to it by a relative path
            "#,
        );
}

#[test]
fn ref_cycle_is_named_fast() {
    let start = Instant::now();
    chart(r##"{"definitions": {"a": {"allOf": [{"$ref": "#/definitions/b"}]}, "b": {"$ref": "#/definitions/a"}}, "properties": {"x": {"$ref": "#/definitions/a"}}}"##)
        .run(&["merge", "web"])
        .assert(
            2,
            "",
            r#"
            error: schema $ref cycle: web/values.schema.json#/definitions/a -> web/values.schema.json#/definitions/a/allOf/0 -> web/values.schema.json#/definitions/b -> web/values.schema.json#/definitions/a
              = hint: a $ref must lead to a schema for a part of the value (under properties, items...), not back to itself
            "#,
        );
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[test]
fn invalid_json_is_shown_at_its_line_and_column() {
    chart("{\n  \"properties\": {},\n}\n")
        .run(&["merge", "web"])
        .assert(
            2,
            "",
            r#"
            error: web/values.schema.json is not valid JSON: trailing comma
              --> web/values.schema.json:3:1
              |
            3 | }
              | ^
            "#,
        );
}

#[test]
fn huge_schema_is_refused_by_size_before_parsing() {
    let huge = format!(r#"{{"description": "{}"}}"#, "x".repeat(5 * 1024 * 1024));
    chart(&huge)
        .run(&["merge", "web"])
        .assert(
            2,
            "",
            r#"
            error: web/values.schema.json is 5242899 bytes, over the limit of 4194304 bytes (raise it with --max-file-bytes or limits.maxFileBytes in strata.yaml)
            "#,
        );
}

#[test]
fn catastrophic_pattern_runs_in_bounded_time() {
    let start = Instant::now();
    let out = chart(r#"{"properties": {"name": {"pattern": "^(a+)+$"}}}"#)
        .file("big.yaml", format!("name: {}!\n", "a".repeat(1_000_000)))
        .run(&["merge", "web", "-f", "big.yaml", "-o", "json"]);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    // The snippet shows 120 characters of the line, the carets stop where it does.
    let shown = format!("name: {}", "a".repeat(114));
    let carets = "^".repeat(114);
    out.assert(
        2,
        "",
        &format!(
            r#"
            error: name: Does not match pattern '^(a+)+$'
              --> big.yaml:1:7
              |
            1 | {shown}
              |       {carets}
              = schema: web/values.schema.json#/properties/name

            error: values don't meet the specifications of the schema(s) in the following chart(s):
            web:
            - name: Does not match pattern '^(a+)+$'
            "#
        ),
    );
}

#[test]
fn a_subchart_aliased_twice_names_which_alias_broke_its_schema() {
    Ws::new()
        .file(
            "app/Chart.yaml",
            "apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n  - name: sub\n    version: 0.1.0\n    alias: first\n  - name: sub\n    version: 0.1.0\n    alias: second\n",
        )
        .file("app/values.yaml", "second:\n  extra: 1\n")
        .file("app/charts/sub/Chart.yaml", chart_yaml("sub"))
        .file("app/charts/sub/values.yaml", "port: 80\n")
        .file(
            "app/charts/sub/values.schema.json",
            r#"{"properties": {"port": {"type": "integer"}, "global": {}}, "additionalProperties": false}"#,
        )
        .run(&["merge", "app"])
        .assert(
            2,
            "",
            r#"
            error: subchart second: (root): Additional property extra is not allowed
              --> app/values.yaml:2:3
              |
            2 |   extra: 1
              |   ^^^^^
              = schema: app/charts/sub/values.schema.json#

            error: values don't meet the specifications of the schema(s) in the following chart(s):
            second:
            - (root): Additional property extra is not allowed
            "#,
        );
}

#[test]
fn carets_span_the_value_as_written_or_one_bracket_when_the_file_reads_only_as_helm_reads_it() {
    let ws = chart(SCHEMA).file(
        "web/values.yaml",
        "replicas: 1\nimage:\n  tag: v1\n  repository: nginx\n",
    );
    // The document model knows the whole flow list is the value.
    ws.file("staging.yaml", "replicas: [two, 3]  # a list\n")
        .run(&["merge", "web", "-f", "staging.yaml"])
        .assert(
            2,
            "",
            r#"
            error: replicas: Invalid type. Expected: integer, given: array
              --> staging.yaml:1:11
              |
            1 | replicas: [two, 3]  # a list
              |           ^^^^^^^^
              = schema: web/values.schema.json#/properties/replicas

            error: values don't meet the specifications of the schema(s) in the following chart(s):
            web:
            - replicas: Invalid type. Expected: integer, given: array
            "#,
        );
    // `\'` in a double-quoted string is fine for Helm (YAML 1.1) but not for the document
    // model's parser (YAML 1.2): the line alone marks the bracket.
    chart(SCHEMA)
        .file(
            "web/values.yaml",
            "replicas: 1\nimage:\n  tag: v1\n  repository: nginx\n",
        )
        .file(
            "staging.yaml",
            "note: \"it\\'s\"\nreplicas: [two, 3]  # a list\n",
        )
        .run(&["merge", "web", "-f", "staging.yaml"])
        .assert(
            2,
            "",
            r#"
            error: replicas: Invalid type. Expected: integer, given: array
              --> staging.yaml:2:11
              |
            2 | replicas: [two, 3]  # a list
              |           ^
              = schema: web/values.schema.json#/properties/replicas

            error: values don't meet the specifications of the schema(s) in the following chart(s):
            web:
            - replicas: Invalid type. Expected: integer, given: array
            "#,
        );
}

#[test]
fn a_secret_under_a_key_on_the_line_above_is_hidden_in_the_excerpt() {
    chart(r#"{"properties": {"password": {"type": "integer"}}}"#)
        .file("staging.yaml", "? password\n: hunter2\n")
        .run(&["merge", "web", "-f", "staging.yaml"])
        .assert(
            2,
            "",
            r#"
            error: password: Invalid type. Expected: integer, given: string
              --> staging.yaml:2:3
              |
            2 | : <redacted>
              |   ^^^^^^^^^^
              = schema: web/values.schema.json#/properties/password

            error: values don't meet the specifications of the schema(s) in the following chart(s):
            web:
            - password: Invalid type. Expected: integer, given: string
            "#,
        );
}
