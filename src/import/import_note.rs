//! [`ImportNote`]: one thing a helmfile holds that the imported workspace does not, so an
//! import lists it instead of dropping it.

/// Something not imported, or imported differently from how it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportNote {
    /// Top-level keys of a helmfile that say how to deploy, not what values are
    /// (`repositories`, `helmDefaults`, `hooks`, ...).
    StateKeys { file: String, keys: Vec<String> },
    /// Keys of a release strata has no counterpart for (`hooks`, `needs`, `secrets`, ...).
    ReleaseKeys { release: String, keys: Vec<String> },
    /// A templated values file: imported as helmfile rendered it for each environment;
    /// its template logic is not kept.
    TemplatedValues { release: String, file: String },
    /// A release whose chart is a folder outside `charts/` of the workspace.
    ChartOutsideWorkspace { release: String, chart: String },
    /// A release whose chart comes from a repository (or OCI registry).
    ChartFromRepository { release: String, chart: String },
    /// A release whose chart differs between environments.
    ChartDiffers {
        release: String,
        charts: Vec<String>,
    },
    /// A release without a namespace: helm would use the kube context's.
    NamespaceUnset { release: String },
    /// A release whose namespace differs between environments in a way neither a
    /// release's namespace nor the stages' `namespace` variable can say.
    NamespaceVaries {
        release: String,
        namespaces: Vec<(String, String)>,
    },
    /// A `set:` entry that indexes a list: as an overlay key it replaces the whole list.
    SetIntoList { release: String, name: String },
    /// A `set:` entry with an empty value, which helmfile passes to helm as nothing.
    EmptySet { release: String, name: String },
    /// A release `installed: false` in every environment.
    NeverInstalled { release: String },
}

impl std::fmt::Display for ImportNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportNote::StateKeys { file, keys } => write!(
                f,
                "{file}: {} (deployment settings; strata does not deploy)",
                keys.join(", ")
            ),
            ImportNote::ReleaseKeys { release, keys } => write!(
                f,
                "release {release}: {} (strata has no counterpart)",
                keys.join(", ")
            ),
            ImportNote::TemplatedValues { release, file } => write!(
                f,
                "release {release}: {file} is imported as helmfile rendered it for each stage; its template logic is not kept (an overlay template, *.yaml.tera, can hold it)"
            ),
            ImportNote::ChartOutsideWorkspace { release, chart } => write!(
                f,
                "release {release}: chart {chart} is not a chart folder under charts/; release not imported (move the chart to charts/<name>/ and import again)"
            ),
            ImportNote::ChartFromRepository { release, chart } => write!(
                f,
                "release {release}: chart {chart} comes from a chart repository; release not imported (put the chart under charts/<name>/, e.g. with `helm pull --untar`, and import again)"
            ),
            ImportNote::ChartDiffers { release, charts } => write!(
                f,
                "release {release}: its chart differs between environments ({}); release not imported",
                charts.join(", ")
            ),
            ImportNote::NamespaceUnset { release } => write!(
                f,
                "release {release}: no namespace (helm would use the kube context's); strata uses the stage's `namespace` variable, else the stage's name"
            ),
            ImportNote::NamespaceVaries { release, namespaces } => write!(
                f,
                "release {release}: its namespace differs between environments ({}) and the stages' `namespace` variables cannot say it; it is given the stages' namespace",
                namespaces
                    .iter()
                    .map(|(env, ns)| format!("{env}: {ns}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ImportNote::SetIntoList { release, name } => write!(
                f,
                "release {release}: set {name} indexes a list; as an overlay key it replaces the values files' whole list, where --set changed one item"
            ),
            ImportNote::EmptySet { release, name } => write!(
                f,
                "release {release}: set {name} has an empty value, which helmfile passes to helm as nothing; not imported"
            ),
            ImportNote::NeverInstalled { release } => write!(
                f,
                "release {release}: installed: false in every environment; release not imported"
            ),
        }
    }
}
