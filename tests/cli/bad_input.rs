//! Hostile and malformed input (reliability §1), read through `strata render` on a workspace
//! whose overlay is the bad input, and through `strata merge -f`.

use crate::support::{chart_yaml, one_overlay, tgz, Ws};

/// The release rendered when the overlay adds nothing: the chart's `a: 1`.
const DEFAULTS_ONLY: &str = "---\n# release: dev/web (namespace dev)\na: 1\n";

/// Nine levels of nine aliases each: 9^9 (387 million) values once expanded.
fn billion_laughs() -> String {
    let mut text = String::from("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..9 {
        let refs = vec![format!("*l{}", i - 1); 9].join(", ");
        text.push_str(&format!("l{i}: &l{i} [{refs}]\n"));
    }
    text
}

#[test]
fn alias_bomb_is_refused_at_the_alias_budget() {
    one_overlay(billion_laughs()).run(&["render"]).assert(
        2,
        "",
        r#"
        error: aliases expand to more than 100000 values (at alias *l4)
          --> environments/dev/web.yaml:6:10
          |
        6 | l5: &l5 [*l4, *l4, *l4, *l4, *l4, *l4, *l4, *l4, *l4]
          |          ^^^
          = hint: if the aliases are intended, raise the budget of 100000 with --max-alias-nodes or limits.maxAliasNodes in strata.yaml
        "#,
    );
}

#[test]
fn alias_bomb_in_a_values_file_given_to_merge() {
    Ws::new()
        .file("app/Chart.yaml", chart_yaml("app"))
        .file("bomb.yaml", billion_laughs())
        .run(&["merge", "app", "-f", "bomb.yaml", "--max-alias-nodes", "1000"])
        .assert(
            2,
            "",
            r#"
            error: aliases expand to more than 1000 values (at alias *l2)
              --> bomb.yaml:4:10
              |
            4 | l3: &l3 [*l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2]
              |          ^^^
              = hint: if the aliases are intended, raise the budget of 1000 with --max-alias-nodes or limits.maxAliasNodes in strata.yaml
            "#,
        );
}

#[test]
fn alias_to_its_own_anchor() {
    one_overlay("a: &x\n  b: *x\n").run(&["render"]).assert(
        2,
        "",
        r#"
        error: alias *x refers to the value that contains it
          --> environments/dev/web.yaml:2:6
          |
        2 |   b: *x
          |      ^^
        "#,
    );
}

#[test]
fn flow_nesting_10000_deep_stops_at_the_depth_limit() {
    let overlay = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    // Column 203 is the first `[` past the limit (the top-level map is level 1); the
    // snippet is the 120 characters around it.
    let expected_stderr = format!(
        "error: values nest deeper than the limit of 200 levels\n  --> environments/dev/web.yaml:1:203\n  |\n1 | {}\n  | {}^\n  = hint: if the nesting is intended, raise the limit of 200 with --max-depth or limits.maxDepth in strata.yaml\n",
        "[".repeat(120),
        " ".repeat(60),
    );
    one_overlay(overlay)
        .run(&["render"])
        .assert(2, "", &expected_stderr);
}

#[test]
fn block_nesting_10000_deep_stops_at_the_depth_limit() {
    // Compact block sequences (`- - - 1`) nest one level per two bytes; column 399 is the
    // 200th dash, level 201.
    let overlay = format!("a:\n{}1\n", "- ".repeat(10_000));
    let expected_stderr = format!(
        "error: values nest deeper than the limit of 200 levels\n  --> environments/dev/web.yaml:2:399\n  |\n2 | {}\n  | {}^\n  = hint: if the nesting is intended, raise the limit of 200 with --max-depth or limits.maxDepth in strata.yaml\n",
        "- ".repeat(60),
        " ".repeat(60),
    );
    one_overlay(overlay)
        .run(&["render"])
        .assert(2, "", &expected_stderr);
}

