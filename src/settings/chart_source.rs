//! [`ChartSource`]: a chart in a repository at one version, `{repository, name, version}`,
//! as `strata.yaml` declares it (`charts:` section, or a release's `chart:` map).

use crate::values::{Node, Origin, Value};

use super::error::SettingsError;

/// The keys a source map may hold.
const KEYS: &[&str] = &["repository", "name", "version"];

/// Where a chart repository is, by the protocol `helm pull` speaks to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Repository {
    /// A classic chart repository (`index.yaml` and archives), `https://` or `http://`.
    Http(String),
    /// An OCI registry (`oci://registry/path`).
    Oci(String),
}

impl Repository {
    /// Returns the URL as written in `strata.yaml` (no trailing `/`).
    pub fn url(&self) -> &str {
        match self {
            Repository::Http(url) | Repository::Oci(url) => url,
        }
    }
}

/// A chart in a repository at one exact version.
#[derive(Clone, Debug)]
pub struct ChartSource {
    /// Where the repository is.
    pub repository: Repository,
    /// The chart's name in the repository (`kong`).
    pub name: String,
    /// The exact version pinned (`2.48.0`); never a range, so the lock records what
    /// `strata.yaml` says.
    pub version: String,
    /// Where the source map was written.
    pub origin: Origin,
}

impl PartialEq for ChartSource {
    /// Two sources are the same chart when repository, name and version agree, wherever
    /// they were written.
    fn eq(&self, other: &Self) -> bool {
        self.repository == other.repository
            && self.name == other.name
            && self.version == other.version
    }
}

impl Eq for ChartSource {}

impl std::fmt::Display for ChartSource {
    /// Writes `kong 2.48.0 from https://charts.konghq.com`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} from {}",
            self.name,
            self.version,
            self.repository.url()
        )
    }
}

fn declaration(message: impl Into<String>, origin: &Origin) -> SettingsError {
    SettingsError::new(message, origin)
}

/// Returns true for a chart name or version that is safe as a file name and as one
/// argument of `helm pull`: starts with a letter or digit, then letters, digits, `.`, `_`,
/// `-` (and `+` when `plus` is allowed, for a semantic version's build metadata).
fn is_plain(text: &str, plus: bool) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphanumeric())
        && text.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') || (plus && c == '+')
        })
}

impl ChartSource {
    /// Reads a source map, `{repository: https://... | oci://..., name, version}`; `what`
    /// names it in errors (`charts.kong`). Every error is placed at the key or value it
    /// is about.
    pub fn from_node(node: &Node, what: &str) -> Result<ChartSource, SettingsError> {
        let Some(map) = node.as_map() else {
            return Err(declaration(
                format!("{what} must be a mapping: {{repository: https://..., name: CHART, version: X.Y.Z}}"),
                &node.origin,
            ));
        };
        for (key, value) in map {
            if !KEYS.contains(&key.as_str()) {
                return Err(declaration(
                    format!(
                        "unknown key {key:?} in {what}; known keys: {}",
                        KEYS.join(", ")
                    ),
                    &value.key_or_value_origin(),
                ));
            }
        }
        let text = |key: &str| -> Result<&Node, SettingsError> {
            map.get(key).ok_or_else(|| {
                declaration(
                    format!("{what} must name its {key} (repository, name and version)"),
                    &node.origin,
                )
            })
        };
        let repository_node = text("repository")?;
        let Value::String(url) = &repository_node.value else {
            return Err(declaration(
                format!("{what}.repository must be a URL (https://... or oci://...)"),
                &repository_node.origin,
            ));
        };
        let repository = parse_repository(url.trim_end_matches('/')).map_err(|message| {
            declaration(
                format!("{what}.repository {message}"),
                &repository_node.origin,
            )
        })?;
        let name_node = text("name")?;
        let name = match &name_node.value {
            Value::String(name) if is_plain(name, false) => name.to_string(),
            _ => {
                return Err(declaration(
                    format!("{what}.name must be a chart name: letters, digits, '.', '_' or '-'"),
                    &name_node.origin,
                ))
            }
        };
        let version_node = text("version")?;
        let version = match &version_node.value {
            Value::String(version) if is_plain(version, true) => version.to_string(),
            Value::String(_) => {
                return Err(declaration(
                    format!("{what}.version must be one exact version (2.48.0), not a range: the lock records what strata.yaml pins"),
                    &version_node.origin,
                ))
            }
            _ => {
                return Err(declaration(
                    format!("{what}.version must be a version written as a string; quote it (\"1.10\" is not the number 1.1)"),
                    &version_node.origin,
                ))
            }
        };
        Ok(ChartSource {
            repository,
            name,
            version,
            origin: node.origin.clone(),
        })
    }

    /// Returns the arguments of `helm pull` that fetch this chart into `destination`:
    /// `kong --repo=https://... --version=2.48.0` for a chart repository,
    /// `oci://registry/path/kong --version=2.48.0` for an OCI registry.
    pub fn pull_args(&self, destination: &std::path::Path) -> Vec<std::ffi::OsString> {
        let mut args: Vec<std::ffi::OsString> = vec!["pull".into()];
        match &self.repository {
            Repository::Http(url) => {
                args.push(self.name.clone().into());
                args.push(format!("--repo={url}").into());
            }
            Repository::Oci(url) => args.push(format!("{url}/{}", self.name).into()),
        }
        args.push(format!("--version={}", self.version).into());
        let mut destination_arg = std::ffi::OsString::from("--destination=");
        destination_arg.push(destination);
        args.push(destination_arg);
        args
    }
}

