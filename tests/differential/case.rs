//! [`Case`]: one differential test — a chart, the files and flags given to both tools, and
//! what Helm is known to do with them.
//!
//! A case states Helm's behaviour as well as asking strata to match it: `shows` and `warns`
//! are checked against Helm's own output, so a case that no longer exercises what its name
//! says (a typo in a fixture, a Helm change) fails instead of passing vacuously.

use std::path::PathBuf;

/// The part of `shared/spec/helm-values-semantics.md` a case covers; used to group and count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    /// §2 Reading YAML.
    Yaml,
    /// §3 Merging -f files.
    Files,
    /// §4 The --set family.
    SetFlags,
    /// §5 Coalescing user values with chart defaults.
    Coalesce,
    /// §6 Subcharts.
    Subcharts,
    /// §7 Globals.
    Globals,
    /// §8 values.schema.json.
    Schema,
    /// §9 Other errors.
    Errors,
    /// Real charts' values files with their maintainers' CI overlays.
    RealCharts,
    /// The example workspace's releases (`charts/`, `environments/`).
    Workspace,
}

impl Section {
    /// Returns the heading the report prints for the section.
    pub fn title(self) -> &'static str {
        match self {
            Section::Yaml => "§2 reading YAML",
            Section::Files => "§3 merging -f files",
            Section::SetFlags => "§4 the --set family",
            Section::Coalesce => "§5 coalescing",
            Section::Subcharts => "§6 subcharts",
            Section::Globals => "§7 globals",
            Section::Schema => "§8 values.schema.json",
            Section::Errors => "§9 other errors",
            Section::RealCharts => "real charts",
            Section::Workspace => "workspace releases",
        }
    }
}

/// The Helm a case runs against: both tools follow the same one (`strata merge
/// --helm-version 4` against Helm 4.1.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Helm {
    V3,
    V4,
}

impl Helm {
    pub const ALL: [Helm; 2] = [Helm::V3, Helm::V4];

    /// Returns `3` or `4`, as `--helm-version` takes it.
    pub fn number(self) -> &'static str {
        match self {
            Helm::V3 => "3",
            Helm::V4 => "4",
        }
    }
}

/// Where a case's chart comes from.
#[derive(Clone, Debug)]
pub enum ChartSource {
    /// A folder under `tests/differential/charts/`.
    Fixture(&'static str),
    /// Any chart folder (real charts, the example workspace).
    Dir(PathBuf),
}

/// What Helm does with a case's inputs.
#[derive(Clone, Debug)]
pub enum Expect {
    /// `helm template` succeeds.
    Values,
    /// `helm template` fails, and its stderr contains each of these fragments (the core of
    /// Helm's message, without Go's wrapping like `failed to parse 1.yaml: error converting
    /// YAML to JSON: yaml: line 2: `); strata must fail (exit 2) and say the same.
    Error(Vec<String>),
}

/// A check on Helm's output: in the values of the chart at `chart` (`""` for the top chart,
/// `mid.leaf` for a subchart by alias path), the JSON pointer `pointer` holds `json`, or
/// nothing when `json` is `None`.
#[derive(Clone, Debug)]
pub struct Shows {
    pub chart: String,
    pub pointer: String,
    pub json: Option<String>,
}

/// One differential test case.
#[derive(Clone, Debug)]
pub struct Case {
    pub section: Section,
    /// What the case shows, unique across the suite.
    pub name: String,
    pub chart: ChartSource,
    /// Files written into the copy of the chart over the fixture's (path relative to the
    /// chart folder), e.g. a `values.yaml` for one case.
    pub chart_files: Vec<(String, Vec<u8>)>,
    /// Files written into the working folder: values files, `--set-file` inputs.
    pub files: Vec<(String, Vec<u8>)>,
    /// Arguments after the chart folder, identical for `helm template` and `strata merge`.
    pub args: Vec<String>,
    /// What both tools get on standard input (`-f -`, `--set-file key=-`); nothing if `None`.
    pub stdin: Option<Vec<u8>>,
    pub expect: Expect,
    /// What Helm's values must hold (checked against Helm, then compared with strata).
    pub shows: Vec<Shows>,
    /// Fragments each of which some Helm warning must contain.
    pub warns: Vec<String>,
    /// Subchart paths Helm does not render (disabled, or no subchart at all) and
    /// `strata merge --subchart` must refuse with exit 2.
    pub disabled: Vec<String>,
    /// A deliberate deviation: Helm accepts the input, strata refuses it (exit 2) with a
    /// message containing this fragment, because `shared/spec/reliability.md` asks for an
    /// error (custom tags, which Helm strips silently).
    pub strata_refuses: Option<String>,
    /// Strata words this error itself: only failing is compared, not Helm's wording. True
    /// for errors in reading YAML, which strata reports with its own message and the file,
    /// line and column rather than go-yaml's text; elsewhere (the `--set` family,
    /// coalescing, subcharts) Helm's words are the specification.
    pub own_wording: bool,
    /// Both tools check the values against the charts' schemas. Off elsewhere: both get
    /// `--skip-schema-validation`, so a schema never decides a values comparison.
    pub validates: bool,
    /// What Helm 4 does where it differs from Helm 3 with the same inputs (the statements
    /// above are Helm 3's); `None` when Helm 4 does the same.
    pub helm4: Option<Box<Case>>,
}

impl Case {
    /// Starts a case on the `bare` fixture (a Chart.yaml and nothing else).
    pub fn new(section: Section, name: &str) -> Case {
        Case {
            section,
            name: name.to_string(),
            chart: ChartSource::Fixture("bare"),
            chart_files: Vec::new(),
            files: Vec::new(),
            args: Vec::new(),
            stdin: None,
            expect: Expect::Values,
            shows: Vec::new(),
            warns: Vec::new(),
            disabled: Vec::new(),
            strata_refuses: None,
            own_wording: section == Section::Yaml,
            validates: section == Section::Schema,
            helm4: None,
        }
    }

