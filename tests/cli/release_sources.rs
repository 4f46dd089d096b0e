//! A release's chart written inline as a source (`chart: {repository, name, version}`): a
//! chart of the workspace under the source's name, vendored by `strata vendor` from a real
//! chart repository served on 127.0.0.1, then read offline like a `charts:` entry.

use crate::chart_repo::{digest, run, Chart, ChartRepo};
use crate::support::Ws;

const VALUES: &str = "replicaCount: 1\nimage:\n  tag: \"3.9\"\n";
const CONFIG_MAP: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n  namespace: {{ .Release.Namespace }}\ndata:\n  replicas: {{ .Values.replicaCount | quote }}\n";

/// A repository serving kong 2.48.0 (a values.yaml and one template).
fn kong_repo() -> ChartRepo {
    ChartRepo::serve(&[Chart {
        name: "kong",
        version: "2.48.0",
        files: &[("values.yaml", VALUES), ("templates/cm.yaml", CONFIG_MAP)],
    }])
}

/// The `strata.yaml` of two gateways from the source of kong at `url`, one written as a
/// flow map, the other as a block map.
fn config(url: &str) -> String {
    format!(
        "stages: [dev, prod]\nreleases:\n  - name: gateway-public\n    chart: {{repository: {url}, name: kong, version: 2.48.0}}\n    namespace: edge\n  - name: gateway-internal\n    chart:\n      repository: {url}\n      name: kong\n      version: 2.48.0\n    namespace: edge-internal\n"
    )
}

/// Two gateways of one inline-sourced chart, each with its own namespace and overlays.
fn gateways(url: &str) -> Ws {
    Ws::new()
        .file("strata.yaml", config(url))
        .file("environments/prod/gateway-public.yaml", "replicaCount: 3\n")
        .file(
            "environments/prod/gateway-internal/10-size.yaml",
            "replicaCount: 2\nimage:\n  tag: \"3.9-internal\"\n",
        )
}

#[test]
fn two_releases_of_an_inline_source_are_vendored_once_then_read_offline() {
    let repo = kong_repo();
    let url = repo.url();
    let ws = gateways(&url);
    run(&ws, &["vendor"]).assert(
        0,
        &format!("fetched kong 2.48.0 from {url} into vendor/kong-2.48.0.tgz\nwrote strata.lock\n"),
        "",
    );
    assert_eq!(
        ws.read("strata.lock"),
        format!(
            "# Written by `strata vendor`: the charts strata.yaml takes from repositories, fetched into\n# vendor/<chart>-<version>.tgz with the SHA-256 of each archive. Commit it with vendor/;\n# every other command reads those archives offline and refuses one that differs.\ncharts:\n  \"kong\":\n    repository: \"{url}\"\n    name: \"kong\"\n    version: \"2.48.0\"\n    digest: \"{}\"\n",
            digest(&repo.archive("kong", "2.48.0"))
        )
    );
    assert_eq!(repo.served(), ["/index.yaml", "/kong-2.48.0.tgz"]);
    // The repository goes away: everything else works offline.
    drop(repo);
    run(&ws, &["render", "-s", "prod"]).assert(
        0,
        r#"
        ---
        # release: prod/gateway-internal (chart kong, namespace edge-internal)
        replicaCount: 2
        image:
          tag: "3.9-internal"
        ---
        # release: prod/gateway-public (chart kong, namespace edge)
        replicaCount: 3
        image:
          tag: "3.9"
        "#,
        "",
    );
    run(&ws, &["template", "-s", "prod", "-r", "gateway-internal"]).assert(
        0,
        r#"
        # release: prod/gateway-internal (chart kong, namespace edge-internal)
        ---
        # Source: kong/templates/cm.yaml
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: gateway-internal
          namespace: edge-internal
        data:
          replicas: "2"
        "#,
        "",
    );
    run(&ws, &["explain", "prod", "gateway-public", "image.tag"]).assert(
        0,
        r#"
        prod/gateway-public (chart kong, namespace edge) image.tag = "3.9"
          from vendor/kong-2.48.0.tgz:values.yaml:3:8

        layers, most recent last:
          set      vendor/kong-2.48.0.tgz:values.yaml:3:8  "3.9"  chart defaults
        "#,
        "",
    );
    run(&ws, &["charts"]).assert(
        0,
        &format!(
            "kong (chart kong 2.48.0; vendored: vendor/kong-2.48.0.tgz from {url})\n  dev/gateway-internal (namespace edge-internal): vendor/kong-2.48.0.tgz:values.yaml\n  dev/gateway-public (namespace edge): vendor/kong-2.48.0.tgz:values.yaml\n  prod/gateway-internal (namespace edge-internal): vendor/kong-2.48.0.tgz:values.yaml < environments/prod/gateway-internal/10-size.yaml\n  prod/gateway-public (namespace edge): vendor/kong-2.48.0.tgz:values.yaml < environments/prod/gateway-public.yaml\n"
        ),
        "",
    );
    run(&ws, &["validate"]).assert(0, "4 releases validated: no errors, no warnings\n", "");
    run(&ws, &["vendor"]).assert(
        0,
        &format!("up to date: kong 2.48.0 from {url} (vendor/kong-2.48.0.tgz)\nstrata.lock is up to date\n"),
        "",
    );
}

