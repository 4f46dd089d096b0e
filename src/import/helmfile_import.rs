//! [`import_helmfile`]: a helmfile's environments and releases as a strata workspace.
//!
//! helmfile resolves its own templates, once per environment ([`Helmfile::build`]); what it
//! prints maps onto the workspace so that, for every release and environment, the release's
//! user values in strata (`strata render --for-helm`) are what helm is given by helmfile
//! (`helmfile write-values`, plus the `set:` entries):
//!
//! | helmfile | workspace |
//! |---|---|
//! | environment | stage (in the order the helmfile declares them) |
//! | environment values (`.Values`) | `environments/<stage>/stage.yaml` |
//! | release name, chart (a folder under `charts/`) | `releases:` entry |
//! | release namespace | the release's `namespace`, or the stages' `namespace` variable when it follows the environment |
//! | release absent or `installed: false` in an environment | the release's `stages:` |
//! | values entry *n* | `environments/<stage>/<release>/NN-<name>.yaml`: a plain file copied byte for byte, inline values and `.gotmpl` files as helmfile rendered them |
//! | `set:` entries | a last overlay, `NN-set.yaml`, typed as Helm types `--set` |
//!
//! Everything else is listed as an [`ImportNote`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::setflags::{apply_set_flags, FileSettings, FlagKind, SetFlag};
use crate::settings::CONFIG_FILE;
use crate::source::display_path;
use crate::values::{to_yaml, HelmVersion, Map, Node, Value, YamlStyle};

use super::error::ImportError;
use super::helmfile_run::Helmfile;
use super::helmfile_state::{read_states, HelmfileRelease, SetEntry, ValuesEntry};
use super::import_note::ImportNote;
use super::init_plan::{check_stages, stage_file, written, yaml_string};
use super::workspace_plan::{PlannedFile, WorkspacePlan};

/// What an import needs besides helmfile.
#[derive(Clone, Debug)]
pub struct ImportRequest {
    /// How to run helmfile.
    pub helmfile: Helmfile,
    /// The workspace's root, absolute: where `strata.yaml` will be.
    pub root: PathBuf,
    /// The helmfile's environments in the order it declares them, when known (the rest
    /// follow in name order).
    pub declared_order: Vec<String>,
    /// The largest values file copied.
    pub max_file_bytes: u64,
}

/// One release as one environment resolves it.
struct Seen {
    environment: String,
    /// The folder of the helmfile that declares it (values paths are relative to it).
    dir: PathBuf,
    release: HelmfileRelease,
    /// The same release from `build --embed-values`: each values entry's values.
    embedded: HelmfileRelease,
}

/// A release as the workspace will declare it.
struct Imported {
    name: String,
    chart: String,
    namespace: Option<String>,
    stages: Option<Vec<String>>,
}

/// Returns the chart folders under `root/charts` (each holding a `Chart.yaml`), by name.
pub fn chart_folders(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("charts"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join("Chart.yaml").is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|name| crate::settings::is_safe_name(name))
        .collect();
    names.sort();
    names
}