    /// Returns the case as it is stated for `helm`: Helm 4's own statements where it has
    /// them.
    pub fn for_helm(&self, helm: Helm) -> &Case {
        match (helm, &self.helm4) {
            (Helm::V4, Some(case)) => case,
            _ => self,
        }
    }

    /// States what Helm 4 does differently with the same inputs: `change` edits a copy of
    /// the case (start it with [`Case::succeeds`] to drop Helm 3's statements). Call it last.
    pub fn on_helm4(mut self, change: impl FnOnce(Case) -> Case) -> Case {
        let mut copy = self.clone();
        copy.helm4 = None;
        self.helm4 = Some(Box::new(change(copy)));
        self
    }

    /// Drops what the case says Helm does: Helm succeeds, and nothing is stated yet.
    pub fn succeeds(mut self) -> Case {
        self.expect = Expect::Values;
        self.shows.clear();
        self.warns.clear();
        self
    }

    /// Returns the arguments both tools get after the case's own: `--skip-schema-validation`
    /// unless the case validates.
    pub fn schema_args(&self) -> &'static [&'static str] {
        if self.validates {
            &[]
        } else {
            &["--skip-schema-validation"]
        }
    }

    /// Marks a deliberate deviation: Helm accepts the input, strata must refuse it with a
    /// message containing `fragment`.
    pub fn strata_refuses(mut self, fragment: &str) -> Case {
        self.strata_refuses = Some(fragment.to_string());
        self
    }

    /// Marks an error in reading YAML outside §2: strata words it itself.
    pub fn in_strata_words(mut self) -> Case {
        self.own_wording = true;
        self
    }

    /// Uses the fixture `tests/differential/charts/<name>/`.
    pub fn chart(mut self, name: &'static str) -> Case {
        self.chart = ChartSource::Fixture(name);
        self
    }

    /// Uses any chart folder.
    pub fn chart_dir(mut self, dir: PathBuf) -> Case {
        self.chart = ChartSource::Dir(dir);
        self
    }

    /// Writes the chart's `values.yaml` (its defaults) for this case.
    pub fn defaults(self, yaml: &str) -> Case {
        self.chart_file("values.yaml", yaml)
    }

    /// Writes a file into the copy of the chart.
    pub fn chart_file(mut self, path: &str, contents: &str) -> Case {
        self.chart_files
            .push((path.to_string(), contents.as_bytes().to_vec()));
        self
    }

    /// Writes a file into the working folder without naming it on the command line.
    pub fn file(mut self, path: &str, contents: impl AsRef<[u8]>) -> Case {
        self.files
            .push((path.to_string(), contents.as_ref().to_vec()));
        self
    }

    /// Writes the next numbered values file (`1.yaml`, `2.yaml`, ...) and passes it with `-f`.
    pub fn values(self, yaml: impl AsRef<[u8]>) -> Case {
        let n = self.files.iter().filter(|(p, _)| is_numbered(p)).count() + 1;
        let path = format!("{n}.yaml");
        self.file(&path, yaml).args(&["-f", &path])
    }

    /// Appends arguments.
    pub fn args(mut self, args: &[&str]) -> Case {
        self.args.extend(args.iter().map(|a| a.to_string()));
        self
    }

    /// Gives both tools `input` on standard input.
    pub fn stdin(mut self, input: &str) -> Case {
        self.stdin = Some(input.as_bytes().to_vec());
        self
    }

    /// Appends `--set <pairs>`.
    pub fn set(self, pairs: &str) -> Case {
        self.args(&["--set", pairs])
    }

    /// Helm fails with a message containing `fragment` (and any other given so).
    pub fn fails(mut self, fragment: &str) -> Case {
        match &mut self.expect {
            Expect::Error(fragments) => fragments.push(fragment.to_string()),
            Expect::Values => self.expect = Expect::Error(vec![fragment.to_string()]),
        }
        self
    }

    /// In the top chart's values, `pointer` holds `json`.
    pub fn shows(self, pointer: &str, json: &str) -> Case {
        self.shows_in("", pointer, json)
    }

    /// In the top chart's values, `pointer` holds nothing.
    pub fn lacks(self, pointer: &str) -> Case {
        self.lacks_in("", pointer)
    }

    /// In the values the subchart at `chart` (alias path) sees, `pointer` holds `json`.
    pub fn shows_in(mut self, chart: &str, pointer: &str, json: &str) -> Case {
        self.shows.push(Shows {
            chart: chart.to_string(),
            pointer: pointer.to_string(),
            json: Some(json.to_string()),
        });
        self
    }

    /// In the values the subchart at `chart` sees, `pointer` holds nothing.
    pub fn lacks_in(mut self, chart: &str, pointer: &str) -> Case {
        self.shows.push(Shows {
            chart: chart.to_string(),
            pointer: pointer.to_string(),
            json: None,
        });
        self
    }

    /// Helm prints a warning containing `fragment`.
    pub fn warns(mut self, fragment: &str) -> Case {
        self.warns.push(fragment.to_string());
        self
    }

    /// No enabled subchart has this alias path.
    pub fn disabled(mut self, chart: &str) -> Case {
        self.disabled.push(chart.to_string());
        self
    }
}

fn is_numbered(path: &str) -> bool {
    path.strip_suffix(".yaml")
        .is_some_and(|stem| !stem.is_empty() && stem.bytes().all(|b| b.is_ascii_digit()))
}

/// Quotes an argument for display when it holds anything a shell would treat specially.
pub fn shell_quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./=:,@%+".contains(&b));
    if plain {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}
