//! `strata promote` and `strata apply-patch`: plans shown as diffs, format-preserving edits,
//! gates, JSON Patches, locks, safe writes and git commits.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::{chart_yaml, commit_all, example_workspace, Ws};

/// The files under `environments/` of a workspace, path and contents, in name order.
fn overlays(ws: &Ws) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut dirs = vec![ws.root().join("environments")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let hidden = path.file_name().unwrap().to_string_lossy().starts_with('.');
            if path.is_dir() {
                dirs.push(path);
            } else if !hidden {
                let rel = path.strip_prefix(ws.root()).unwrap();
                out.push((rel.display().to_string(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Two stages; `web` (4-space indentation, CRLF) and `api` (no production overlay) lag
/// staging on their image tags, `web` also on a digest production does not write.
fn lagging_workspace() -> Ws {
    Ws::new()
        .file("strata.yaml", "stages: [staging, production]\n")
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file(
            "charts/web/values.yaml",
            "image:\n  repository: nginx\n  tag: \"1.25\"\n  digest: \"\"\nreplicas: 1\n",
        )
        .file("charts/api/Chart.yaml", chart_yaml("api"))
        .file(
            "charts/api/values.yaml",
            "image:\n  repository: api\n  tag: v1\n",
        )
        .file(
            "environments/staging/web.yaml",
            "image:\n  tag: \"1.27\"\n  digest: sha256:abc\n",
        )
        .file("environments/staging/api.yaml", "image: {tag: v2}\n")
        .file(
            "environments/production/web.yaml",
            "# production\r\nimage:\r\n    repository: mirror/nginx # pinned mirror\r\n\r\nreplicas: 3\r\n",
        )
}

const LAGGING_PLAN: &str = "
    strata promote: staging → production

    production/api: 1 changed, 0 added, 0 removed
      ~ image.tag: \"v1\" → \"v2\"
          charts/api/values.yaml:3:8 → environments/production/api.yaml:2:8

    production/web: 2 changed, 0 added, 0 removed
      ~ image.tag: \"1.25\" → \"1.27\"
          charts/web/values.yaml:3:8 → environments/production/web.yaml:4:10
      ~ image.digest: \"\" → \"sha256:abc\"
          charts/web/values.yaml:4:11 → environments/production/web.yaml:5:13

    2 of 2 releases changed: 3 changed, 0 added, 0 removed

    edits:
      environments/production/api.yaml (new key)  api image.tag
      environments/production/web.yaml (new key)  web image.tag
      environments/production/web.yaml (new key)  web image.digest
    new files: environments/production/api.yaml
";

/// The plan of the example workspace, production a line lower (a comment added above).
const PLAN_6_7_2: &str = "
strata promote: staging → production

production/wordpress (namespace production): 1 changed, 0 added, 0 removed
  ~ image.tag: \"6.7.1-php8.3-apache\" → \"6.7.2-php8.3-apache\"
      environments/production/wordpress.yaml:7:8

1 of 1 release changed: 1 changed, 0 added, 0 removed

edits:
  environments/production/wordpress.yaml:7:8  wordpress image.tag
";

#[test]
fn promotes_the_example_image_tag_editing_only_the_tag_line_then_check_passes() {
    let ws = example_workspace();
    let before = overlays(&ws);
    let plan = "
        strata promote: staging → production

        production/wordpress (namespace production): 1 changed, 0 added, 0 removed
          ~ image.tag: \"6.7.1-php8.3-apache\" → \"6.7.2-php8.3-apache\"
              environments/production/wordpress.yaml:6:8

        1 of 1 release changed: 1 changed, 0 added, 0 removed

        edits:
          environments/production/wordpress.yaml:6:8  wordpress image.tag
    ";
    ws.run(&["promote", "staging", "production", "--check"])
        .assert(1, plan, "");
    ws.run(&["promote", "staging", "production"]).assert(
        0,
        plan,
        "note: promoted 1 value into environments/production/wordpress.yaml\n",
    );
    let after = overlays(&ws);
    let expected: Vec<(String, Vec<u8>)> = before
        .into_iter()
        .map(|(path, bytes)| {
            if path == "environments/production/wordpress.yaml" {
                let text = String::from_utf8(bytes).unwrap().replace(
                    "  tag: \"6.7.1-php8.3-apache\"\n",
                    "  tag: \"6.7.2-php8.3-apache\"\n",
                );
                (path, text.into_bytes())
            } else {
                (path, bytes)
            }
        })
        .collect();
    assert_eq!(after, expected, "only the tag line of production changed");
    ws.run(&["promote", "staging", "production", "--check"])
        .assert(
            0,
            "nothing to promote: production has staging's values on every promotable path\n",
            "",
        );
}

#[test]
fn shows_the_plan_in_every_format_of_diff() {
    let ws = example_workspace();
    ws.run(&[
        "promote",
        "staging",
        "production",
        "-o",
        "unified",
        "--dry-run",
    ])
    .assert(
        0,
        r#"
            # release: production/wordpress (namespace production)
            --- working tree:production/wordpress
            +++ promoted:production/wordpress
            @@ -1,7 +1,7 @@
             replicaCount: 3
             image:
               repository: docker.io/library/wordpress
            -  tag: "6.7.1-php8.3-apache"
            +  tag: "6.7.2-php8.3-apache"
               pullPolicy: IfNotPresent
             imagePullSecrets: []
             nameOverride: ""
            "#,
        "note: dry run: nothing was written\n",
    );
    ws.run(&[
        "promote",
        "staging",
        "production",
        "-o",
        "markdown",
        "--dry-run",
    ])
    .assert(
        0,
        r#"
            ### strata promote: `staging` → `production`

            | release | changed | added | removed | ignored |
            | --- | ---: | ---: | ---: | ---: |
            | `production/wordpress (namespace production)` | 1 | 0 | 0 | 0 |

            <details><summary><b>production/wordpress (namespace production)</b>: 1 changed, 0 added, 0 removed</summary>

            ```diff
            - image.tag: "6.7.1-php8.3-apache"
            + image.tag: "6.7.2-php8.3-apache"
                environments/production/wordpress.yaml:6:8
            ```

            </details>

            1 of 1 release changed: 1 changed, 0 added, 0 removed.
            "#,
        "note: dry run: nothing was written\n",
    );
    ws.run(&[
        "promote",
        "staging",
        "production",
        "-o",
        "json",
        "--dry-run",
    ])
    .assert(
        0,
        r#"
            {
              "mode": "revisions",
              "new": {
                "commit": null,
                "name": "production promoted from staging"
              },
              "old": {
                "commit": null,
                "name": "production"
              },
              "releases": [
                {
                  "changes": [
                    {
                      "kind": "changed",
                      "new": "6.7.2-php8.3-apache",
                      "newOrigin": {
                        "column": 8,
                        "file": "environments/production/wordpress.yaml",
                        "line": 6
                      },
                      "old": "6.7.1-php8.3-apache",
                      "oldOrigin": {
                        "column": 8,
                        "file": "environments/production/wordpress.yaml",
                        "line": 6
                      },
                      "path": "image.tag",
                      "segments": [
                        "image",
                        "tag"
                      ],
                      "stageSpecific": false
                    }
                  ],
                  "chart": "wordpress",
                  "label": "production/wordpress (namespace production)",
                  "namespace": "production",
                  "new": {
                    "exists": true,
                    "namespace": "production",
                    "source": "promoted",
                    "stage": "production"
                  },
                  "old": {
                    "exists": true,
                    "namespace": "production",
                    "source": "working tree",
                    "stage": "production"
                  },
                  "release": "wordpress",
                  "summary": {
                    "added": 0,
                    "changed": 1,
                    "ignored": 0,
                    "removed": 0
                  }
                }
              ],
              "summary": {
                "added": 0,
                "changed": 1,
                "changedReleases": 1,
                "ignored": 0,
                "redactions": 0,
                "releases": 1,
                "removed": 0
              },
              "version": 1
            }
            "#,
        "note: dry run: nothing was written\n",
    );
}

#[test]
fn creates_missing_keys_in_place_and_a_missing_overlay() {
    let ws = lagging_workspace();
    ws.run(&["promote", "staging", "production"]).assert(
        0,
        LAGGING_PLAN,
        "note: promoted 3 values into environments/production/api.yaml, environments/production/web.yaml\n",
    );
    assert_eq!(
        ws.read("environments/production/web.yaml"),
        "# production\r\nimage:\r\n    repository: mirror/nginx # pinned mirror\r\n    tag: \"1.27\"\r\n    digest: sha256:abc\r\n\r\nreplicas: 3\r\n"
    );
    assert_eq!(
        ws.read("environments/production/api.yaml"),
        "image:\n  tag: v2\n"
    );
    ws.run(&["render", "-s", "production", "-c", "web", "-o", "json"])
        .assert(
            0,
            r#"
            {
              "releases": [
                {
                  "chart": "web",
                  "namespace": "production",
                  "stage": "production",
                  "values": {
                    "image": {
                      "digest": "sha256:abc",
                      "repository": "mirror/nginx",
                      "tag": "1.27"
                    },
                    "replicas": 3
                  }
                }
              ]
            }
            "#,
            "",
        );
    ws.run(&["promote", "staging", "production", "--check"])
        .assert(
            0,
            "nothing to promote: production has staging's values on every promotable path\n",
            "",
        );
}

#[test]
fn a_patch_applied_elsewhere_gives_the_files_of_a_direct_promotion() {
    let direct = lagging_workspace();
    direct.run(&["promote", "staging", "production"]);
    let planned = lagging_workspace();
    planned
        .run(&["promote", "staging", "production", "--patch", "plan.json"])
        .assert(
            0,
            LAGGING_PLAN,
            "note: wrote the plan to plan.json (2 files); the overlays are unchanged\n",
        );
    assert_eq!(
        planned.read("plan.json"),
        crate::support::dedent(
            r#"
            {
              "files": [
                {
                  "patch": [
                    {
                      "op": "add",
                      "path": "/image",
                      "value": {
                        "tag": "v2"
                      }
                    }
                  ],
                  "path": "environments/production/api.yaml"
                },
                {
                  "patch": [
                    {
                      "op": "add",
                      "path": "/image/tag",
                      "value": "1.27"
                    },
                    {
                      "op": "add",
                      "path": "/image/digest",
                      "value": "sha256:abc"
                    }
                  ],
                  "path": "environments/production/web.yaml"
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
    // RFC 6902: every patch is a list of operations any implementation reads.
    let doc: serde_json::Value = serde_json::from_str(&planned.read("plan.json")).unwrap();
    for file in doc["files"].as_array().unwrap() {
        let _: json_patch::Patch = serde_json::from_value(file["patch"].clone()).unwrap();
    }
    assert_eq!(
        overlays(&planned),
        overlays(&lagging_workspace()),
        "unchanged"
    );
    let elsewhere = lagging_workspace().file("plan.json", planned.read("plan.json"));
    elsewhere.run(&["apply-patch", "plan.json"]).assert(
        0,
        "
        environments/production/api.yaml: 1 value (staging to production)
        environments/production/web.yaml: 2 values (staging to production)
        ",
        "note: applied plan.json\n",
    );
    assert_eq!(overlays(&elsewhere), overlays(&direct));
    // Applied again, the patch adds keys that are now there: its values are kept, the
    // files do not change.
    elsewhere.run(&["apply-patch", "plan.json"]);
    assert_eq!(overlays(&elsewhere), overlays(&direct));
}

#[test]
fn a_patch_whose_test_fails_writes_nothing() {
    let ws = example_workspace();
    ws.run(&["promote", "staging", "production", "--patch", "p.json"]);
    let text = ws.read("p.json");
    assert!(text.contains("\"op\": \"test\""), "{text}");
    let edited = ws
        .read("environments/production/wordpress.yaml")
        .replace("6.7.1-php8.3-apache", "6.7.0-php8.3-apache");
    let ws = ws.file("environments/production/wordpress.yaml", &edited);
    ws.run(&["apply-patch", "p.json"]).assert(
        2,
        "",
        "error: environments/production/wordpress.yaml: the patch does not apply: operation '/0' failed at path '/image/tag': value did not match\n",
    );
    assert_eq!(ws.read("environments/production/wordpress.yaml"), edited);
}

#[test]
fn a_promotion_that_breaks_a_policy_or_the_schema_writes_nothing() {
    let policy = Ws::new()
        .file(
            "strata.yaml",
            "stages: [staging, production]\npolicies:\n  - use: pinned-image-tags\n    stages: [production]\n",
        )
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file(
            "charts/web/values.yaml",
            "image:\n  repository: nginx\n  tag: \"1.25\"\n",
        )
        .file("environments/staging/web.yaml", "image:\n  tag: latest\n")
        .file("environments/production/web.yaml", "image:\n  tag: \"1.25\"\n");
    policy.run(&["promote", "staging", "production"]).assert(
        1,
        "
        strata promote: staging → production

        production/web: 1 changed, 0 added, 0 removed
          ~ image.tag: \"1.25\" → \"latest\"
              environments/production/web.yaml:2:8

        1 of 1 release changed: 1 changed, 0 added, 0 removed

        edits:
          environments/production/web.yaml:2:8  web image.tag

        production/web:
        error[policy/pinned-image-tags]: `image.tag` is \"latest\", which this policy forbids
          --> environments/production/web.yaml:2:8
          |
        2 |   tag: \"latest\"
          |        ^^^^^^^^

        1 release validated: 1 error, 0 warnings
        ",
        "error: the promoted stage does not pass the gates; nothing was written\n",
    );
    assert_eq!(
        policy.read("environments/production/web.yaml"),
        "image:\n  tag: \"1.25\"\n"
    );
    let schema = Ws::new()
        .file("strata.yaml", "stages: [staging, production]\n")
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file(
            "charts/web/values.yaml",
            "image:\n  repository: nginx\n  tag: \"1.25\"\n",
        )
        .file(
            "schemas/web.schema.json",
            r#"{"properties": {"image": {"properties": {"tag": {"pattern": "^[0-9.]+$"}}}}}"#,
        )
        .file("environments/staging/web.yaml", "image:\n  tag: 2.0-rc1\n")
        .file(
            "environments/production/web.yaml",
            "image:\n  tag: \"1.25\"\n",
        );
    let out = schema.run(&["promote", "staging", "production"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stdout.contains("error[schema]: "), "{}", out.stdout);
    assert_eq!(
        out.stderr,
        "error: the promoted stage does not pass the gates; nothing was written\n"
    );
    assert_eq!(
        schema.read("environments/production/web.yaml"),
        "image:\n  tag: \"1.25\"\n"
    );
}

#[test]
fn refuses_an_edit_through_an_alias_with_the_reason() {
    let ws = Ws::new()
        .file("strata.yaml", "stages: [staging, production]\n")
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file(
            "charts/web/values.yaml",
            "image: {tag: a}\nsidecar:\n  image: {tag: a}\n",
        )
        .file(
            "environments/staging/web.yaml",
            "image: {tag: b}\nsidecar:\n  image: {tag: b}\n",
        )
        .file(
            "environments/production/web.yaml",
            "image: &img {tag: a}\nsidecar:\n  image: *img\n",
        );
    ws.run(&["promote", "staging", "production", "--dry-run"])
        .assert(
            2,
            "",
            "
            error: cannot edit environments/production/web.yaml: `sidecar.image.tag` is reached through the alias *img
              --> environments/production/web.yaml:1:19
              |
            1 | image: &img {tag: a}
              |                   ^
              = hint: the value is written once and used in several places: edit the anchor by hand, or write the key without the alias
            ",
        );
}

/// Runs `git` plumbing through git2: the commit at HEAD, its message and the paths it
/// changes against its parent.
fn head_commit(ws: &Ws) -> (String, String, Vec<String>) {
    let repo = git2::Repository::open(ws.root()).unwrap();
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    let parent = head.parent(0).unwrap();
    let diff = repo
        .diff_tree_to_tree(
            Some(&parent.tree().unwrap()),
            Some(&head.tree().unwrap()),
            None,
        )
        .unwrap();
    let paths = diff
        .deltas()
        .map(|d| d.new_file().path().unwrap().display().to_string())
        .collect();
    (
        head.id().to_string(),
        head.message().unwrap().to_string(),
        paths,
    )
}

#[test]
fn commits_only_the_changed_overlays_with_trailers() {
    let ws = example_workspace();
    commit_all(&ws, "the example workspace");
    let source = git2::Repository::open(ws.root())
        .unwrap()
        .head()
        .unwrap()
        .peel_to_commit()
        .unwrap()
        .id()
        .to_string();
    // Something else staged by hand stays staged, out of the commit.
    let ws = ws.file("notes.txt", "unrelated\n");
    {
        let repo = git2::Repository::open(ws.root()).unwrap();
        let mut index = repo.index().unwrap();
        index.add_path(Path::new("notes.txt")).unwrap();
        index.write().unwrap();
    }
    let out = ws.run(&["promote", "staging", "production", "--commit"]);
    let (id, message, paths) = head_commit(&ws);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        out.stderr,
        format!(
            "note: promoted 1 value into environments/production/wordpress.yaml\nnote: committed {} on master\n",
            &id[..7]
        )
    );
    assert_eq!(paths, ["environments/production/wordpress.yaml"]);
    assert_eq!(
        message,
        format!(
            "promote staging → production: wordpress image.tag\n\nThe values staging was tested with, written into production's overlays by strata promote.\n\nPromoted-From: staging\nPromoted-To: production\nSource-Commit: {source}\nPromoted-Path: wordpress image.tag\n"
        )
    );
    let repo = git2::Repository::open(ws.root()).unwrap();
    let status = repo
        .status_file(Path::new("environments/production/wordpress.yaml"))
        .unwrap();
    assert!(status.is_empty(), "{status:?}");
    let notes = repo.status_file(Path::new("notes.txt")).unwrap();
    assert_eq!(notes, git2::Status::INDEX_NEW);
    // Nothing left to promote: no commit, exit 0.
    ws.run(&["promote", "staging", "production", "--commit"])
        .assert(
            0,
            "nothing to promote: production has staging's values on every promotable path\n",
            "",
        );
    assert_eq!(head_commit(&ws).0, id);
}

#[test]
fn commits_on_a_new_branch() {
    let ws = example_workspace();
    commit_all(&ws, "the example workspace");
    let out = ws.run(&[
        "promote",
        "staging",
        "production",
        "--commit",
        "--branch",
        "promote/production",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let repo = git2::Repository::open(ws.root()).unwrap();
    assert_eq!(
        repo.head().unwrap().name().ok(),
        Some("refs/heads/promote/production")
    );
    let master = repo.find_branch("master", git2::BranchType::Local).unwrap();
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(head.parent_id(0).unwrap(), master.get().target().unwrap());
}

#[test]
fn refuses_uncommitted_targets_and_a_second_promotion_and_changes_nothing() {
    let ws = example_workspace();
    commit_all(&ws, "the example workspace");
    let edited = format!(
        "# a local edit\n{}",
        ws.read("environments/production/wordpress.yaml")
    );
    let ws = ws.file("environments/production/wordpress.yaml", &edited);
    let out = ws.run(&["promote", "staging", "production", "--commit"]);
    assert_eq!(out.code, Some(3));
    assert_eq!(
        out.stderr,
        "error: environments/production/wordpress.yaml has uncommitted changes; commit or stash them first\n"
    );
    assert_eq!(ws.read("environments/production/wordpress.yaml"), edited);
    commit_all(&ws, "the local edit");
    // Another promotion holds the lock.
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(ws.root().join(".git/strata-promote.lock"))
        .unwrap();
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a descriptor this test owns.
    assert_eq!(unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX) }, 0);
    let out = ws.run(&["promote", "staging", "production", "--commit"]);
    assert_eq!(out.code, Some(3));
    assert!(out.stderr.ends_with(
        "error: another promotion is running (the lock .git/strata-promote.lock is held); nothing was written\n  = hint: wait for the other promotion to finish, then run this one again\n"
    ), "{}", out.stderr);
    assert_eq!(ws.read("environments/production/wordpress.yaml"), edited);
    drop(lock);
    // A merge under way.
    let head = git2::Repository::open(ws.root())
        .unwrap()
        .head()
        .unwrap()
        .target()
        .unwrap();
    std::fs::write(ws.root().join(".git/MERGE_HEAD"), format!("{head}\n")).unwrap();
    ws.run(&["promote", "staging", "production", "--commit"])
        .assert(
            3,
            &format!("{}\n", PLAN_6_7_2.trim_start_matches('\n').trim_end()),
            "error: the repository is in the middle of a merge; finish or abort it first\n",
        );
    assert_eq!(ws.read("environments/production/wordpress.yaml"), edited);
    std::fs::remove_file(ws.root().join(".git/MERGE_HEAD")).unwrap();
    let out = ws.run(&["promote", "staging", "production", "--commit"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
}

#[test]
fn a_promotion_killed_at_any_moment_leaves_each_overlay_old_or_new() {
    let old = overlays(&lagging_workspace());
    let done = lagging_workspace();
    done.run(&["promote", "staging", "production"]);
    let new = overlays(&done);
    for round in 0..24u64 {
        let ws = lagging_workspace();
        let mut child = Command::new(env!("CARGO_BIN_EXE_strata"))
            .args(["promote", "staging", "production"])
            .current_dir(ws.root())
            .env("HOME", ws.root())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(round * round * 150));
        let _ = child.kill();
        let _ = child.wait();
        let now = overlays(&ws);
        for (path, bytes) in &now {
            let was = old.iter().find(|(p, _)| p == path).map(|(_, b)| b);
            let will = new.iter().find(|(p, _)| p == path).map(|(_, b)| b);
            assert!(
                Some(bytes) == was || Some(bytes) == will,
                "round {round}: {path} is neither old nor new"
            );
        }
    }
}

#[test]
fn never_shows_a_promoted_secret_nor_puts_it_in_a_patch() {
    let ws = Ws::new()
        .file(
            "strata.yaml",
            "stages: [staging, production]\npromotion:\n  paths: [db.password]\n",
        )
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file("charts/web/values.yaml", "db:\n  password: old-secret-1\n")
        .file(
            "environments/staging/web.yaml",
            "db:\n  password: new-secret-22\n",
        );
    let plan = "
        strata promote: staging → production

        production/web: 1 changed, 0 added, 0 removed
          ~ db.password: <redacted> (changed, 12 → 13 bytes)
              charts/web/values.yaml:2:13 → environments/production/web.yaml:2:13

        1 of 1 release changed: 1 changed, 0 added, 0 removed
        2 secret values redacted (--show-secrets prints them, outside CI)

        edits:
          environments/production/web.yaml (new key)  web db.password
        new files: environments/production/web.yaml
    ";
    ws.run(&["promote", "staging", "production", "--patch", "p.json"])
        .assert(
            3,
            plan,
            "error: refusing to write the secret value of web `db.password` into a patch file; promote it with strata promote, which writes it only into the overlay\n",
        );
    assert!(!ws.root().join("p.json").exists());
    commit_all(&ws, "secrets");
    let out = ws.run(&["promote", "staging", "production", "--commit"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(!out.stdout.contains("secret-"), "{}", out.stdout);
    assert_eq!(
        ws.read("environments/production/web.yaml"),
        "db:\n  password: new-secret-22\n"
    );
    let (_, message, _) = head_commit(&ws);
    assert!(!message.contains("secret-"), "{message}");
    assert!(
        message.ends_with("Promoted-Path: web db.password\n"),
        "{message}"
    );
}
