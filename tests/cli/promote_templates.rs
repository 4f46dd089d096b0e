//! `strata promote` and `strata apply-patch` on overlay templates (`*.yaml.tera`): a value
//! that is literal text of the template is edited in place (only its bytes change), a
//! computed one is refused at the template line that computes it, and a new key goes to a
//! plain overlay, never into a template.

use crate::support::{chart_yaml, Ws};

const TEMPLATE: &str = "# production web, rendered with tera\r\n{% set registry = \"mirror.example.com\" %}\r\nimage:\r\n  repository: {{ registry }}/{{ release.name }}\r\n  tag: \"1.25\" # pinned\r\nreplicas: {{ stage.index + 2 }}\r\n";

/// `web` lags staging on its image tag; production's overlay is a template whose tag is
/// literal text (CRLF line breaks, a comment after the value).
fn literal_tag() -> Ws {
    Ws::new()
        .file("strata.yaml", "stages: [staging, production]\n")
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file(
            "charts/web/values.yaml",
            "image:\n  repository: nginx\n  tag: \"1.0\"\nreplicas: 1\n",
        )
        .file("environments/staging/web.yaml", "image:\n  tag: \"1.27\"\n")
        .file("environments/production/web.yaml.tera", TEMPLATE)
}

#[test]
fn promotes_a_literal_tag_in_a_template_changing_only_its_bytes() {
    let ws = literal_tag();
    let plan = "
        strata promote: staging → production

        production/web: 1 changed, 0 added, 0 removed
          ~ image.tag: \"1.25\" → \"1.27\"
              environments/production/web.yaml.tera:5:8

        1 of 1 release changed: 1 changed, 0 added, 0 removed

        edits:
          environments/production/web.yaml.tera:5:8  web image.tag
    ";
    ws.run(&["promote", "staging", "production"]).assert(
        0,
        plan,
        "note: promoted 1 value into environments/production/web.yaml.tera\n",
    );
    assert_eq!(
        ws.read("environments/production/web.yaml.tera"),
        TEMPLATE.replace("\"1.25\"", "\"1.27\"")
    );
    ws.run(&["promote", "staging", "production", "--check"])
        .assert(
            0,
            "nothing to promote: production has staging's values on every promotable path\n",
            "",
        );
}

#[test]
fn refuses_a_computed_tag_at_the_template_line_that_computes_it() {
    let template = "image:\n  # from the stage's variables\n  tag: \"{{ stage.vars.tag }}\"\n";
    let ws = literal_tag()
        .file("environments/production/stage.yaml", "tag: \"1.25\"\n")
        .file("environments/production/web.yaml.tera", template);
    ws.run(&["promote", "staging", "production"]).assert(
        2,
        "",
        "
        error: cannot edit environments/production/web.yaml.tera:3: the value of `image.tag` is computed by the template ({{ stage.vars.tag }}); edit it by hand
          --> environments/production/web.yaml.tera:3:9
          |
        3 |   tag: \"{{ stage.vars.tag }}\"
          |         ^
        ",
    );
    assert_eq!(ws.read("environments/production/web.yaml.tera"), template);
}

#[test]
fn a_new_key_goes_to_a_plain_overlay_never_into_a_template() {
    let ws = literal_tag().file(
        "environments/production/web.yaml.tera",
        "replicas: {{ stage.index + 2 }}\n",
    );
    ws.run(&["promote", "staging", "production", "--dry-run"])
        .assert(
            2,
            "",
            "
            error: cannot add `image.tag` for web in production: its overlay environments/production/web.yaml.tera is a template (.tera), where strata creates no key, and it has no plain .yaml overlay in production
              = hint: add `image.tag` to the template by hand, or create a plain overlay of web in production (strata writes new keys there)
            ",
        );
    let ws = ws.file("environments/production/web/pins.yaml", "# pins\n");
    ws.run(&["promote", "staging", "production"]).assert(
        0,
        "
        strata promote: staging → production

        production/web: 1 changed, 0 added, 0 removed
          ~ image.tag: \"1.0\" → \"1.27\"
              charts/web/values.yaml:3:8 → environments/production/web/pins.yaml:3:8

        1 of 1 release changed: 1 changed, 0 added, 0 removed

        edits:
          environments/production/web/pins.yaml (new key)  web image.tag
        ",
        "note: promoted 1 value into environments/production/web/pins.yaml\n",
    );
    assert_eq!(
        ws.read("environments/production/web/pins.yaml"),
        "# pins\nimage:\n  tag: \"1.27\"\n"
    );
}

#[test]
fn a_patch_of_a_template_round_trips_and_follows_the_same_rules() {
    let direct = literal_tag();
    direct.run(&["promote", "staging", "production"]);
    let planned = literal_tag();
    planned
        .run(&["promote", "staging", "production", "--patch", "plan.json"])
        .assert(
            0,
            "
            strata promote: staging → production

            production/web: 1 changed, 0 added, 0 removed
              ~ image.tag: \"1.25\" → \"1.27\"
                  environments/production/web.yaml.tera:5:8

            1 of 1 release changed: 1 changed, 0 added, 0 removed

            edits:
              environments/production/web.yaml.tera:5:8  web image.tag
            ",
            "note: wrote the plan to plan.json (1 file); the overlays are unchanged\n",
        );
    let patch = planned.read("plan.json");
    assert_eq!(
        patch,
        crate::support::dedent(
            r#"
            {
              "files": [
                {
                  "patch": [
                    {
                      "op": "test",
                      "path": "/image/tag",
                      "value": "1.25"
                    },
                    {
                      "op": "replace",
                      "path": "/image/tag",
                      "value": "1.27"
                    }
                  ],
                  "path": "environments/production/web.yaml.tera"
                }
              ],
              "format": "strata.promotion/v1",
              "promotion": {
                "from": "staging",
                "to": "production"
              }
            }
            "#
        )
    );
    assert_eq!(
        planned.read("environments/production/web.yaml.tera"),
        TEMPLATE
    );
    let elsewhere = literal_tag().file("plan.json", &patch);
    elsewhere.run(&["apply-patch", "plan.json"]).assert(
        0,
        "environments/production/web.yaml.tera: 1 value (staging to production)\n",
        "note: applied plan.json\n",
    );
    assert_eq!(
        elsewhere.read("environments/production/web.yaml.tera"),
        direct.read("environments/production/web.yaml.tera")
    );
    // A patch of a value the template computes is refused as a promotion is.
    let computed = literal_tag()
        .file(
            "environments/production/web.yaml.tera",
            "image:\n  tag: \"{{ '1.' ~ 25 }}\"\n",
        )
        .file("plan.json", &patch);
    computed.run(&["apply-patch", "plan.json"]).assert(
        2,
        "",
        "
        error: cannot edit environments/production/web.yaml.tera:2: the value of `image.tag` is computed by the template ({{ '1.' ~ 25 }}); edit it by hand
          --> environments/production/web.yaml.tera:2:9
          |
        2 |   tag: \"{{ '1.' ~ 25 }}\"
          |         ^
        ",
    );
}
