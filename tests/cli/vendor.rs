//! `strata vendor`: charts from a chart repository (a real one, served on 127.0.0.1) fetched
//! by the real `helm pull`, locked, then read offline by every other command.

use crate::chart_repo::{digest, run, Chart, ChartRepo};
use crate::support::Ws;

const VALUES: &str = "replicaCount: 1\nimage:\n  tag: \"3.9\"\n";
const CONFIG_MAP: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  replicas: {{ .Values.replicaCount | quote }}\n";

/// A repository serving kong 2.48.0 (a values.yaml and one template).
fn kong_repo() -> ChartRepo {
    ChartRepo::serve(&[Chart {
        name: "kong",
        version: "2.48.0",
        files: &[("values.yaml", VALUES), ("templates/cm.yaml", CONFIG_MAP)],
    }])
}

/// A two-stage workspace whose chart `kong` comes from `repo` at `version`.
fn workspace(repo: &ChartRepo, version: &str) -> Ws {
    Ws::new()
        .file(
            "strata.yaml",
            format!(
                "stages: [dev, prod]\ncharts:\n  kong: {{repository: {}, name: kong, version: {version}}}\n",
                repo.url()
            ),
        )
        .file("environments/prod/kong.yaml", "replicaCount: 3\n")
}

#[test]
fn vendor_fetches_from_a_repository_then_every_command_reads_it_offline() {
    let repo = kong_repo();
    let url = repo.url();
    let ws = workspace(&repo, "2.48.0");
    run(&ws, &["vendor"]).assert(
        0,
        &format!("fetched kong 2.48.0 from {url} into vendor/kong-2.48.0.tgz\nwrote strata.lock\n"),
        "",
    );
    assert_eq!(
        std::fs::read(ws.root().join("vendor/kong-2.48.0.tgz")).unwrap(),
        std::fs::read(repo.archive("kong", "2.48.0")).unwrap(),
        "the archive is the one the repository serves"
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
    run(&ws, &["render", "-s", "prod", "-c", "kong"]).assert(
        0,
        r#"
        ---
        # release: prod/kong (namespace prod)
        replicaCount: 3
        image:
          tag: "3.9"
        "#,
        "",
    );
    run(&ws, &["explain", "prod", "kong", "image.tag"]).assert(
        0,
        r#"
        prod/kong image.tag = "3.9"
          from vendor/kong-2.48.0.tgz:values.yaml:3:8

        layers, most recent last:
          set      vendor/kong-2.48.0.tgz:values.yaml:3:8  "3.9"  chart defaults
        "#,
        "",
    );
    run(&ws, &["charts"]).assert(
        0,
        &format!(
            "kong (chart kong 2.48.0; vendored: vendor/kong-2.48.0.tgz from {url})\n  dev: vendor/kong-2.48.0.tgz:values.yaml\n  prod: vendor/kong-2.48.0.tgz:values.yaml < environments/prod/kong.yaml\n"
        ),
        "",
    );
    run(&ws, &["template", "-s", "prod"]).assert(
        0,
        r#"
        # release: prod/kong (namespace prod)
        ---
        # Source: kong/templates/cm.yaml
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: kong
        data:
          replicas: "3"
        "#,
        "",
    );
    run(&ws, &["validate"]).assert(0, "2 releases validated: no errors, no warnings\n", "");
    run(&ws, &["vendor"]).assert(
        0,
        &format!("up to date: kong 2.48.0 from {url} (vendor/kong-2.48.0.tgz)\nstrata.lock is up to date\n"),
        "",
    );
}

#[test]
fn a_changed_archive_is_refused_and_vendor_restores_it() {
    let repo = kong_repo();
    let url = repo.url();
    let ws = workspace(&repo, "2.48.0");
    run(&ws, &["vendor"]).assert(
        0,
        &format!("fetched kong 2.48.0 from {url} into vendor/kong-2.48.0.tgz\nwrote strata.lock\n"),
        "",
    );
    let locked = digest(&ws.root().join("vendor/kong-2.48.0.tgz"));
    // Someone slips other defaults into the archive.
    let other = crate::support::tgz(&[
        (
            "kong/Chart.yaml",
            "apiVersion: v2\nname: kong\nversion: 2.48.0\n",
        ),
        ("kong/values.yaml", "replicaCount: 1\nimage:\n  tag: evil\n"),
    ]);
    let ws = ws.file("vendor/kong-2.48.0.tgz", &other);
    let changed = digest(&ws.root().join("vendor/kong-2.48.0.tgz"));
    let refusal = format!(
        "
        error: refusing chart \"kong\": vendor/kong-2.48.0.tgz is not the archive strata.lock records (its digest is {changed}, the lock's {locked})
          = hint: vendor/kong-2.48.0.tgz changed since `strata vendor` fetched it; find out who changed it, then restore it from git or run `strata vendor`, which fetches it again and keeps it only if it matches strata.lock
        "
    );
    run(&ws, &["render", "-s", "prod"]).assert(3, "", &refusal);
    run(&ws, &["validate"]).assert(3, "", &refusal);
    run(&ws, &["vendor"]).assert(
        0,
        &format!("restored vendor/kong-2.48.0.tgz (kong 2.48.0 from {url}), which no longer matched strata.lock\nstrata.lock is up to date\n"),
        "",
    );
    assert_eq!(digest(&ws.root().join("vendor/kong-2.48.0.tgz")), locked);
    run(&ws, &["explain", "prod", "kong", "image.tag"]).assert(
        0,
        r#"
        prod/kong image.tag = "3.9"
          from vendor/kong-2.48.0.tgz:values.yaml:3:8

        layers, most recent last:
          set      vendor/kong-2.48.0.tgz:values.yaml:3:8  "3.9"  chart defaults
        "#,
        "",
    );
}

/// The error for a chart of `workspace(repo, version)` that is not vendored, for `reason`.
fn not_vendored(url: &str, version: &str, reason: &str) -> String {
    let source = format!("{{repository: {url}, name: kong, version: {version}}}");
    format!(
        "
        error: chart \"kong\" (kong {version} from {url}) is not vendored: {reason}
          --> strata.yaml:3:9
          |
        3 |   kong: {source}
          |         {}
          = hint: run `strata vendor` to fetch it with helm and record it in strata.lock; commit vendor/ and strata.lock
        ",
        "^".repeat(source.len())
    )
}

#[test]
fn a_chart_not_vendored_names_the_command_to_run() {
    let repo = kong_repo();
    let url = repo.url();
    let ws = workspace(&repo, "2.48.0");
    run(&ws, &["render"]).assert(
        2,
        "",
        &not_vendored(&url, "2.48.0", "there is no strata.lock"),
    );
    run(&ws, &["vendor"]).assert(
        0,
        &format!("fetched kong 2.48.0 from {url} into vendor/kong-2.48.0.tgz\nwrote strata.lock\n"),
        "",
    );
    std::fs::remove_file(ws.root().join("vendor/kong-2.48.0.tgz")).unwrap();
    run(&ws, &["validate"]).assert(
        2,
        "",
        &not_vendored(&url, "2.48.0", "vendor/kong-2.48.0.tgz is missing"),
    );
    // strata.yaml moves to a version the lock does not record.
    let ws = ws.file(
        "strata.yaml",
        format!("stages: [dev, prod]\ncharts:\n  kong: {{repository: {url}, name: kong, version: 2.49.0}}\n"),
    );
    run(&ws, &["stages"]).assert(
        2,
        "",
        &not_vendored(
            &url,
            "2.49.0",
            &format!("strata.lock pins kong 2.48.0 from {url}"),
        ),
    );
}

#[test]
fn helm_pull_failing_changes_nothing_and_says_why() {
    let repo = kong_repo();
    let url = repo.url();
    let ws = workspace(&repo, "9.9.9");
    run(&ws, &["vendor"]).assert(
        2,
        "",
        &format!("error: helm pull of kong 9.9.9 from {url} failed: Error: chart \"kong\" version \"9.9.9\" not found in {url} repository\n"),
    );
    assert!(!ws.root().join("strata.lock").exists());
    let vendor = ws.root().join("vendor");
    assert!(
        !vendor.exists() || std::fs::read_dir(&vendor).unwrap().next().is_none(),
        "nothing is left in vendor/"
    );
}

#[test]
fn a_source_is_checked_where_it_is_written() {
    let ws = Ws::new().file(
        "strata.yaml",
        "stages: [dev]\ncharts:\n  kong: {repository: \"https://me:token@charts.example.com\", name: kong, version: 2.48.0}\n",
    );
    let error = r#"
        error: charts.kong.repository holds credentials; strata.yaml must not: give them to Helm (`helm registry login`, `helm repo add --username`), which `strata vendor` runs
          --> strata.yaml:3:22
          |
        3 |   kong: {repository: "https://<redacted>@charts.example.com", name: kong, version: 2.48.0}
          |                      ^
        "#;
    run(&ws, &["vendor"]).assert(2, "", error);
    run(&ws, &["render"]).assert(2, "", error);
    let ws = Ws::new().file("strata.yaml", "stages: [dev]\n");
    run(&ws, &["vendor"]).assert(
        0,
        "nothing to vendor: strata.yaml declares no chart from a repository (under `charts:` or as a release's `chart:`)\n",
        "",
    );
}

#[test]
fn a_chart_can_be_named_apart_from_its_repository_name_but_not_twice() {
    let repo = kong_repo();
    let url = repo.url();
    let ws = Ws::new()
        .file(
            "strata.yaml",
            format!("stages: [dev]\ncharts:\n  gateway: {{repository: {url}, name: kong, version: 2.48.0}}\n"),
        )
        .file("environments/dev/gateway.yaml", "replicaCount: 2\n");
    run(&ws, &["vendor"]).assert(
        0,
        &format!("fetched gateway (kong 2.48.0 from {url}) into vendor/gateway-2.48.0.tgz\nwrote strata.lock\n"),
        "",
    );
    run(&ws, &["render"]).assert(
        0,
        r#"
        ---
        # release: dev/gateway (namespace dev)
        replicaCount: 2
        image:
          tag: "3.9"
        "#,
        "",
    );
    let ws = ws.file(
        "charts/gateway/Chart.yaml",
        crate::support::chart_yaml("gateway"),
    );
    run(&ws, &["render"]).assert(
        2,
        "",
        "error: two charts are named \"gateway\": charts/gateway and vendor/gateway-2.48.0.tgz; keep one\n",
    );
}

#[test]
fn a_revision_reads_the_chart_its_own_lock_records() {
    let repo = ChartRepo::serve(&[
        Chart {
            name: "kong",
            version: "2.48.0",
            files: &[("values.yaml", VALUES)],
        },
        Chart {
            name: "kong",
            version: "2.49.0",
            files: &[("values.yaml", "replicaCount: 1\nimage:\n  tag: \"3.10\"\n")],
        },
    ]);
    let url = repo.url();
    let ws = workspace(&repo, "2.48.0");
    run(&ws, &["vendor"]).assert(
        0,
        &format!("fetched kong 2.48.0 from {url} into vendor/kong-2.48.0.tgz\nwrote strata.lock\n"),
        "",
    );
    crate::support::commit_all(&ws, "kong 2.48.0");
    let ws = ws.file(
        "strata.yaml",
        format!("stages: [dev, prod]\ncharts:\n  kong: {{repository: {url}, name: kong, version: 2.49.0}}\n"),
    );
    run(&ws, &["vendor"]).assert(
        0,
        &format!("fetched kong 2.49.0 from {url} into vendor/kong-2.49.0.tgz\nremoved vendor/kong-2.48.0.tgz\nwrote strata.lock\n"),
        "",
    );
    drop(repo);
    // HEAD's archive, removed from the working tree, is read from HEAD, against HEAD's lock.
    run(&ws, &["diff", "--from", "HEAD", "-s", "prod"]).assert(
        0,
        r#"
        strata diff: HEAD → working tree

        prod/kong: 1 changed, 0 added, 0 removed
          ~ image.tag: "3.9" → "3.10"
              vendor/kong-2.48.0.tgz:values.yaml:3:8 → vendor/kong-2.49.0.tgz:values.yaml:3:8

        1 of 1 release changed: 1 changed, 0 added, 0 removed
        "#,
        "",
    );
}

#[test]
fn without_helm_vendor_says_how_to_get_one() {
    let ws = Ws::new().file(
        "strata.yaml",
        "stages: [dev]\ncharts:\n  kong: {repository: https://charts.example.com, name: kong, version: 2.48.0}\n",
    );
    ws.run_with_env(&["vendor"], &[("STRATA_HELM", None), ("PATH", Some(""))])
        .assert(
            2,
            "",
            "
            error: no helm found: strata vendor runs the real `helm pull`, and neither --helm, STRATA_HELM nor PATH gives one
              = hint: install Helm 3 (https://helm.sh/docs/intro/install/) and put it on PATH, or name the binary with --helm PATH or STRATA_HELM; in strata's own repository, scripts/install-helm.sh installs it into .tools/helm/helm
            ",
        );
}
