//! A small report every formatter's tests print: chart `web` compared between `staging`
//! and `production`, with each kind of change, a stage-specific path, an ignored path and a
//! secret.

use crate::values::{KeyPattern, Node};
use crate::yaml::{parse_values, Limits};

use super::compare::{DiffReport, Mode, SideLabel};
use super::release_diff::{diff_release, DiffOptions, ReleasePair, ReleaseSide};
use super::tree_diff::TreeSide;
use crate::secrets::SecretRules;

pub(crate) fn tree(name: &str, text: &str) -> Node {
    parse_values(text.as_bytes(), name.into(), &Limits::default())
        .expect("test YAML parses")
        .root
        .expect("test YAML is not empty")
}

const OLD: &str = "replicas: 2
image:
  tag: \"1.25\"
debug: true
stamp: 1
auth:
  password: abc
containers:
  - name: app
    image: a
  - name: side
    image: s
";

const NEW: &str = "replicas: 3
image:
  tag: \"1.26\"
stamp: 2
auth:
  password: abcd
containers:
  - name: side
    image: s
  - name: app
    image: b
extra: {x: 1}
";

/// The report, made with `options` (ignoring `stamp`, `replicas` stage-specific).
pub(crate) fn sample_report() -> DiffReport {
    let old = tree("environments/staging/web.yaml", OLD);
    let new = tree("environments/production/web.yaml", NEW);
    let user = tree("environments/production/web.yaml", "debug: null\n");
    let options = DiffOptions {
        ignore: vec![KeyPattern::parse("stamp").expect("a pattern")],
        stage_specific: vec![KeyPattern::parse("replicas").expect("a pattern")],
        ..DiffOptions::default()
    };
    let side = |stage: &str| ReleaseSide {
        stage: stage.into(),
        source: "working tree".into(),
        exists: true,
        namespace: Some(stage.into()),
    };
    let release = diff_release(
        ReleasePair {
            release: "web",
            chart: "web",
            old: (
                side("staging"),
                TreeSide {
                    values: Some(&old),
                    user: None,
                },
            ),
            new: (
                side("production"),
                TreeSide {
                    values: Some(&new),
                    user: Some(&user),
                },
            ),
        },
        &options,
        &SecretRules::default(),
    );
    DiffReport {
        mode: Mode::Stages,
        old: SideLabel::new("staging"),
        new: SideLabel::new("production"),
        releases: vec![release],
        named: false,
    }
}
