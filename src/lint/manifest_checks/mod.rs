//! Checks of a stage's rendered manifests (`validate --manifests`): what teams learned the
//! hard way, each a [`Finding`] naming the resources, the manifest line and, where it can
//! be traced, the value that produced it.
//!
//! * `service_checks`: a Service whose selector matches the pods of two workloads, or of
//!   none (`manifest/service-selector`, errors);
//! * `ingress_checks`: an Ingress whose backend Service or port does not exist
//!   (`manifest/ingress-backend`) or whose class the stage does not declare
//!   (`manifest/ingress-class`), errors;
//! * `monitor_checks`: a ServiceMonitor or PodMonitor selecting nothing or naming no
//!   existing port (`manifest/monitor-target`, a warning: Prometheus scrapes nothing,
//!   silently);
//! * `autoscaling_checks`: an HPA whose target does not exist (`manifest/hpa-target`) and a
//!   workload without resource requests where the stage's `resources-requests` policy asks
//!   for them (`manifest/resource-requests`), warnings.
//!
//! `stage_index` places every resource of the stage in its namespace; `workloads` finds
//! pod templates; `label_selector` matches labels; `value_trace` finds the value a
//! rendered text came from.

mod autoscaling_checks;
mod ingress_checks;
mod label_selector;
mod monitor_checks;
mod service_checks;
mod stage_index;
mod value_trace;
mod workloads;

use crate::render::Resource;
use crate::values::{KeyPath, Node, Origin};

use super::finding::{Finding, Rule, Severity};

pub use stage_index::StageIndex;

/// One release's rendered manifests, with what the checks need to know about it.
#[derive(Clone, Debug)]
pub struct ReleaseManifests {
    /// The stage.
    pub stage: String,
    /// The release name.
    pub release: String,
    /// The namespace it is installed in (resources without their own go there).
    pub namespace: String,
    /// Its resources, located in the rendered file.
    pub resources: Vec<Resource>,
    /// Its effective values, to trace a rendered text back to the value that produced it.
    pub values: Node,
    /// True when a policy (`resources-requests`) asks for resource requests here.
    pub requests_required: bool,
    /// True when findings about it are reported (a release of the selection; the others
    /// of the stage are rendered for context: a Service of one release may select the pods
    /// of another).
    pub reported: bool,
}

/// Runs every check over one stage's releases; `ingress_classes` are the classes the stage
/// declares (`kubernetes.ingressClasses`; empty: any). Findings come in release order,
/// then by line.
pub fn check_manifests(releases: &[ReleaseManifests], ingress_classes: &[String]) -> Vec<Finding> {
    let index = StageIndex::new(releases);
    let mut findings: Vec<(usize, Finding)> = Vec::new();
    let mut add = |at: &stage_index::Placed, check: Check| {
        if at.release.reported {
            findings.push((at.release_index, check.finding(at)));
        }
    };
    service_checks::check(&index, &mut add);
    ingress_checks::check(&index, ingress_classes, &mut add);
    monitor_checks::check(&index, &mut add);
    autoscaling_checks::check(&index, &mut add);
    findings.sort_by(|a, b| {
        (a.0, a.1.origin.line, a.1.origin.col).cmp(&(b.0, b.1.origin.line, b.1.origin.col))
    });
    findings.into_iter().map(|(_, f)| f).collect()
}

/// What one check found about one resource.
pub(crate) struct Check {
    /// The rule's name after `manifest/`.
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Where in the rendered file.
    pub origin: Origin,
    /// The field concerned, below the resource.
    pub field: &'static [&'static str],
}

impl Check {
    fn finding(self, at: &stage_index::Placed) -> Finding {
        let mut keys = vec![at.resource.id.to_string()];
        keys.extend(self.field.iter().map(|k| k.to_string()));
        Finding {
            stage: at.release.stage.clone(),
            chart: at.release.release.clone(),
            rule: Rule::Manifest(self.rule),
            severity: self.severity,
            message: self.message,
            origin: self.origin,
            path: KeyPath::from_keys(keys),
            secret: false,
        }
    }
}

/// Returns the node at `keys` of a resource.
pub(crate) fn at<'a>(node: &'a Node, keys: &[&str]) -> Option<&'a Node> {
    keys.iter().try_fold(node, |n, k| n.as_map()?.get(*k))
}

/// Returns where a field was written: its key when known, else its value.
pub(crate) fn place(resource: &Resource, keys: &[&str]) -> Origin {
    match at(&resource.node, keys) {
        Some(node) => node.key_or_value_origin().clone(),
        None => resource.node.origin.clone(),
    }
}