#[test]
fn depth_limit_from_strata_yaml() {
    one_overlay("a:\n  b:\n    c: 1\n")
        .file("strata.yaml", "stages: [dev]\nlimits:\n  maxDepth: 2\n")
        .run(&["render"])
        .assert(
            2,
            "",
            r#"
            error: values nest deeper than the limit of 2 levels
              --> environments/dev/web.yaml:3:5
              |
            3 |     c: 1
              |     ^
              = hint: if the nesting is intended, raise the limit of 2 with --max-depth or limits.maxDepth in strata.yaml
            "#,
        );
}

#[test]
fn duplicate_keys_keep_the_last_silently() {
    one_overlay("a: 2\nb: 3\na: 4\n")
        .run(&["render", "--annotate"])
        .assert(
            0,
            r#"
            ---
            # release: dev/web (namespace dev)
            a: 4  # environments/dev/web.yaml:3:4
            b: 3  # environments/dev/web.yaml:2:4
            "#,
            "",
        );
}

#[test]
fn invalid_utf8() {
    one_overlay(b"a: 1\nb: x\xffy\n".as_slice())
        .run(&["render"])
        .assert(
            2,
            "",
            "
            error: the file is not valid UTF-8 (byte 0xFF)
              --> environments/dev/web.yaml:2:5
              |
            2 | b: x\u{fffd}y
              |     ^
              = hint: the file may be binary or in another encoding
            ",
        );
}

#[test]
fn nul_byte() {
    one_overlay(b"a: x\x00y\n".as_slice())
        .run(&["render"])
        .assert(
            2,
            "",
            r#"
        error: control character U+0000 is not allowed in YAML
          --> environments/dev/web.yaml:1:5
          |
        1 | a: x\u0000y
          |     ^
          = hint: the file may be binary or in another encoding
        "#,
        );
}

#[test]
fn utf8_bom_is_accepted_and_not_part_of_the_key() {
    one_overlay(b"\xef\xbb\xbfa: 2\n".as_slice())
        .run(&["render", "--annotate"])
        .assert(
            0,
            r#"
            ---
            # release: dev/web (namespace dev)
            a: 2  # environments/dev/web.yaml:1:4
            "#,
            "",
        );
}

#[test]
fn utf16_asks_for_utf8() {
    // "a: 2\n" in UTF-16LE without a byte order mark.
    one_overlay(b"a\x00:\x00 \x002\x00\n\x00".as_slice())
        .run(&["render"])
        .assert(
            2,
            "",
            r#"
            error: the file is encoded as UTF-16; convert it to UTF-8
              --> environments/dev/web.yaml:1:1
              |
            1 | a\u0000:\u0000 \u00002\u0000
              | ^
              = hint: convert the file, for example with `iconv -f UTF-16 -t UTF-8`
            "#,
        );
}

#[test]
fn tab_indentation() {
    one_overlay("b:\n\tc: 1\n").run(&["render"]).assert(
        2,
        "",
        r#"
        error: tab character used as indentation; YAML indents with spaces only
          --> environments/dev/web.yaml:2:1
          |
        2 |  c: 1
          | ^
          = hint: replace the tab with spaces
        "#,
    );
}

#[test]
fn several_documents_in_an_overlay_are_refused() {
    one_overlay("a: 2\n---\na: 3\n").run(&["render"]).assert(
        2,
        "",
        r#"
        error: a second YAML document; an overlay must hold exactly one (Helm 3 would ignore it, Helm 4 merge it)
          --> environments/dev/web.yaml:2:1
          |
        2 | ---
          | ^
        "#,
    );
}

#[test]
fn several_documents_in_a_merge_values_file_use_the_first_with_a_warning() {
    // Helm 3 ignores the second document, even when it is not valid YAML.
    Ws::new()
        .file("app/Chart.yaml", chart_yaml("app"))
        .file("app/values.yaml", "a: 1\n")
        .file("multi.yaml", "a: 2\n---\n: : [\n")
        .run(&["merge", "app", "-f", "multi.yaml"])
        .assert(
            0,
            "a: 2\n",
            "note: multi.yaml holds several YAML documents; only the first is used, as Helm 3 does\n",
        );
}