#[test]
fn a_tampered_or_missing_archive_of_an_inline_source_is_refused() {
    let repo = kong_repo();
    let url = repo.url();
    let ws = gateways(&url);
    // Not vendored yet: an error at the first release's `chart:`, naming the command.
    let source = format!("{{repository: {url}, name: kong, version: 2.48.0}}");
    let not_vendored = |reason: &str| {
        format!(
            "
            error: chart \"kong\" (kong 2.48.0 from {url}) is not vendored: {reason}
              --> strata.yaml:4:12
              |
            4 |     chart: {source}
              |            {}
              = hint: run `strata vendor` to fetch it with helm and record it in strata.lock; commit vendor/ and strata.lock
            ",
            "^".repeat(source.len())
        )
    };
    run(&ws, &["render", "-s", "prod"]).assert(2, "", &not_vendored("there is no strata.lock"));
    run(&ws, &["vendor"]).assert(
        0,
        &format!("fetched kong 2.48.0 from {url} into vendor/kong-2.48.0.tgz\nwrote strata.lock\n"),
        "",
    );
    drop(repo);
    let locked = digest(&ws.root().join("vendor/kong-2.48.0.tgz"));
    // Someone slips other defaults into the archive.
    let ws = ws.file(
        "vendor/kong-2.48.0.tgz",
        crate::support::tgz(&[
            (
                "kong/Chart.yaml",
                "apiVersion: v2\nname: kong\nversion: 2.48.0\n",
            ),
            ("kong/values.yaml", "replicaCount: 1\nimage:\n  tag: evil\n"),
        ]),
    );
    let changed = digest(&ws.root().join("vendor/kong-2.48.0.tgz"));
    let refusal = format!(
        "
        error: refusing chart \"kong\": vendor/kong-2.48.0.tgz is not the archive strata.lock records (its digest is {changed}, the lock's {locked})
          = hint: vendor/kong-2.48.0.tgz changed since `strata vendor` fetched it; find out who changed it, then restore it from git or run `strata vendor`, which fetches it again and keeps it only if it matches strata.lock
        "
    );
    run(&ws, &["render", "-s", "prod"]).assert(3, "", &refusal);
    run(&ws, &["explain", "dev", "gateway-internal", "image.tag"]).assert(3, "", &refusal);
    std::fs::remove_file(ws.root().join("vendor/kong-2.48.0.tgz")).unwrap();
    run(&ws, &["validate"]).assert(2, "", &not_vendored("vendor/kong-2.48.0.tgz is missing"));
}

#[test]
fn one_name_stands_for_one_chart() {
    let url = "https://charts.example.com";
    // Another version of the same chart under the same name.
    let ws = Ws::new().file(
        "strata.yaml",
        format!(
            "stages: [dev]\nreleases:\n  - {{name: a, chart: {{repository: {url}, name: kong, version: 2.48.0}}}}\n  - {{name: b, chart: {{repository: {url}, name: kong, version: 2.49.0}}}}\n"
        ),
    );
    let error = format!(
        "
        error: release \"b\": its chart kong 2.49.0 from {url} and release \"a\"'s kong 2.48.0 from {url} (strata.yaml:3:22) would both be the workspace's chart \"kong\"; declare them under `charts:` with distinct keys and name those keys in `chart:`
          --> strata.yaml:4:22
          |
        4 |   - {{name: b, chart: {{repository: {url}, name: kong, version: 2.49.0}}}}
          |                      {}
        ",
        "^".repeat(format!("{{repository: {url}, name: kong, version: 2.49.0}}").len())
    );
    run(&ws, &["vendor"]).assert(2, "", &error);
    run(&ws, &["render"]).assert(2, "", &error);
    // A `charts:` key of that name.
    let ws = Ws::new().file(
        "strata.yaml",
        format!(
            "stages: [dev]\ncharts:\n  kong: {{repository: {url}, name: kong, version: 2.48.0}}\nreleases:\n  - {{name: a, chart: {{repository: {url}, name: kong, version: 2.48.0}}}}\n"
        ),
    );
    run(&ws, &["vendor"]).assert(
        2,
        "",
        &format!(
            "
            error: release \"a\": charts.kong (strata.yaml:3:9) already declares kong 2.48.0 from {url}; write `chart: kong`
              --> strata.yaml:5:22
              |
            5 |   - {{name: a, chart: {{repository: {url}, name: kong, version: 2.48.0}}}}
              |                      {}
            ",
            "^".repeat(format!("{{repository: {url}, name: kong, version: 2.48.0}}").len())
        ),
    );
}

#[test]
fn an_inline_source_named_like_a_chart_folder_is_refused_where_it_is_written() {
    let repo = kong_repo();
    let url = repo.url();
    let ws = gateways(&url);
    run(&ws, &["vendor"]).assert(
        0,
        &format!("fetched kong 2.48.0 from {url} into vendor/kong-2.48.0.tgz\nwrote strata.lock\n"),
        "",
    );
    drop(repo);
    let ws = ws.file("charts/kong/Chart.yaml", crate::support::chart_yaml("kong"));
    let source = format!("{{repository: {url}, name: kong, version: 2.48.0}}");
    run(&ws, &["render"]).assert(
        2,
        "",
        &format!(
            "
            error: release \"gateway-public\": its chart kong 2.48.0 from {url} would be the workspace's chart \"kong\", which charts/kong is already; write `chart: kong` to use charts/kong, or declare this source under `charts:` with another key and name that key in `chart:`
              --> strata.yaml:4:12
              |
            4 |     chart: {source}
              |            {}
            ",
            "^".repeat(source.len())
        ),
    );
}