/// Plans the workspace importing the helmfile `request` names: runs helmfile for each
/// environment twice (`build`, `build --embed-values`).
pub fn import_helmfile(request: &ImportRequest) -> Result<WorkspacePlan, ImportError> {
    let helmfile = &request.helmfile;
    // The environments the helmfile declares, in the order written; when its text does not
    // say (a templated document), the ones helmfile reports for its default environment.
    let mut stages: Vec<String> = Vec::new();
    for env in &request.declared_order {
        if !stages.contains(env) {
            stages.push(env.clone());
        }
    }
    if stages.is_empty() {
        let first = read_states(&helmfile.build(None, false)?, "build")?;
        let mut environments: Vec<String> = first
            .iter()
            .flat_map(|s| s.environments.iter().cloned())
            .collect();
        environments.sort();
        environments.dedup();
        stages = environments;
    }
    if stages.is_empty() {
        stages.push("default".to_string());
    }
    check_stages(&stages)?;
    let mut notes = Vec::new();
    let default_dir = request
        .root
        .join(&helmfile.file)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| request.root.clone());
    let mut seen: Vec<(String, Vec<Seen>)> = Vec::new();
    let mut stage_vars: BTreeMap<String, Option<Node>> = BTreeMap::new();
    for env in &stages {
        let args = format!("--environment {env} build");
        let plain = read_states(&helmfile.build(Some(env), false)?, &args)?;
        for state in &plain {
            let note = ImportNote::StateKeys {
                file: shown(&request.root, &state.source),
                keys: state.other_keys.clone(),
            };
            if !state.other_keys.is_empty() && !notes.contains(&note) {
                notes.push(note);
            }
        }
        let args = format!("{args} --embed-values");
        let embedded = read_states(&helmfile.build(Some(env), true)?, &args)?;
        let mismatch = || ImportError::Output {
            args: args.clone(),
            message: "its releases are not those of `build` without --embed-values".into(),
        };
        if plain.len() != embedded.len() {
            return Err(mismatch());
        }
        stage_vars.insert(
            env.clone(),
            plain.iter().find_map(|s| s.rendered_values.clone()),
        );
        for (state, embedded_state) in plain.into_iter().zip(embedded) {
            if state.releases.len() != embedded_state.releases.len() {
                return Err(mismatch());
            }
            let dir = state
                .source
                .parent()
                .filter(|p| p.is_absolute())
                .map(Path::to_path_buf)
                .unwrap_or_else(|| default_dir.clone());
            for (release, embedded) in state.releases.into_iter().zip(embedded_state.releases) {
                if release.name != embedded.name {
                    return Err(mismatch());
                }
                let entry = match seen.iter_mut().find(|(name, _)| *name == release.name) {
                    Some(entry) => entry,
                    None => {
                        seen.push((release.name.clone(), Vec::new()));
                        seen.last_mut().expect("just pushed")
                    }
                };
                if entry.1.iter().any(|s| s.environment == *env) {
                    // helmfile allows one name in two namespaces; a workspace does not.
                    notes.push(ImportNote::ReleaseKeys {
                        release: release.name.clone(),
                        keys: vec![format!(
                            "a second release of this name in {} (only the first is imported)",
                            shown(&request.root, &state.source)
                        )],
                    });
                    continue;
                }
                entry.1.push(Seen {
                    environment: env.clone(),
                    dir: dir.clone(),
                    release,
                    embedded,
                });
            }
        }
    }

    let mut imported: Vec<Imported> = Vec::new();
    let mut overlays: Vec<PlannedFile> = Vec::new();
    // The namespace each release asks of each stage, for releases whose namespace follows
    // the environment.
    let mut wanted: BTreeMap<String, Vec<(String, Option<String>)>> = BTreeMap::new();
    for (name, all) in &seen {
        let runs: Vec<&Seen> = all.iter().filter(|s| s.release.installed).collect();
        let mut other: Vec<String> = all
            .iter()
            .flat_map(|s| s.release.other_keys.iter().cloned())
            .collect();
        other.sort();
        other.dedup();
        if !other.is_empty() {
            notes.push(ImportNote::ReleaseKeys {
                release: name.clone(),
                keys: other,
            });
        }
        if runs.is_empty() {
            notes.push(ImportNote::NeverInstalled {
                release: name.clone(),
            });
            continue;
        }
        if !crate::settings::is_safe_name(name) {
            notes.push(ImportNote::ReleaseKeys {
                release: name.clone(),
                keys: vec!["its name is not a usable file name; release not imported".into()],
            });
            continue;
        }
        let charts: Vec<Result<String, ImportNote>> = runs
            .iter()
            .map(|s| local_chart(&request.root, &s.dir, name, &s.release.chart))
            .collect();
        let chart = match &charts[0] {
            Err(note) => {
                notes.push(note.clone());
                continue;
            }
            Ok(chart) => chart.clone(),
        };
        if charts.iter().any(|c| c.as_ref() != Ok(&chart)) {
            notes.push(ImportNote::ChartDiffers {
                release: name.clone(),
                charts: runs
                    .iter()
                    .map(|s| format!("{}: {}", s.environment, s.release.chart))
                    .collect(),
            });
            continue;
        }
        let namespaces: Vec<Option<String>> =
            runs.iter().map(|s| s.release.namespace.clone()).collect();
        let namespace = if namespaces.iter().all(|n| *n == namespaces[0]) {
            if namespaces[0].is_none() {
                notes.push(ImportNote::NamespaceUnset {
                    release: name.clone(),
                });
            }
            namespaces[0].clone()
        } else {
            wanted.insert(
                name.clone(),
                runs.iter()
                    .map(|s| (s.environment.clone(), s.release.namespace.clone()))
                    .collect(),
            );
            None
        };
        let release_stages = if runs.len() == stages.len() {
            None
        } else {
            Some(runs.iter().map(|s| s.environment.clone()).collect())
        };
        for s in &runs {
            overlays.extend(release_overlays(request, s, &mut notes)?);
        }
        imported.push(Imported {
            name: name.clone(),
            chart,
            namespace,
            stages: release_stages,
        });
    }
    if imported.is_empty() {
        return Err(ImportError::NothingToImport);
    }
    settle_namespaces(&mut stage_vars, &wanted, &mut notes);

    let mut files = Vec::new();
    let label = display_path(&helmfile.file);
    for stage in &stages {
        files.push(stage_file(
            stage,
            stage_vars.get(stage).and_then(Option::as_ref),
            &format!(", from the values of environment {stage} in {label}"),
        ));
    }
    files.extend(overlays);
    files.push(PlannedFile {
        path: PathBuf::from(CONFIG_FILE),
        text: config_text(&label, &stages, &imported),
    });
    Ok(WorkspacePlan {
        stages,
        releases: imported.into_iter().map(|r| r.name).collect(),
        files,
        notes,
    })
}

