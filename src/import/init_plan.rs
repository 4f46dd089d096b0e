//! [`init_plan`]: the smallest workspace around the charts already under `charts/`.

use std::path::PathBuf;

use crate::settings::CONFIG_FILE;
use crate::values::{to_yaml, Node, Origin, Value, YamlStyle};

use super::error::ImportError;
use super::workspace_plan::{PlannedFile, WorkspacePlan};

/// The stages `strata init` writes when none are given.
pub const DEFAULT_STAGES: &[&str] = &["development", "staging", "production"];

/// The origin of a value strata writes (no file of its own yet).
pub(crate) fn written() -> Origin {
    Origin::whole(std::sync::Arc::from(""))
}

/// Returns `name` as a YAML scalar that reads back as the string: plain where it can be,
/// quoted where YAML 1.1 would read it as something else (`true`, `1.0`, `no`).
pub(crate) fn yaml_string(name: &str) -> String {
    let node = Node::new(Value::String(name.into()), written());
    to_yaml(&node, YamlStyle::default()).trim_end().to_string()
}

/// Checks stage names: usable as folder names, none twice, at least one.
pub(crate) fn check_stages(stages: &[String]) -> Result<(), ImportError> {
    if stages.is_empty() {
        return Err(ImportError::NoStages);
    }
    for (i, name) in stages.iter().enumerate() {
        if !crate::settings::is_safe_name(name) {
            return Err(ImportError::StageName { name: name.clone() });
        }
        if stages[..i].contains(name) {
            return Err(ImportError::StageTwice { name: name.clone() });
        }
    }
    Ok(())
}

/// Returns the text of `environments/<stage>/stage.yaml` holding `vars` (a map, or nothing)
/// under a comment saying what the file is for.
pub(crate) fn stage_file(stage: &str, vars: Option<&Node>, origin_note: &str) -> PlannedFile {
    let mut text = format!(
        "# Stage variables of {stage}{origin_note}.\n\
         # `namespace` is where the stage's releases are deployed unless a release names its\n\
         # own; overlay templates (*.yaml.tera) read every variable as stage.vars.NAME.\n"
    );
    if let Some(vars) = vars.filter(|v| v.as_map().is_some_and(|m| !m.is_empty())) {
        text.push_str(&to_yaml(vars, YamlStyle::default()));
    }
    PlannedFile {
        path: PathBuf::from("environments").join(stage).join("stage.yaml"),
        text,
    }
}

/// Returns the workspace `strata init` writes for `stages` (in promotion order) around
/// `charts`: `strata.yaml` naming the stages, and each stage's `stage.yaml` with its
/// namespace (the stage's name). Every chart is one release in every stage, as a workspace
/// without `releases:` has it.
pub fn init_plan(stages: &[String], charts: &[String]) -> Result<WorkspacePlan, ImportError> {
    check_stages(stages)?;
    let mut files = Vec::new();
    for stage in stages {
        let mut vars = crate::values::Map::new();
        vars.insert(
            "namespace".to_string().into(),
            Node::new(Value::String(stage.clone().into()), written()),
        );
        files.push(stage_file(
            stage,
            Some(&Node::new(Value::Map(vars), written())),
            "",
        ));
    }
    let listed: Vec<String> = stages.iter().map(|s| yaml_string(s)).collect();
    let charts_line = if charts.is_empty() {
        "# No chart yet: put each under charts/<name>/ (a folder with a Chart.yaml).\n".to_string()
    } else {
        format!(
            "# Charts: {} (each a release of its own name in every stage, until a `releases:`\n\
             # section says otherwise).\n",
            charts.join(", ")
        )
    };
    files.push(PlannedFile {
        path: PathBuf::from(CONFIG_FILE),
        text: format!(
            "# strata workspace, written by `strata init`.\n\
             #\n\
             {charts_line}\
             # Each stage's overlay of a release is environments/<stage>/<release>.yaml (and\n\
             # environments/<stage>/<release>/*.yaml); its variables are in\n\
             # environments/<stage>/stage.yaml.\n\
             #\n\
             # Stages are listed in promotion order: changes flow from the first to the last.\n\
             stages: [{}]\n",
            listed.join(", ")
        ),
    });
    Ok(WorkspacePlan {
        stages: stages.to_vec(),
        releases: Vec::new(),
        files,
        notes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn init_writes_the_stages_and_a_namespace_per_stage() {
        let plan = init_plan(&names(&["dev", "true"]), &names(&["web"])).expect("valid");
        let paths: Vec<String> = plan
            .files
            .iter()
            .map(|f| f.path.display().to_string())
            .collect();
        assert_eq!(
            paths,
            [
                "environments/dev/stage.yaml",
                "environments/true/stage.yaml",
                "strata.yaml"
            ]
        );
        assert!(plan.files[1].text.ends_with("namespace: \"true\"\n"));
        assert!(plan.files[2].text.ends_with("stages: [dev, \"true\"]\n"));
    }

    #[test]
    fn stage_names_must_be_folder_names_given_once() {
        let rows: &[(&[&str], &str)] = &[
            (&[], "no stages given"),
            (
                &["dev", "../x"],
                "stage name \"../x\" must be letters, digits, '.', '_' or '-'",
            ),
            (&["dev", "dev"], "stage \"dev\" is named twice"),
        ];
        for (stages, expected) in rows {
            let err = init_plan(&names(stages), &[]).unwrap_err();
            assert_eq!(err.to_string(), *expected);
        }
    }
}