#[test]
fn top_level_list() {
    one_overlay("- a\n- b\n").run(&["render"]).assert(
        2,
        "",
        r#"
        error: expected a mapping at the top level, found a list
          --> environments/dev/web.yaml:1:1
          |
        1 | - a
          | ^^^
          = hint: a values file must be a mapping of keys to values
        "#,
    );
}

#[test]
fn empty_overlay_is_an_empty_layer() {
    one_overlay("")
        .run(&["render"])
        .assert(0, DEFAULTS_ONLY, "");
}

#[test]
fn comment_only_overlay_is_an_empty_layer() {
    one_overlay("# nothing here yet\n\n   # indented\n")
        .run(&["render"])
        .assert(0, DEFAULTS_ONLY, "");
}

#[test]
fn custom_tag_is_named() {
    one_overlay("password: !vault secret/db#password\n")
        .run(&["render"])
        .assert(
            2,
            "",
            r#"
            error: tag !vault is not supported
              --> environments/dev/web.yaml:1:11
              |
            1 | password: <redacted>
              |           ^
              = hint: remove the tag: Helm would ignore it and read the plain value
            "#,
        );
}

#[test]
fn infinity_is_refused() {
    one_overlay("a: 1\nb: -.Inf\n").run(&["render"]).assert(
        2,
        "",
        r#"
        error: `-.Inf` is not a finite number (Helm fails with "json: unsupported value: -Inf")
          --> environments/dev/web.yaml:2:4
          |
        2 | b: -.Inf
          |    ^^^^^
          = hint: quote it ("-.Inf") if a string was meant
        "#,
    );
}

#[test]
fn nan_is_refused() {
    Ws::new()
        .file("app/Chart.yaml", chart_yaml("app"))
        .file("nan.yaml", "x: .nan\n")
        .run(&["merge", "app", "-f", "nan.yaml"])
        .assert(
            2,
            "",
            r#"
            error: `.nan` is not a finite number (Helm fails with "json: unsupported value: NaN")
              --> nan.yaml:1:4
              |
            1 | x: .nan
              |    ^^^^
              = hint: quote it (".nan") if a string was meant
            "#,
        );
}

#[cfg(unix)]
#[test]
fn symlink_out_of_the_workspace_is_refused_unread() {
    // The workspace is `ws/` of the test's temporary folder; the secret is beside it.
    let ws = Ws::new()
        .file("secret.yaml", "token: TOPSECRET-123\n")
        .file("ws/strata.yaml", "stages: [dev]\n")
        .file("ws/charts/web/Chart.yaml", chart_yaml("web"))
        .file("ws/charts/web/values.yaml", "a: 1\n");
    let secret = ws.root().join("secret.yaml");
    let out = ws
        .symlink("ws/environments/dev/web/extra.yaml", secret)
        .in_folder("ws")
        .run(&["render"]);
    out.assert(
        3,
        "",
        "error: environments/dev/web/extra.yaml is outside the workspace; strata only reads files inside [WS]/ws\n",
    );
    assert!(!out.stdout.contains("TOPSECRET") && !out.stderr.contains("TOPSECRET"));
}

#[cfg(unix)]
#[test]
fn relative_symlink_climbing_out_is_refused() {
    // Climb out of `environments/dev/` and the workspace `ws/`, to a file beside it.
    let out = Ws::new()
        .file("secret.yaml", "token: TOPSECRET-456\n")
        .file("ws/strata.yaml", "stages: [dev]\n")
        .file("ws/charts/web/Chart.yaml", chart_yaml("web"))
        .symlink("ws/environments/dev/web.yaml", "../../../secret.yaml")
        .in_folder("ws")
        .run(&["explain", "dev", "web", "token"]);
    out.assert(
        3,
        "",
        "error: environments/dev/web.yaml is outside the workspace; strata only reads files inside [WS]/ws\n",
    );
    assert!(!out.stdout.contains("TOPSECRET") && !out.stderr.contains("TOPSECRET"));
}