/// Returns `path` relative to `root` when it is inside it, for messages.
fn shown(root: &Path, path: &Path) -> String {
    display_path(path.strip_prefix(root).unwrap_or(path))
}

/// Returns the workspace chart `chart` (as a release in `dir` names it) is: a folder
/// `charts/<name>` of the workspace; else why the release cannot be imported.
fn local_chart(root: &Path, dir: &Path, release: &str, chart: &str) -> Result<String, ImportNote> {
    let local = chart.starts_with('.') || chart.starts_with('/') || dir.join(chart).is_dir();
    if chart.contains("://") || !local {
        return Err(ImportNote::ChartFromRepository {
            release: release.to_string(),
            chart: chart.to_string(),
        });
    }
    let outside = || ImportNote::ChartOutsideWorkspace {
        release: release.to_string(),
        chart: chart.to_string(),
    };
    let folder = dir.join(chart).canonicalize().map_err(|_| outside())?;
    let charts = root.join("charts").canonicalize().map_err(|_| outside())?;
    let name = folder
        .file_name()
        .and_then(|n| n.to_str())
        .map(str::to_string)
        .ok_or_else(outside)?;
    if folder.parent() != Some(charts.as_path())
        || !folder.join("Chart.yaml").is_file()
        || !crate::settings::is_safe_name(&name)
    {
        return Err(outside());
    }
    Ok(name)
}

/// Returns true for a values file helmfile renders as a template before reading it.
fn is_templated(path: &str) -> bool {
    path.ends_with(".gotmpl") || path.ends_with(".tpl")
}

/// Returns the name an overlay copied from `path` is given: its file name without the
/// template and YAML extensions, anything but letters, digits, `.`, `_` and `-` as `-`.
fn stem_of(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let name = name.trim_end_matches(".gotmpl").trim_end_matches(".tpl");
    let name = name
        .strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))
        .unwrap_or(name);
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if stem.is_empty() {
        "values".into()
    } else {
        stem
    }
}

