//! Symlinks in a workspace: followed inside it, refused (exit 3) when they lead out whether
//! or not their target exists, and a dangling one where an overlay is expected is an error
//! naming it, in the working tree and at a revision alike.

use crate::support::{chart_yaml, commit_all, Ws};

/// Stage `dev`, chart `web` (defaults `a: 1`), and `shared/` holding an overlay to link to.
fn linked_workspace() -> Ws {
    Ws::new()
        .file("strata.yaml", "stages: [dev]\n")
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file("charts/web/values.yaml", "a: 1\n")
        .file("shared/web.yaml", "a: 2\n")
}

#[cfg(unix)]
#[test]
fn a_dangling_overlay_link_is_an_error_naming_it() {
    linked_workspace()
        .symlink("environments/dev/web.yaml", "../../shared/nope.yaml")
        .run(&["render"])
        .assert(
            2,
            "",
            "error: the symlink environments/dev/web.yaml points to \"../../shared/nope.yaml\", which does not exist\n",
        );
}

#[cfg(unix)]
#[test]
fn a_dangling_link_in_an_overlay_folder_is_an_error_naming_it() {
    linked_workspace()
        .symlink("environments/dev/web/z.yaml", "../../../shared/nope.yaml")
        .run(&["explain", "dev", "web", "a"])
        .assert(
            2,
            "",
            "error: the symlink environments/dev/web/z.yaml points to \"../../../shared/nope.yaml\", which does not exist\n",
        );
}

#[cfg(unix)]
#[test]
fn a_dangling_overlay_folder_link_is_an_error_naming_it() {
    linked_workspace()
        .symlink("environments/dev/web", "../../gone")
        .run(&["render"])
        .assert(
            2,
            "",
            "error: the symlink environments/dev/web points to \"../../gone\", which does not exist\n",
        );
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_workspace_to_nothing_is_refused() {
    linked_workspace()
        .symlink("environments/dev/web.yaml", "../../../nothing-here.yaml")
        .run(&["render"])
        .assert(
            3,
            "",
            "error: environments/dev/web.yaml is outside the workspace; strata only reads files inside [WS]\n",
        );
}

#[cfg(unix)]
#[test]
fn a_link_inside_the_workspace_is_followed() {
    linked_workspace()
        .symlink("environments/dev/web.yaml", "../../shared/web.yaml")
        .run(&["render"])
        .assert(
            0,
            "
            ---
            # release: dev/web (namespace dev)
            a: 2
            ",
            "",
        );
}

#[cfg(unix)]
#[test]
fn a_dangling_link_at_a_revision_is_an_error_naming_it() {
    let ws = linked_workspace().symlink("environments/dev/web.yaml", "../../shared/nope.yaml");
    commit_all(&ws, "a dangling link");
    ws.run(&["diff", "--from", "HEAD", "--to", "HEAD"]).assert(
        2,
        "",
        "error: at HEAD: the symlink environments/dev/web.yaml points to \"../../shared/nope.yaml\", which does not exist\n",
    );
}
