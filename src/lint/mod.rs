//! Lint: what `strata validate` finds in a release besides schema violations, each a
//! [`Finding`] with a rule name, a severity and a file:line:col.
//!
//! * `unknown-key` (`unknown_key.rs`): a key an overlay sets that the chart does not know,
//!   with the closest known sibling as a suggestion (`suggest.rs`); free-form maps and the
//!   paths of `lint.allowUnknown` are not checked. The chart's keys are its defaults as
//!   Helm nests them, plus what a stage may switch on (`chart_keys.rs`), plus what its
//!   files name (`chart_reads.rs`): keys documented as commented-out YAML in its
//!   `values.yaml` (`commented_keys.rs`) and value paths its templates read
//!   (`template_reads.rs`); a key a helper may read as a field of what it is handed is a
//!   warning.
//! * `yaml-hazard` and `duplicate-key` (`file_rules.rs`): scalars Helm reads differently
//!   from how they look, keys colliding after Helm's reading, keys written twice; the YAML
//!   reader notes them while reading (`yaml::Hazard`), this turns them into findings.
//! * `redundant-override` (`redundant.rs`): an overlay value equal to what it overrides.
//! * `type-change` (`type_change.rs`): an overlay value of a type the chart's default does
//!   not allow (a scalar over a map, a word over a number).
//! * `policy/<name>`: the stage policies of `strata.yaml` (read into
//!   [`PolicyRule`](crate::settings::PolicyRule)s by `settings`), each applied to a release's
//!   values (`policy_check.rs`) where Helm renders them (`release_scope.rs`), and
//!   `unmatched-policy`: a policy whose path matches nothing in any release it applies to.
//!
//! * `manifest/<check>` (`manifest_checks/`): checks of a stage's rendered manifests
//!   (`validate --manifests`): Services, Ingresses, monitors, HPAs, resource requests.
//!
//! [`Validator`] runs them over releases (`validator.rs`) and keeps at most 100 findings of
//! a rule in a file, then says how many more there were (`finding_cap.rs`). Messages never
//! hold a secret value (`crate::secrets::shown_value`).
//!
//! Not here: schema validation (`schema`), printing (`cli`), the `lint` and `policies`
//! sections of `strata.yaml` and the names of the rules (`settings`: [`LintSettings`](crate::settings::LintSettings),
//! [`Rule`], [`Severity`]).

mod chart_keys;
mod chart_reads;
mod commented_keys;
mod file_rules;
mod finding;
mod finding_cap;
mod helm4_change;
mod manifest_checks;
mod policy_check;
mod redundant;
mod release_check;
mod release_scope;
mod schema_keys;
mod stage_vars;
mod stray_files;
mod suggest;
mod template_reads;
mod type_change;
mod unknown_key;
mod validator;

pub use chart_keys::chart_keys;
pub use chart_reads::{ChartReads, HelperField};
pub use file_rules::{file_findings, hazard_message, FileFinding};
pub use finding::{Finding, Rule, Severity};
pub use finding_cap::{cap_findings, MAX_FINDINGS_PER_RULE_AND_FILE};
pub use manifest_checks::{check_manifests, ReleaseManifests};
pub use policy_check::Violation as PolicyViolation;
pub use redundant::{redundant_overrides, Redundant};
pub use release_check::{ReleaseCheck, Reports};
pub use release_scope::{ReleaseScope, SectionChart};
pub use schema_keys::SchemaKeyIndex;
pub use stage_vars::var_findings;
pub use stray_files::{near_miss_stages, stray_files, NearMissStage, StrayFile};
pub use suggest::suggest;
pub use type_change::{type_changes, TypeChange};
pub use unknown_key::{
    is_free_form_name, unknown_keys, KnownKeys, NoSchema, SchemaKeys, UnknownKey,
};
pub use validator::{Checker, Validator};