/// Reads a repository URL: `https://`, `http://` or `oci://`, with a host, and no
/// credentials (they belong to Helm's configuration, never to a file a team reviews).
fn parse_repository(url: &str) -> Result<Repository, String> {
    let (scheme, rest) = url
        .split_once("://")
        .ok_or("must be a URL starting with https://, http:// or oci://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.contains('@') {
        return Err("holds credentials; strata.yaml must not: give them to Helm (`helm registry login`, `helm repo add --username`), which `strata vendor` runs".into());
    }
    if host.is_empty() || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must be a URL with a host, without spaces".into());
    }
    match scheme {
        "https" | "http" => Ok(Repository::Http(url.to_string())),
        "oci" => Ok(Repository::Oci(url.to_string())),
        _ => Err(format!(
            "has the scheme {scheme:?}; helm pulls from https://, http:// or oci://"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn source(yaml: &str) -> Result<ChartSource, String> {
        let parsed = crate::yaml::parse_values(
            yaml.as_bytes(),
            Arc::from("strata.yaml"),
            &crate::yaml::Limits::default(),
        )
        .unwrap();
        ChartSource::from_node(parsed.root.as_ref().unwrap(), "charts.kong").map_err(|e| {
            let origin = e.origin();
            format!("{}:{}: {e}", origin.line, origin.col)
        })
    }

    #[test]
    fn reads_a_repository_source_and_an_oci_one() {
        let https = source("{repository: https://charts.konghq.com/, name: kong, version: 2.48.0}")
            .unwrap();
        assert_eq!(
            https.repository,
            Repository::Http("https://charts.konghq.com".into())
        );
        assert_eq!(
            https.to_string(),
            "kong 2.48.0 from https://charts.konghq.com"
        );
        assert_eq!(
            https.pull_args(std::path::Path::new("/tmp/x")),
            [
                "pull",
                "kong",
                "--repo=https://charts.konghq.com",
                "--version=2.48.0",
                "--destination=/tmp/x"
            ]
        );
        let oci = source(
            "repository: oci://ghcr.io/stefanprodan/charts\nname: podinfo\nversion: 6.7.1\n",
        )
        .unwrap();
        assert_eq!(
            oci.repository,
            Repository::Oci("oci://ghcr.io/stefanprodan/charts".into())
        );
        assert_eq!(
            oci.pull_args(std::path::Path::new("d")),
            [
                "pull",
                "oci://ghcr.io/stefanprodan/charts/podinfo",
                "--version=6.7.1",
                "--destination=d"
            ]
        );
        assert_eq!(
            https,
            source("{name: kong, version: 2.48.0, repository: https://charts.konghq.com}").unwrap()
        );
    }

    #[test]
    fn refuses_what_cannot_be_pulled_exactly_at_its_place() {
        let rows: &[(&str, &str)] = &[
            ("[kong]", "1:1: charts.kong must be a mapping: {repository: https://..., name: CHART, version: X.Y.Z}"),
            ("{name: kong, version: 1.0.0}", "1:1: charts.kong must name its repository (repository, name and version)"),
            ("{repository: https://x, name: kong, version: 1.0.0, verison: 2}", "1:53: unknown key \"verison\" in charts.kong; known keys: repository, name, version"),
            ("{repository: ftp://x, name: kong, version: 1.0.0}", "1:14: charts.kong.repository has the scheme \"ftp\"; helm pulls from https://, http:// or oci://"),
            ("{repository: charts.example.com, name: kong, version: 1.0.0}", "1:14: charts.kong.repository must be a URL starting with https://, http:// or oci://"),
            ("{repository: \"https://me:tok@x\", name: kong, version: 1.0.0}", "1:14: charts.kong.repository holds credentials; strata.yaml must not: give them to Helm (`helm registry login`, `helm repo add --username`), which `strata vendor` runs"),
            ("{repository: https://x, name: -kong, version: 1.0.0}", "1:31: charts.kong.name must be a chart name: letters, digits, '.', '_' or '-'"),
            ("{repository: https://x, name: kong, version: ^1.0.0}", "1:46: charts.kong.version must be one exact version (2.48.0), not a range: the lock records what strata.yaml pins"),
            ("{repository: https://x, name: kong, version: 1.10}", "1:46: charts.kong.version must be a version written as a string; quote it (\"1.10\" is not the number 1.1)"),
        ];
        for (yaml, expected) in rows {
            // Under a key, as in strata.yaml: columns count from the value.
            let parsed = crate::yaml::parse_values(
                format!("kong: {yaml}").as_bytes(),
                Arc::from("strata.yaml"),
                &crate::yaml::Limits::default(),
            )
            .unwrap();
            let node = &parsed.root.as_ref().unwrap().as_map().unwrap()["kong"];
            let err = ChartSource::from_node(node, "charts.kong").unwrap_err();
            let origin = err.origin();
            let actual = format!("{}:{}: {err}", origin.line, origin.col - 6);
            assert_eq!(actual, *expected, "{yaml}");
        }
    }
}
