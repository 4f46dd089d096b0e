//! Dependencies downloaded, not committed: `charts/*/charts/` ignored, `Chart.lock`
//! committed. Reading a revision, the working tree's downloads serve it when the revision's
//! lock pins what the working tree's does; otherwise an error names the dependency.

use crate::support::{commit_all, tgz, Ws};

const WEB_CHART: &str = "apiVersion: v2\nname: web\nversion: 1.0.0\ndependencies:\n  - name: db\n    version: 1.0.0\n    repository: https://charts.example.com\n";

fn lock(version: &str, generated: &str) -> String {
    format!("dependencies:\n- name: db\n  repository: https://charts.example.com\n  version: {version}\ndigest: sha256:0123\ngenerated: \"{generated}\"\n")
}

/// `db-<version>.tgz`, whose defaults are `size: 1` and `engine: <engine>`.
fn db_tgz(version: &str, engine: &str) -> Vec<u8> {
    tgz(&[
        (
            "db/Chart.yaml",
            &format!("apiVersion: v2\nname: db\nversion: {version}\n"),
        ),
        ("db/values.yaml", &format!("size: 1\nengine: {engine}\n")),
    ])
}

/// A repository ignoring `charts/*/charts/`: chart `web` depends on `db` 1.0.0, downloaded
/// in the working tree, locked in the committed `Chart.lock`; stage `dev` sets `db.size`.
fn downloaded_workspace() -> Ws {
    let ws = Ws::new()
        .file(".gitignore", "charts/*/charts/\n")
        .file("strata.yaml", "stages: [dev]\n")
        .file("charts/web/Chart.yaml", WEB_CHART)
        .file(
            "charts/web/Chart.lock",
            lock("1.0.0", "2025-01-01T00:00:00Z"),
        )
        .file("charts/web/values.yaml", "replicas: 1\n")
        .file("charts/web/charts/db-1.0.0.tgz", db_tgz("1.0.0", "pg15"))
        .file("environments/dev/web.yaml", "db:\n  size: 2\n");
    commit_all(&ws, "web with db 1.0.0");
    ws
}

#[test]
fn the_downloaded_dependencies_serve_a_revision_whose_lock_matches() {
    let ws = downloaded_workspace();
    let repo = git2::Repository::open(ws.root()).expect("a repository");
    let head = repo.head().unwrap().peel_to_tree().unwrap();
    assert!(
        head.get_path(std::path::Path::new("charts/web/charts"))
            .is_err(),
        "the download is not committed"
    );
    // The lock is rewritten with a new time only: it still pins db 1.0.0.
    let ws = ws.file(
        "charts/web/Chart.lock",
        lock("1.0.0", "2025-06-01T00:00:00Z"),
    );
    ws.run(&["diff", "--from", "HEAD"]).assert(
        0,
        "
        strata diff: HEAD → working tree

        no differences (1 release compared)
        ",
        "",
    );
    // Both revisions read the download: only the overlay's change shows, no `db.engine`
    // appearing or vanishing.
    let ws = ws.file("environments/dev/web.yaml", "db:\n  size: 3\n");
    commit_all(&ws, "bigger db");
    ws.run(&["diff", "--from", "HEAD~1", "--to", "HEAD"])
        .assert(
            0,
            "
        strata diff: HEAD~1 → HEAD

        dev/web: 1 changed, 0 added, 0 removed
          ~ db.size: 2 → 3
              environments/dev/web.yaml:2:9

        1 of 1 release changed: 1 changed, 0 added, 0 removed
        ",
            "",
        );
}

#[test]
fn a_revision_locking_another_version_is_an_error_naming_the_dependency() {
    let ws = downloaded_workspace()
        .file(
            "charts/web/Chart.yaml",
            WEB_CHART.replace("1.0.0\n    repo", "1.1.0\n    repo"),
        )
        .file(
            "charts/web/Chart.lock",
            lock("1.1.0", "2025-06-01T00:00:00Z"),
        )
        .file("charts/web/charts/db-1.1.0.tgz", db_tgz("1.1.0", "pg16"));
    std::fs::remove_file(ws.root().join("charts/web/charts/db-1.0.0.tgz")).unwrap();
    ws.run(&["diff", "--from", "HEAD"]).assert(
        2,
        "",
        "
        error: at HEAD: charts/web: the dependencies in Chart.lock at HEAD are not committed, and those downloaded in the working tree follow another Chart.lock: db is 1.0.0 at HEAD, 1.1.0 in the working tree
          = hint: commit charts/web/charts/, or run `helm dependency build` in a checkout of HEAD
        ",
    );
}