#[cfg(unix)]
#[test]
fn fifo_overlay_is_refused_without_blocking() {
    one_overlay("")
        .fifo("environments/dev/web/pipe.yaml")
        .run(&["render"])
        .assert(
            2,
            "",
            "error: environments/dev/web/pipe.yaml is a FIFO, not a regular file\n",
        );
}

#[test]
fn directory_where_the_overlay_should_be() {
    Ws::new()
        .file("strata.yaml", "stages: [dev]\n")
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .dir("environments/dev/web.yaml")
        .run(&["render"])
        .assert(
            2,
            "",
            "error: environments/dev/web.yaml is a directory, not a regular file\n",
        );
}

#[test]
fn overlay_over_the_size_cap_given_by_flag() {
    one_overlay(format!("a: {}\n", "x".repeat(200)))
        .run(&["render", "--max-file-bytes", "100"])
        .assert(
            2,
            "",
            "error: environments/dev/web.yaml is 204 bytes, over the limit of 100 bytes (raise it with --max-file-bytes or limits.maxFileBytes in strata.yaml)\n",
        );
}

#[test]
fn overlay_over_the_size_cap_set_in_strata_yaml() {
    one_overlay(format!("a: {}\n", "x".repeat(200)))
        .file("strata.yaml", "stages: [dev]\nlimits:\n  maxFileBytes: 100\n")
        .run(&["render"])
        .assert(
            2,
            "",
            "error: environments/dev/web.yaml is 204 bytes, over the limit of 100 bytes (raise it with --max-file-bytes or limits.maxFileBytes in strata.yaml)\n",
        );
}

#[test]
fn flag_raises_the_size_cap_of_strata_yaml() {
    one_overlay("a: 2\n")
        .file("strata.yaml", "stages: [dev]\nlimits:\n  maxFileBytes: 4\n")
        .run(&["render", "--max-file-bytes", "1000"])
        .assert(0, "---\n# release: dev/web (namespace dev)\na: 2\n", "");
}