/// Returns the overlays of one release in one stage: a file per values entry, in order,
/// then the `set:` entries.
fn release_overlays(
    request: &ImportRequest,
    seen: &Seen,
    notes: &mut Vec<ImportNote>,
) -> Result<Vec<PlannedFile>, ImportError> {
    let folder = PathBuf::from("environments")
        .join(&seen.environment)
        .join(&seen.release.name);
    let name = &seen.release.name;
    let count = seen.embedded.values.len() + 1;
    let width = if count >= 100 { 3 } else { 2 };
    let mut files = Vec::new();
    // The entries of `build` say what each is (a file, a template, inline values); those
    // of `build --embed-values` what it holds.
    let same_entries = seen.release.values.len() == seen.embedded.values.len();
    for (i, embedded) in seen.embedded.values.iter().enumerate() {
        let values = match embedded {
            ValuesEntry::Inline(node) => node,
            ValuesEntry::File(_) => {
                return Err(ImportError::Output {
                    args: format!("--environment {} build --embed-values", seen.environment),
                    message: format!("release {name} still names a values file"),
                })
            }
        };
        let rendered =
            |header: String| format!("{header}{}", to_yaml(values, YamlStyle::default()));
        let entry = if same_entries {
            Some(&seen.release.values[i])
        } else {
            None
        };
        let (stem, text) = match entry {
            Some(ValuesEntry::File(path)) if is_templated(path) => {
                let note = ImportNote::TemplatedValues {
                    release: name.clone(),
                    file: path.clone(),
                };
                if !notes.contains(&note) {
                    notes.push(note);
                }
                (
                    stem_of(path),
                    rendered(format!(
                        "# {path} of release {name}, as helmfile rendered it for environment {}.\n",
                        seen.environment
                    )),
                )
            }
            Some(ValuesEntry::File(path)) => {
                let source = seen.dir.join(path);
                let header = format!(
                    "# {path} of release {name}, as helmfile read it for environment {}.\n",
                    seen.environment
                );
                (
                    stem_of(path),
                    copy_or_render(request, &source, || rendered(header))?,
                )
            }
            _ => (
                "values".to_string(),
                rendered(format!(
                    "# Values written in the helmfile for release {name} (environment {}).\n",
                    seen.environment
                )),
            ),
        };
        files.push(PlannedFile {
            path: folder.join(format!("{:0width$}-{stem}.yaml", i + 1)),
            text,
        });
    }
    if let Some(text) = set_overlay(request, seen, notes)? {
        files.push(PlannedFile {
            path: folder.join(format!("{:0width$}-set.yaml", count)),
            text,
        });
    }
    Ok(files)
}

/// Returns the bytes of a plain values file, as written (comments kept), when it is a file
/// inside the workspace, within the size limit, that strata reads; else its values as
/// helmfile read them.
fn copy_or_render(
    request: &ImportRequest,
    source: &Path,
    rendered: impl FnOnce() -> String,
) -> Result<String, ImportError> {
    let inside = source
        .canonicalize()
        .ok()
        .zip(request.root.canonicalize().ok())
        .is_some_and(|(file, root)| file.starts_with(root));
    let meta = std::fs::metadata(source);
    let copyable = inside
        && meta
            .as_ref()
            .is_ok_and(|m| m.is_file() && m.len() <= request.max_file_bytes);
    if !copyable {
        return Ok(rendered());
    }
    let bytes = std::fs::read(source).map_err(|e| ImportError::Read {
        path: source.to_path_buf(),
        source: e,
    })?;
    // A file strata would refuse as an overlay (several documents, tabs, ...) is written as
    // helmfile read it instead.
    let readable = crate::yaml::parse_values(
        &bytes,
        std::sync::Arc::from(display_path(source)),
        &crate::yaml::Limits::default(),
    )
    .is_ok_and(|parsed| parsed.extra_document.is_none());
    match String::from_utf8(bytes) {
        Ok(text) if readable => Ok(text),
        _ => Ok(rendered()),
    }
}

/// Escapes `{`, `}` and `,` as helmfile does before handing a `set:` entry to `--set`.
fn escape(text: &str) -> String {
    text.replace('{', "\\{")
        .replace('}', "\\}")
        .replace(',', "\\,")
}

/// Returns the `--set` flag helmfile gives helm for `entry`, if any.
fn set_flag(entry: &SetEntry, dir: &Path) -> Option<SetFlag> {
    let name = escape(&entry.name);
    if let Some(value) = entry.value.as_deref().filter(|v| !v.is_empty()) {
        return Some(SetFlag::new(
            FlagKind::Set,
            format!("{name}={}", escape(value)),
        ));
    }
    if let Some(file) = entry.file.as_deref().filter(|f| !f.is_empty()) {
        return Some(SetFlag::new(
            FlagKind::File,
            format!("{name}={}", dir.join(file).display()),
        ));
    }
    if !entry.values.is_empty() {
        let items: Vec<String> = entry.values.iter().map(|v| escape(v)).collect();
        return Some(SetFlag::new(
            FlagKind::Set,
            format!("{name}={{{}}}", items.join(",")),
        ));
    }
    None
}

