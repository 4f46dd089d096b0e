//! The GitHub Actions recipe of `docs/ci/github-actions.yml`, run as written: every `run:`
//! step of its jobs (but the install, which the binary under test stands for) runs in bash
//! on a real git repository with a remote, `${{ ... }}` expressions replaced as GitHub
//! would for a pull request to `main` and then its merge, and `gh` replaced by a script
//! that records how it was called.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use strata::values::Value;

use crate::support::{copy_tree, dedent, Ws};

/// One `run:` step of the workflow.
struct Step {
    job: String,
    name: String,
    env: Vec<(String, String)>,
    run: String,
}

/// What GitHub puts in place of the expressions the recipe uses.
const EXPRESSIONS: &[(&str, &str)] = &[
    ("github.base_ref", "main"),
    ("github.token", "test-token"),
    ("github.event.pull_request.number", "7"),
];

/// Replaces every `${{ expr }}` of `text`; an expression the table lacks fails the test, so
/// the recipe and its test change together.
fn substitute(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("}}").expect("an expression is closed") + start;
        let expr = rest[start + 3..end].trim();
        let value = EXPRESSIONS
            .iter()
            .find(|(e, _)| *e == expr)
            .unwrap_or_else(|| panic!("the test does not know ${{{{ {expr} }}}}"))
            .1;
        out.push_str(value);
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.to_string(),
        other => panic!("expected a string, got {other:?}"),
    }
}

/// Reads the workflow's `run:` steps, job by job, with strata's own YAML reader.
fn recipe_steps() -> Vec<Step> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci/github-actions.yml");
    let bytes = std::fs::read(&path).expect("the recipe is readable");
    let root = strata::yaml::parse_values(&bytes, "github-actions.yml".into(), &Default::default())
        .expect("the recipe parses")
        .root
        .expect("the recipe is not empty");
    let jobs = root.as_map().unwrap()["jobs"].as_map().unwrap();
    let mut steps = Vec::new();
    for (job, spec) in jobs {
        let Value::List(items) = &spec.as_map().unwrap()["steps"].value else {
            panic!("{job}: steps is a list");
        };
        for item in items {
            let step = item.as_map().unwrap();
            let Some(run) = step.get("run") else {
                continue;
            };
            let name = text(&step["name"].value);
            let env = step
                .get("env")
                .and_then(|e| e.as_map())
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.to_string(), substitute(&text(&v.value))))
                        .collect()
                })
                .unwrap_or_default();
            steps.push(Step {
                job: job.to_string(),
                name,
                env,
                run: substitute(&text(&run.value)),
            });
        }
    }
    steps
}

