//! Overlay templates (`*.yaml.tera`): rendered with the stage's, release's and chart's
//! context before they are read, hermetic and bounded, each value traced to its template
//! line; and the stage variables they read.

use std::time::{Duration, Instant};

use crate::support::Ws;

/// A chart `web` in two stages with variables; production's site comes from a template.
fn templated() -> Ws {
    Ws::new()
        .file(
            "strata.yaml",
            "stages: [dev, prod]\nvars:\n  registry: registry.example.com\n",
        )
        .file(
            "charts/web/Chart.yaml",
            "apiVersion: v2\nname: web\nversion: 1.2.3\nappVersion: \"4.5\"\n",
        )
        .file(
            "charts/web/values.yaml",
            "image:\n  repository: nginx\n  tag: \"1.25\"\ningress:\n  host: localhost\n  labels: {}\n",
        )
        .file(
            "environments/dev/stage.yaml",
            "namespace: web-dev\ndomain: dev.example.com\n",
        )
        .file(
            "environments/prod/stage.yaml",
            "namespace: web\ndomain: example.com\n",
        )
        .file(
            "environments/prod/web/site.yaml.tera",
            r#"# The site, from the stage's variables.
{% set host = "www." ~ stage.vars.domain %}
image:
  repository: {{ vars.registry }}/{{ chart.name }}
  tag: "{{ chart.appVersion }}"
ingress:
  host: {{ host }}
  labels:
{% for name in ["stage", "namespace"] %}
    {{ name }}: "{{ stage.name if name == "stage" else release.namespace }}"
{% endfor %}
"#,
        )
}

#[test]
fn a_template_renders_from_the_stage_variables_and_annotate_names_its_lines() {
    templated()
        .run(&["render", "-s", "prod", "--annotate"])
        .assert(
            0,
            r#"
            ---
            # release: prod/web (namespace web)
            image:
              repository: registry.example.com/web  # environments/prod/web/site.yaml.tera:4:15
              tag: "4.5"  # environments/prod/web/site.yaml.tera:5:8
            ingress:
              host: www.example.com  # environments/prod/web/site.yaml.tera:7:9
              labels:
                stage: prod  # environments/prod/web/site.yaml.tera:10:12
                namespace: web  # environments/prod/web/site.yaml.tera:10:16
            "#,
            "",
        );
}

#[test]
fn explain_points_at_the_template_line_that_wrote_the_value() {
    templated()
        .run(&["explain", "prod", "web", "ingress.host"])
        .assert(
            0,
            r#"
            prod/web ingress.host = "www.example.com"
              from environments/prod/web/site.yaml.tera:7:9

            layers, most recent last:
              set      charts/web/values.yaml:5:9                "localhost"  chart defaults
              override environments/prod/web/site.yaml.tera:7:9  "www.example.com"  stage overlay
            "#,
            "",
        );
    templated()
        .run(&["validate"])
        .assert(0, "2 releases validated: no errors, no warnings\n", "");
}

#[test]
fn a_template_calling_get_env_fails_at_the_call() {
    let started = Instant::now();
    templated()
        .file(
            "environments/dev/web.yaml.tera",
            "image:\n  tag: {{ get_env(name=\"HOME\") }}\n",
        )
        .run(&["render", "-s", "dev"])
        .assert(
            2,
            "",
            r#"
            error: get_env() is not available: templates are hermetic (no environment, clock, randomness, files or network)
              --> environments/dev/web.yaml.tera:2:11
              |
            2 |   tag: {{ get_env(name="HOME") }}
              |           ^^^^^^^^^^^^^^^^^^^^
            "#,
        );
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn a_template_that_loops_for_ever_is_stopped_within_its_budget() {
    let started = Instant::now();
    templated()
        .file(
            "environments/dev/web.yaml.tera",
            "a: 1\n{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}\n",
        )
        .run(&["render", "-s", "dev"])
        .assert(
            2,
            "",
            "error: environments/dev/web.yaml.tera: rendering took longer than its time budget of 2 s; a template must not loop without end (raise it with limits.templateSeconds in strata.yaml)\n",
        );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn template_errors_are_at_the_template_line_and_column() {
    templated()
        .file(
            "environments/dev/web.yaml.tera",
            "image:\n  tag: {{ stage.vars.domian }}\n",
        )
        .run(&["render", "-s", "dev"])
        .assert(
            2,
            "",
            r#"
            error: Field `domian` is not defined. Available fields: domain, namespace
              --> environments/dev/web.yaml.tera:2:22
              |
            2 |   tag: {{ stage.vars.domian }}
              |                      ^
            "#,
        );
    templated()
        .file(
            "environments/dev/web.yaml.tera",
            "image:\n  tag: {{ stage.vars.domain }}\n repository: x\n",
        )
        .run(&["render", "-s", "dev"])
        .assert(
            2,
            "",
            r#"
            error: invalid YAML: while parsing a block mapping, did not find expected key (in the YAML the template rendered)
              --> environments/dev/web.yaml.tera:3:2
              |
            3 |  repository: x
              |  ^
            "#,
        );
}

#[test]
fn an_overlay_both_plain_and_templated_is_an_error() {
    templated()
        .file("environments/prod/web/site.yaml", "a: 1\n")
        .run(&["render", "-s", "prod"])
        .assert(
            2,
            "",
            "error: environments/prod/web/site.yaml and environments/prod/web/site.yaml.tera are both overlays; keep one\n",
        );
}

#[test]
fn variables_nothing_reads_and_missing_required_ones_are_findings() {
    templated()
        .file(
            "strata.yaml",
            "stages: [dev, prod]\nvars:\n  registry: registry.example.com\n  regsitry: typo\nrequiredVars: [domain, cluster]\n",
        )
        .file(
            "environments/dev/stage.yaml",
            "namespce: web-dev\ndomain: dev.example.com\ncluster: c1\n",
        )
        .file(
            "environments/prod/stage.yaml",
            "namespace: web\ndomain: example.com\nregion: eu\n",
        )
        .run(&["validate"])
        .assert(
            1,
            r#"
            dev:
            warning[unused-var]: stage variable `namespce` is read by no template or setting; did you mean `namespace`?
              --> environments/dev/stage.yaml:1:1
              |
            1 | namespce: web-dev
              | ^^^^^^^^

            prod:
            warning[unused-var]: stage variable `region` is read by no template or setting
              --> environments/prod/stage.yaml:3:1
              |
            3 | region: eu
              | ^^^^^^

            error[missing-var]: stage prod does not define `cluster`, which requiredVars in strata.yaml requires
              --> environments/prod/stage.yaml:1:1
              |
            1 | namespace: web
              | ^^^^^^^^^

            strata.yaml:
            warning[unused-var]: workspace variable `regsitry` is read by no template; did you mean `registry`?
              --> strata.yaml:4:3
              |
            4 |   regsitry: typo
              |   ^^^^^^^^

            2 releases validated: 1 error, 3 warnings
            "#,
            "",
        );
}