/// Returns the overlay holding a release's `set:` entries, typed as Helm types `--set`.
fn set_overlay(
    request: &ImportRequest,
    seen: &Seen,
    notes: &mut Vec<ImportNote>,
) -> Result<Option<String>, ImportError> {
    let name = &seen.release.name;
    let mut flags = Vec::new();
    for entry in &seen.release.set {
        let Some(flag) = set_flag(entry, &seen.dir) else {
            let note = ImportNote::EmptySet {
                release: name.clone(),
                name: entry.name.clone(),
            };
            if !notes.contains(&note) {
                notes.push(note);
            }
            continue;
        };
        if entry.name.contains('[') {
            let note = ImportNote::SetIntoList {
                release: name.clone(),
                name: entry.name.clone(),
            };
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
        flags.push(flag);
    }
    if flags.is_empty() {
        return Ok(None);
    }
    let mut values = Node::new(Value::Map(Map::new()), written());
    let files = FileSettings {
        cwd: seen.dir.clone(),
        link_base: request.root.clone(),
        max_bytes: request.max_file_bytes,
        stdin: Default::default(),
    };
    apply_set_flags(&mut values, &flags, &files, HelmVersion::V3).map_err(|source| {
        ImportError::SetEntry {
            release: name.clone(),
            environment: seen.environment.clone(),
            source: Box::new(source),
        }
    })?;
    Ok(Some(format!(
        "# The set: entries of release {name} (environment {}), typed as helm types --set.\n{}",
        seen.environment,
        to_yaml(&values, YamlStyle::default())
    )))
}

/// Gives each stage the `namespace` variable the releases whose namespace follows the
/// environment ask of it, where the environment's values do not already set one; notes the
/// releases whose namespaces the stages still cannot say.
fn settle_namespaces(
    stage_vars: &mut BTreeMap<String, Option<Node>>,
    wanted: &BTreeMap<String, Vec<(String, Option<String>)>>,
    notes: &mut Vec<ImportNote>,
) {
    let stage_namespace = |vars: &Option<Node>| -> Option<String> {
        match vars.as_ref()?.as_map()?.get("namespace")?.value {
            Value::String(ref ns) => Some(ns.to_string()),
            _ => None,
        }
    };
    for (env, vars) in stage_vars.iter_mut() {
        if stage_namespace(vars).is_some() {
            continue;
        }
        let mut asked: Vec<&String> = wanted
            .values()
            .flat_map(|per_env| per_env.iter())
            .filter(|(e, _)| e == env)
            .filter_map(|(_, ns)| ns.as_ref())
            .collect();
        asked.sort();
        asked.dedup();
        if let [one] = asked.as_slice() {
            let node = vars.get_or_insert_with(|| Node::new(Value::Map(Map::new()), written()));
            if let Some(map) = node.as_map_mut() {
                map.insert(
                    "namespace".to_string().into(),
                    Node::new(Value::String((*one).clone().into()), written()),
                );
            }
        }
    }
    for (release, per_env) in wanted {
        let followed = per_env
            .iter()
            .all(|(env, ns)| ns.is_some() && stage_vars.get(env).and_then(stage_namespace) == *ns);
        if !followed {
            notes.push(ImportNote::NamespaceVaries {
                release: release.clone(),
                namespaces: per_env
                    .iter()
                    .map(|(env, ns)| (env.clone(), ns.clone().unwrap_or_else(|| "(none)".into())))
                    .collect(),
            });
        }
    }
}

/// Returns the text of `strata.yaml` for the imported stages and releases.
fn config_text(label: &str, stages: &[String], releases: &[Imported]) -> String {
    let list = |names: &[String]| {
        names
            .iter()
            .map(|s| yaml_string(s))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut text = format!(
        "# strata workspace, imported from {label} by `strata import helmfile`.\n\
         #\n\
         # Each environment of the helmfile is a stage, its values the stage's variables\n\
         # (environments/<stage>/stage.yaml). Each release's values entries are its overlays, in\n\
         # order (environments/<stage>/<release>/NN-<name>.yaml), its set: entries the last one.\n\
         #\n\
         # Stages are listed in promotion order: changes flow from the first to the last.\n\
         stages: [{}]\n\
         \n\
         releases:\n",
        list(stages)
    );
    for release in releases {
        text.push_str(&format!("  - name: {}\n", yaml_string(&release.name)));
        text.push_str(&format!("    chart: {}\n", yaml_string(&release.chart)));
        if let Some(ns) = &release.namespace {
            text.push_str(&format!("    namespace: {}\n", yaml_string(ns)));
        }
        if let Some(stages) = &release.stages {
            text.push_str(&format!("    stages: [{}]\n", list(stages)));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_names_come_from_the_values_files() {
        let rows: &[(&str, &str)] = &[
            ("values/common.yaml", "common"),
            ("values/dev.yml", "dev"),
            ("values/web.yaml.gotmpl", "web"),
            ("../x/my values.yaml", "my-values"),
            ("values/.yaml", "values"),
        ];
        for (path, stem) in rows {
            assert_eq!(stem_of(path), *stem, "{path}");
        }
    }

    #[test]
    fn set_entries_become_the_flags_helmfile_passes() {
        let dir = Path::new("/repo");
        let rows: &[(SetEntry, Option<&str>)] = &[
            (
                SetEntry {
                    name: "a.b".into(),
                    value: Some("x,y{z}".into()),
                    ..SetEntry::default()
                },
                Some("a.b=x\\,y\\{z\\}"),
            ),
            (
                SetEntry {
                    name: "hosts".into(),
                    values: vec!["a".into(), "b,c".into()],
                    ..SetEntry::default()
                },
                Some("hosts={a,b\\,c}"),
            ),
            (
                SetEntry {
                    name: "cert".into(),
                    file: Some("certs/ca.pem".into()),
                    ..SetEntry::default()
                },
                Some("cert=/repo/certs/ca.pem"),
            ),
            (
                SetEntry {
                    name: "empty".into(),
                    value: Some(String::new()),
                    ..SetEntry::default()
                },
                None,
            ),
        ];
        for (entry, expected) in rows {
            assert_eq!(
                set_flag(entry, dir).map(|f| f.text),
                expected.map(str::to_string),
                "{entry:?}"
            );
        }
    }

    #[test]
    fn namespaces_that_follow_the_environment_become_stage_variables() {
        let ns = |s: &str| Some(s.to_string());
        let mut vars: BTreeMap<String, Option<Node>> =
            [("dev".to_string(), None), ("prod".to_string(), None)].into();
        let wanted: BTreeMap<String, Vec<(String, Option<String>)>> = [(
            "web".to_string(),
            vec![
                ("dev".into(), ns("web-dev")),
                ("prod".into(), ns("web-prod")),
            ],
        )]
        .into();
        let mut notes = Vec::new();
        settle_namespaces(&mut vars, &wanted, &mut notes);
        assert!(notes.is_empty(), "{notes:?}");
        let dev = vars["dev"].as_ref().expect("set");
        assert_eq!(
            dev.as_map().expect("a map")["namespace"].value,
            Value::String("web-dev".into())
        );
        // A second release asking another namespace of the same stage cannot have it.
        let mut vars: BTreeMap<String, Option<Node>> = [("dev".to_string(), None)].into();
        let wanted: BTreeMap<String, Vec<(String, Option<String>)>> = [
            ("a".to_string(), vec![("dev".into(), ns("one"))]),
            ("b".to_string(), vec![("dev".into(), ns("two"))]),
        ]
        .into();
        settle_namespaces(&mut vars, &wanted, &mut notes);
        assert_eq!(notes.len(), 2);
        assert_eq!(
            notes[0].to_string(),
            "release a: its namespace differs between environments (dev: one) and the stages' `namespace` variables cannot say it; it is given the stages' namespace"
        );
    }
}