/// Runs `script` in bash in `dir` with git and strata set up as on a runner; returns stdout
/// then stderr, the temporary folder's path shown as `[WS]`.
fn bash(root: &Path, dir: &Path, script: &str, env: &[(String, String)]) -> (bool, String) {
    let strata_dir = Path::new(env!("CARGO_BIN_EXE_strata"))
        .parent()
        .expect("the binary sits in a folder")
        .to_path_buf();
    let mut paths = vec![strata_dir, root.join("bin")];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let mut command = Command::new("bash");
    command
        .arg("-eo")
        .arg("pipefail")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::join_paths(paths).unwrap())
        .env("HOME", root.join("home"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CEILING_DIRECTORIES", root)
        .env("GIT_AUTHOR_NAME", "dev")
        .env("GIT_AUTHOR_EMAIL", "dev@example.com")
        .env("GIT_AUTHOR_DATE", "1700000000 +0000")
        .env("GIT_COMMITTER_NAME", "dev")
        .env("GIT_COMMITTER_EMAIL", "dev@example.com")
        .env("GIT_COMMITTER_DATE", "1700000000 +0000")
        .env("NO_COLOR", "1")
        .env("GH_LOG", root.join("gh.log"))
        .stdin(Stdio::null());
    for (name, value) in env {
        command.env(name, value);
    }
    let out = command.output().expect("bash runs");
    let mut shown = String::from_utf8_lossy(&out.stdout).into_owned();
    shown.push_str(&String::from_utf8_lossy(&out.stderr));
    let shown = shown.replace(&*root.to_string_lossy(), "[WS]");
    (out.status.success(), shown)
}

/// Runs the steps of `job` in `dir`; returns each step's name and output.
fn run_job(root: &Path, dir: &Path, job: &str, env: &[(String, String)]) -> Vec<(String, String)> {
    let mut outputs = Vec::new();
    for step in recipe_steps().iter().filter(|s| s.job == job) {
        if step.name == "Install strata" {
            continue;
        }
        let mut all = env.to_vec();
        all.extend(step.env.iter().cloned());
        let (ok, out) = bash(root, dir, &step.run, &all);
        assert!(ok, "{job} / {}: failed\n{out}", step.name);
        outputs.push((step.name.clone(), out));
    }
    outputs
}

/// Returns the first 7 characters after `committed ` replaced by `<commit>`.
fn hide_commit(text: &str) -> String {
    match text.find("committed ") {
        Some(at) => {
            let start = at + "committed ".len();
            format!("{}<commit>{}", &text[..start], &text[start + 7..])
        }
        None => text.to_string(),
    }
}

#[test]
fn the_github_actions_recipe_reviews_a_pull_request_and_opens_a_promotion() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut ws = Ws::new()
        .dir("home")
        .file("bin/gh", "#!/bin/sh\necho \"gh $*\" >> \"$GH_LOG\"\n");
    for entry in ["strata.yaml", "charts", "environments", "schemas"] {
        ws = copy_tree(ws, &repo.join(entry), &format!("work/{entry}"), &[]);
    }
    let root: PathBuf = ws.root().to_path_buf();
    let work = root.join("work");
    std::fs::set_permissions(
        root.join("bin/gh"),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    // The repository, its remote, and a pull request moving staging to WordPress 6.7.3.
    let setup = "
        git init -q -b main
        git add -A
        git commit -qm 'the example workspace'
        git init -q --bare -b main ../remote.git
        git remote add origin ../remote.git
        git push -q origin main
        git checkout -q -b feature
        sed -i 's/6.7.2-php8.3-apache/6.7.3-php8.3-apache/' environments/staging/wordpress.yaml
        git commit -qam 'staging: WordPress 6.7.3'
        git fetch -q origin
    ";
    let (ok, out) = bash(&root, &work, &dedent(setup), &[]);
    assert!(ok, "{out}");

    let review = run_job(&root, &work, "review", &[]);
    let names: Vec<&str> = review.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Validate",
            "Diff against the base branch",
            "Comment the diff"
        ]
    );
    assert!(review.iter().all(|(_, out)| out.is_empty()), "{review:?}");
    let comment = std::fs::read_to_string(work.join("strata-diff.md")).unwrap();
    assert_eq!(
        comment,
        dedent(
            r#"
            ### strata diff: `origin/main` → `working tree`

            | release | changed | added | removed | ignored |
            | --- | ---: | ---: | ---: | ---: |
            | `staging/wordpress (namespace staging)` | 1 | 0 | 0 | 0 |

            <details><summary><b>staging/wordpress (namespace staging)</b>: 1 changed, 0 added, 0 removed</summary>

            ```diff
            - image.tag: "6.7.2-php8.3-apache"
            + image.tag: "6.7.3-php8.3-apache"
                environments/staging/wordpress.yaml:5:8
            ```

            </details>

            1 of 6 releases changed: 1 changed, 0 added, 0 removed.
            "#
        )
    );
    assert_eq!(
        std::fs::read_to_string(root.join("gh.log")).unwrap(),
        "gh pr comment 7 --body-file strata-diff.md\n"
    );

    // The pull request is merged; the push to main runs the promotion in a fresh clone.
    let merge = "
        git checkout -q main
        git merge -q --ff-only feature
        git push -q origin main
        git clone -q ../remote.git ../promote-job
    ";
    let (ok, out) = bash(&root, &work, &dedent(merge), &[]);
    assert!(ok, "{out}");
    let sha = bash(&root, &work, "git rev-parse HEAD", &[]).1;
    let sha = sha.trim().to_string();
    let job = root.join("promote-job");
    let promote = run_job(
        &root,
        &job,
        "promote",
        &[("GITHUB_SHA".into(), sha.clone())],
    );
    let branch = format!("promote/production-{}", &sha[..7]);
    assert_eq!(promote.len(), 1);
    assert_eq!(
        hide_commit(&promote[0].1),
        format!(
            "strata promote: staging → production\n\nproduction/wordpress (namespace production): 1 changed, 0 added, 0 removed\n  ~ image.tag: \"6.7.1-php8.3-apache\" → \"6.7.3-php8.3-apache\"\n      environments/production/wordpress.yaml:6:8\n\n1 of 1 release changed: 1 changed, 0 added, 0 removed\n\nedits:\n  environments/production/wordpress.yaml:6:8  wordpress image.tag\nnote: dry run: nothing was written\nnote: promoted 1 value into environments/production/wordpress.yaml\nnote: committed <commit> on {branch}\nTo [WS]/work/../remote.git\n * [new branch]      {branch} -> {branch}\n"
        )
    );
    assert_eq!(
        std::fs::read_to_string(root.join("gh.log")).unwrap(),
        format!(
            "gh pr comment 7 --body-file strata-diff.md\ngh pr create --base main --head {branch} --title Promote staging to production --body-file promotion.md\n"
        )
    );
    let body = std::fs::read_to_string(job.join("promotion.md")).unwrap();
    assert_eq!(
        body,
        dedent(
            r#"
            ### strata promote: `staging` → `production`

            | release | changed | added | removed | ignored |
            | --- | ---: | ---: | ---: | ---: |
            | `production/wordpress (namespace production)` | 1 | 0 | 0 | 0 |

            <details><summary><b>production/wordpress (namespace production)</b>: 1 changed, 0 added, 0 removed</summary>

            ```diff
            - image.tag: "6.7.1-php8.3-apache"
            + image.tag: "6.7.3-php8.3-apache"
                environments/production/wordpress.yaml:6:8
            ```

            </details>

            1 of 1 release changed: 1 changed, 0 added, 0 removed.
            "#
        )
    );
    // The remote holds the promotion branch: one commit on main, only the changed overlay.
    let remote = git2::Repository::open_bare(root.join("remote.git")).unwrap();
    let head = remote
        .find_reference(&format!("refs/heads/{branch}"))
        .unwrap()
        .peel_to_commit()
        .unwrap();
    assert_eq!(head.parent_id(0).unwrap().to_string(), sha);
    let diff = remote
        .diff_tree_to_tree(
            Some(&head.parent(0).unwrap().tree().unwrap()),
            Some(&head.tree().unwrap()),
            None,
        )
        .unwrap();
    let paths: Vec<String> = diff
        .deltas()
        .map(|d| d.new_file().path().unwrap().display().to_string())
        .collect();
    assert_eq!(paths, ["environments/production/wordpress.yaml"]);
    assert_eq!(
        head.message().unwrap(),
        format!("promote staging → production: wordpress image.tag\n\nThe values staging was tested with, written into production's overlays by strata promote.\n\nPromoted-From: staging\nPromoted-To: production\nSource-Commit: {sha}\nPromoted-Path: wordpress image.tag\n")
    );
    assert_eq!(head.author().name().ok(), Some("strata"));

    // Run again on the promoted branch: production has staging's values, nothing opens.
    let (ok, _) = bash(&root, &job, &format!("git checkout -q {branch}"), &[]);
    assert!(ok);
    let again = run_job(&root, &job, "promote", &[("GITHUB_SHA".into(), sha)]);
    assert_eq!(
        again[0].1,
        "production has staging's values: nothing to promote\n"
    );
}