#[test]
fn raw_escape_byte_in_an_overlay_is_shown_escaped() {
    let out = one_overlay(b"a: \x1b[2Jred\n".as_slice()).run(&["render"]);
    out.assert(
        2,
        "",
        r#"
        error: control character U+001B is not allowed in YAML
          --> environments/dev/web.yaml:1:4
          |
        1 | a: \u001b[2Jred
          |    ^
          = hint: the file may be binary or in another encoding
        "#,
    );
    out.assert_no_raw_controls();
}

/// Keys and values holding terminal controls, written with YAML escapes: ESC (`\e`), BEL
/// (`\a`), DEL (`\x7f`) and the 8-bit CSI (U+009B).
const CONTROLS: &str = r#"a: "\e[31mred\e[0m"
"\e]0;title\a": v
b: "x\x7fy\u009b2J"
"#;

#[test]
fn terminal_controls_are_escaped_in_yaml() {
    // Raw DEL or U+009B in the output would also make it unreadable to Helm (go-yaml
    // refuses control characters), so `--for-helm` could not be fed back to it.
    let out = one_overlay(CONTROLS).run(&["render", "--annotate"]);
    out.assert(
        0,
        r#"
        ---
        # release: dev/web (namespace dev)
        a: "\u001b[31mred\u001b[0m"  # environments/dev/web.yaml:1:4
        "\u001b]0;title\u0007": v  # environments/dev/web.yaml:2:17
        b: "x\u007fy\u009b2J"  # environments/dev/web.yaml:3:4
        "#,
        "",
    );
    out.assert_no_raw_controls();
}

#[test]
fn terminal_controls_are_escaped_in_json() {
    let out =
        one_overlay("a: \"\\e[31mred\"\n\"\\e]0;title\\a\": v\n").run(&["render", "-o", "json"]);
    out.assert(
        0,
        r#"
        {
          "releases": [
            {
              "chart": "web",
              "namespace": "dev",
              "stage": "dev",
              "values": {
                "\u001b]0;title\u0007": "v",
                "a": "\u001b[31mred"
              }
            }
          ]
        }
        "#,
        "",
    );
    out.assert_no_raw_controls();
}

#[test]
fn terminal_controls_are_escaped_in_warnings_and_set_origins() {
    let out = one_overlay("\"\\e[2J\":\n  x: 1\n")
        .file("charts/web/values.yaml", "\"\\e[2J\": 1\n")
        .run(&["render", "--annotate", "--set", "b\x1b=1"]);
    out.assert(
        0,
        r#"
        ---
        # release: dev/web (namespace dev)
        "\u001b[2J":
          x: 1  # environments/dev/web.yaml:2:6
        "b\u001b": 1  # --set b\u001b=1
        "#,
        r#"
        warning: dev/web: skipped value for web.\u001b[2J: Not a table.
        "#,
    );
    out.assert_no_raw_controls();
}

#[test]
fn terminal_controls_are_escaped_in_explain() {
    let out = one_overlay(CONTROLS).run(&["explain", "dev", "web", "a"]);
    out.assert(
        0,
        r#"
        dev/web a = "\u001b[31mred\u001b[0m"
          from environments/dev/web.yaml:1:4

        layers, most recent last:
          set      charts/web/values.yaml:1:4     1  chart defaults
          override environments/dev/web.yaml:1:4  "\u001b[31mred\u001b[0m"  stage overlay
        "#,
        "",
    );
    out.assert_no_raw_controls();
}

#[test]
fn a_secret_on_the_line_of_an_error_is_not_printed() {
    one_overlay("auth:\n  password: \"hunter2\n")
        .run(&["render"])
        .assert(
            2,
            "",
            r#"
            error: invalid YAML: while scanning a quoted scalar, found unexpected end of stream
              --> environments/dev/web.yaml:2:13
              |
            2 |   password: <redacted>
              |             ^
            "#,
        );
}

#[test]
fn a_secret_on_the_lines_above_an_error_keeps_its_line_hidden() {
    // The error is on a line of a secret key's block scalar.
    one_overlay("auth:\n  password: |\n      PLANTED-1\n    PLANTED-2\n")
        .run(&["render"])
        .assert(
            2,
            "",
            r#"
            error: invalid YAML: while parsing a block mapping, did not find expected key
              --> environments/dev/web.yaml:4:5
              |
            4 |     <redacted>
              |     ^
            "#,
        );
    // On a line of a private key's body, whatever the key is called.
    one_overlay("tls:\n  key: |\n      -----BEGIN RSA PRIVATE KEY-----\n    PLANTED-PEM\n")
        .run(&["render"])
        .assert(
            2,
            "",
            r#"
            error: invalid YAML: while parsing a block mapping, did not find expected key
              --> environments/dev/web.yaml:4:5
              |
            4 |     <redacted>
              |     ^
            "#,
        );
    // In a flow mapping.
    one_overlay("auth: {password: PLANTED-FLOW, user: [}\n")
        .run(&["render"])
        .assert(
            2,
            "",
            r#"
            error: invalid YAML: while parsing a node, did not find expected node content
              --> environments/dev/web.yaml:1:39
              |
            1 | auth: {password: <redacted>, user: [}
              |                                       ^
            "#,
        );
}

#[test]
fn standard_input_over_the_size_cap_says_more_than_the_limit() {
    Ws::new()
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .run_with_stdin(
            &["merge", "charts/web", "-f", "-", "--max-file-bytes", "50"],
            format!("a: {}\n", "x".repeat(60)).as_bytes(),
        )
        .assert(
            2,
            "",
            "error: (standard input) is over the limit of 50 bytes (raise it with --max-file-bytes or limits.maxFileBytes in strata.yaml)\n",
        );
}

#[test]
fn file_inside_a_packaged_chart_over_the_size_cap_names_the_flag() {
    let values = format!("a: {}\n", "x".repeat(300));
    Ws::new()
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file(
            "charts/web/charts/db-0.1.0.tgz",
            tgz(&[("db/Chart.yaml", &chart_yaml("db")), ("db/values.yaml", &values)]),
        )
        .run(&["merge", "charts/web", "--max-file-bytes", "250"])
        .assert(
            2,
            "",
            "error: cannot unpack charts/web/charts/db-0.1.0.tgz: values.yaml is 304 bytes, over the limit of 250 bytes (raise it with --max-file-bytes or limits.maxFileBytes in strata.yaml)\n",
        );
}

#[test]
fn overlay_entry_leaving_the_workspace_is_shown_at_its_own_line() {
    Ws::new()
        .file(
            "strata.yaml",
            "stages: [dev]\noverlays:\n  - environments/{stage}/{chart}.yaml\n  - /etc/{chart}.yaml\n",
        )
        .run(&["stages"])
        .assert(
            3,
            "",
            r#"
            error: overlay pattern "/etc/{chart}.yaml" leaves the workspace; overlays must stay inside it
              --> strata.yaml:4:5
              |
            4 |   - /etc/{chart}.yaml
              |     ^^^^^^^^^^^^^^^^^
            "#,
        );
}

#[cfg(unix)]
#[test]
fn values_file_linking_out_of_the_current_folder_is_refused_unread() {
    let outside = Ws::new().file("secret.yaml", "token: TOPSECRET-321\n");
    let secret = outside.root().join("secret.yaml");
    let ws = Ws::new()
        .file("web/Chart.yaml", chart_yaml("web"))
        .symlink("staging.yaml", &secret)
        .symlink("links/out", outside.root())
        .symlink("token.txt", &secret);
    for args in [
        &["merge", "web", "-f", "staging.yaml"][..],
        &["merge", "web", "-f", "links/out/secret.yaml"][..],
    ] {
        let out = ws.run(args);
        out.assert(
            3,
            "",
            &format!(
                "error: {} is a symlink leading outside [WS]; strata does not follow links out of it (name the target itself to read it)\n",
                args[3]
            ),
        );
        assert!(!out.stderr.contains("TOPSECRET"));
    }
    let out = ws.run(&["merge", "web", "--set-file", "t=token.txt"]);
    out.assert(
        3,
        "",
        "error: failed parsing --set-file data: token.txt is a symlink leading outside [WS]; strata does not follow links out of it (name the target itself to read it)\n",
    );
    // Naming the outside file itself is the user's explicit choice.
    let direct = secret.to_string_lossy().to_string();
    ws.run(&["merge", "web", "-f", &direct])
        .assert(0, "token: TOPSECRET-321\n", "");
}

#[cfg(unix)]
#[test]
fn values_file_linking_out_of_the_workspace_is_refused_by_render() {
    let outside = Ws::new().file("secret.yaml", "token: TOPSECRET-654\n");
    let out = one_overlay("")
        .symlink(
            "environments/dev/staging.yaml",
            outside.root().join("secret.yaml"),
        )
        .run(&["render", "-f", "environments/dev/staging.yaml"]);
    out.assert(
        3,
        "",
        "error: environments/dev/staging.yaml is a symlink leading outside [WS]; strata does not follow links out of it (name the target itself to read it)\n",
    );
    assert!(!out.stderr.contains("TOPSECRET"));
}

#[test]
fn values_file_urls_are_never_fetched() {
    Ws::new()
        .file("web/Chart.yaml", chart_yaml("web"))
        .run(&["merge", "web", "-f", "https://example.com/values.yaml"])
        .assert(
            2,
            "",
            "error: https://example.com/values.yaml: strata works offline and does not fetch -f values from a https URL\n",
        );
}

#[test]
fn findings_of_one_rule_in_one_file_stop_at_the_cap_with_a_count() {
    let overlay: String = (0..103).map(|i| format!("k{i}: 1\n")).collect();
    let out = one_overlay(overlay).run(&["validate", "--format", "github"]);
    let mut expected: String = (0..100)
        .map(|i| {
            format!(
                "::error file=environments/dev/web.yaml,line={},col=1,title=unknown-key::dev/web: unknown key `k{i}`: chart web neither sets, documents nor reads it; if it does read it, list it in `lint.allowUnknown`\n",
                i + 1
            )
        })
        .collect();
    expected.push_str("::error file=environments/dev/web.yaml,line=101,col=1,title=unknown-key::dev/web: 3 more unknown-key findings in environments/dev/web.yaml not shown (at most 100 per rule and file)\n");
    out.assert(1, &expected, "");
}

#[cfg(unix)]
#[test]
fn a_killed_write_leaves_no_temporary_file_behind() {
    // Big enough that writing takes a while, so kills land while writing.
    let overlay: String = (0..60_000).map(|i| format!("key{i}: value{i}\n")).collect();
    let ws = one_overlay(overlay)
        .file(
            "strata.yaml",
            "stages: [dev]\nlimits:\n  maxFileBytes: 10000000\n",
        )
        // Left by an older run killed between naming its file and renaming it.
        .file("out/dev/.web.yaml.strata-2147483646.tmp", "half a file")
        .file("out/dev/.other.yaml.strata-2147483646.tmp", "not this name");
    for delay_ms in [5, 20, 40, 60, 80, 100, 150] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_strata"))
            .args(["render", "--out", "out"])
            .current_dir(ws.root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("strata starts");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
    }
    ws.run(&["render", "--out", "out"])
        .assert(0, "", "wrote 1 file under out\n");
    let mut names: Vec<String> = std::fs::read_dir(ws.root().join("out/dev"))
        .expect("the output folder exists")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .to_string()
        })
        .collect();
    names.sort();
    assert_eq!(names, [".other.yaml.strata-2147483646.tmp", "web.yaml"]);
}

/// Two stages whose `web` differs, and a workspace Markdown template.
fn template_workspace(template: &str, limits: &str) -> Ws {
    Ws::new()
        .file("strata.yaml", format!("stages: [a, b]\n{limits}"))
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file("environments/a/web.yaml", "x: 1\n")
        .file("environments/b/web.yaml", "x: 2\n")
        .file("templates/diff.md.tera", template)
}

#[test]
fn a_template_that_doubles_a_string_stops_at_the_memory_budget() {
    let doubling = "{% set_global s = \"ab\" %}{% for i in range(end=40) %}{% set_global s = s ~ s %}{% endfor %}{{ s | length }}\n";
    let started = std::time::Instant::now();
    template_workspace(doubling, "limits:\n  templateMemoryBytes: 67108864\n")
        .run(&["diff", "a", "b", "-o", "markdown"])
        .assert(
            2,
            "",
            "error: diff template templates/diff.md.tera: the template used more than its memory budget of 64 MiB (raise it with limits.templateMemoryBytes in strata.yaml)\n",
        );
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn a_template_that_loops_without_output_stops_at_the_time_budget() {
    let endless = "{% for a in range(end=100000) %}{% for b in range(end=100000) %}{% endfor %}{% endfor %}\n";
    let started = std::time::Instant::now();
    template_workspace(endless, "limits:\n  templateSeconds: 1\n")
        .run(&["diff", "a", "b", "-o", "markdown"])
        .assert(
            2,
            "",
            "error: diff template templates/diff.md.tera: rendering took longer than its time budget of 1 s; a template must not loop without end (raise it with limits.templateSeconds in strata.yaml)\n",
        );
    assert!(started.elapsed() < std::time::Duration::from_secs(3));
}

#[test]
fn a_template_error_names_the_template_file_and_line() {
    template_workspace("line one\n{{ nope }}\n", "")
        .run(&["diff", "a", "b", "-o", "markdown"])
        .assert(
            2,
            "",
            r#"
            error: diff template templates/diff.md.tera: error: Variable `nope` is not defined. Available variables: cut, max_bytes, mode, new, old, releases, title, totals
             --> templates/diff.md.tera:2:4
              |
            2 | {{ nope }}
              |    ^^^^
            "#,
        );
}

/// Every limit at its ceiling (`yaml::ceiling`).
const LIMITS_AT_CEILINGS: &str = "stages: [a, b]
limits:
  maxFileBytes: 1073741824
  maxDepth: 255
  maxAliasNodes: 20000000
  maxNodes: 20000000
  templateMemoryBytes: 4294967296
  templateSeconds: 600
";

/// Maps nested `depth` levels, the innermost holding `value`: in block style (one key a
/// line, indented) or flow style (`x: {a: {a: ...}}`).
fn nested(flow: bool, depth: usize, value: &str) -> String {
    if flow {
        format!(
            "x: {}{value}{}\n",
            "{a: ".repeat(depth - 1),
            "}".repeat(depth - 1)
        )
    } else {
        let mut text = String::new();
        for level in 0..depth - 1 {
            text.push_str(&format!("{}k{level}:\n", "  ".repeat(level)));
        }
        text.push_str(&format!(
            "{}k{}: {value}\n",
            "  ".repeat(depth - 1),
            depth - 1
        ));
        text
    }
}

#[test]
fn every_command_runs_at_the_depth_ceiling_with_every_limit_at_its_ceiling() {
    for flow in [false, true] {
        let ws = Ws::new()
            .file("strata.yaml", LIMITS_AT_CEILINGS)
            .file("charts/web/Chart.yaml", chart_yaml("web"))
            .file("environments/a/web.yaml", nested(flow, 255, "1"))
            .file("environments/b/web.yaml", nested(flow, 255, "2"));
        let key = if flow { "x" } else { "k0" };
        for (args, code) in [
            (&["render"][..], 0),
            (&["validate", "--format", "github"][..], 1),
            (&["diff", "a", "b", "-o", "json"][..], 0),
            (&["diff", "a", "b", "-o", "markdown"][..], 0),
            (&["explain", "a", "web", key][..], 0),
            (&["matrix"][..], 0),
        ] {
            let out = ws.run(args);
            assert_eq!(out.code, Some(code), "{flow} {args:?}: {}", out.stderr);
            assert_eq!(out.stderr, "", "{flow} {args:?}");
        }
        // One level more is refused at its place, block and flow alike, on every command.
        let ws = Ws::new()
            .file("strata.yaml", LIMITS_AT_CEILINGS)
            .file("charts/web/Chart.yaml", chart_yaml("web"))
            .file("environments/a/web.yaml", nested(flow, 256, "1"))
            .file("environments/b/web.yaml", nested(flow, 256, "2"));
        let place = if flow { "1:1020" } else { "256:511" };
        for args in [
            &["render"][..],
            &["validate"][..],
            &["diff", "a", "b"][..],
            &["explain", "a", "web", key][..],
            &["matrix"][..],
        ] {
            let out = ws.run(args);
            assert_eq!(out.code, Some(2), "{flow} {args:?}: {}", out.stderr);
            assert!(
                out.stderr.starts_with(&format!(
                    "error: values nest deeper than the limit of 255 levels\n  --> environments/a/web.yaml:{place}\n"
                )),
                "{flow} {args:?}: {}",
                out.stderr
            );
        }
    }
}

#[test]
fn limits_above_their_ceilings_are_refused() {
    one_overlay("")
        .file("strata.yaml", "stages: [dev]\nlimits:\n  maxDepth: 1000000\n")
        .run(&["render"])
        .assert(
            2,
            "",
            r#"
            error: limits.maxDepth is 1000000, over its ceiling of 255: strata is tested up to the ceiling, not beyond
              --> strata.yaml:3:13
              |
            3 |   maxDepth: 1000000
              |             ^^^^^^^
            "#,
        );
    one_overlay("")
        .run(&["render", "--max-depth", "256"])
        .assert(
            2,
            "",
            "error: invalid value '256' for '--max-depth <N>': 256 is not in 1..=255\n\nFor more information, try '--help'.\n",
        );
}
