//! Lint: what `strata validate` finds in a release besides schema violations, each a
//! [`Finding`] with a rule name, a severity and a file:line:col.
//!
//! * `unknown-key` (`unknown_key.rs`): a key an overlay sets that the chart does not know,
//!   with the closest known sibling as a suggestion (`suggest.rs`); free-form maps and the
//!   paths of `lint.allowUnknown` are not checked. The chart's keys are its defaults as
//!   Helm nests them, plus what a stage may switch on (`chart_keys.rs`).
//! * `yaml-hazard` and `duplicate-key` (`file_rules.rs`): scalars Helm reads differently
//!   from how they look, keys colliding after Helm's reading, keys written twice; the YAML
//!   reader notes them while reading (`yaml::Hazard`), this turns them into findings.
//! * `redundant-override` (`redundant.rs`): an overlay value equal to what it overrides.
//! * `policy/<name>`: the stage policies of `strata.yaml` (the `policy` module).
//!
//! [`Validator`] runs them over releases (`validator.rs`); [`LintSettings`] holds the
//! `lint` section of `strata.yaml`: each rule's severity and the allow-lists
//! (`settings.rs`). Messages never hold a secret value (`redaction.rs`).
//!
//! Not here: schema validation (`schema`), printing (`cli`).

mod chart_keys;
mod file_rules;
mod finding;
mod helm4_change;
mod redaction;
mod redundant;
mod schema_keys;
mod settings;
mod stray_files;
mod suggest;
mod unknown_key;
mod validator;

pub use chart_keys::chart_keys;
pub use file_rules::{file_findings, hazard_message, FileFinding};
pub use finding::{Finding, Rule, Severity};
pub use redaction::{is_secret_path, looks_secret, shown_value};
pub use redundant::{redundant_overrides, same_value, Redundant};
pub use schema_keys::SchemaKeyIndex;
pub use settings::{LintSettings, SettingsError};
pub use stray_files::{stray_files, StrayFile};
pub use suggest::suggest;
pub use unknown_key::{is_free_form_name, unknown_keys, NoSchema, SchemaKeys, UnknownKey};
pub use validator::Validator;

pub(crate) use settings::{check_keys, string_list};
