//! Workloads: the resources that make pods, and the pod template of each.

use crate::values::{Node, Value};

use super::at;
use super::label_selector::{labels_of, Labels};
use super::stage_index::{Placed, StageIndex};

/// The kinds that make pods, with where their pod template is.
const WORKLOADS: &[(&str, &str, &[&str])] = &[
    ("apps", "Deployment", &["spec", "template"]),
    ("apps", "StatefulSet", &["spec", "template"]),
    ("apps", "DaemonSet", &["spec", "template"]),
    ("apps", "ReplicaSet", &["spec", "template"]),
    ("", "ReplicationController", &["spec", "template"]),
    ("batch", "Job", &["spec", "template"]),
    (
        "batch",
        "CronJob",
        &["spec", "jobTemplate", "spec", "template"],
    ),
    ("", "Pod", &[]),
];

/// A resource that makes pods.
pub(crate) struct Workload<'i, 'a> {
    pub placed: &'i Placed<'a>,
    /// The labels its pods get.
    pub pod_labels: Labels,
    /// The pod spec.
    pub pod_spec: Option<&'a Node>,
}

impl Workload<'_, '_> {
    /// Returns the containers of the pod spec (init containers left out: they serve no
    /// traffic and are not scraped).
    pub fn containers(&self) -> Vec<&Node> {
        match self
            .pod_spec
            .and_then(|s| at(s, &["containers"]))
            .map(|n| &n.value)
        {
            Some(Value::List(items)) => items.iter().collect(),
            _ => Vec::new(),
        }
    }
}

/// Returns every workload of the stage.
pub(crate) fn workloads<'i, 'a>(index: &'i StageIndex<'a>) -> Vec<Workload<'i, 'a>> {
    let mut out = Vec::new();
    for placed in &index.resources {
        let Some((_, _, template)) = WORKLOADS
            .iter()
            .find(|(group, kind, _)| placed.is(group, kind))
        else {
            continue;
        };
        let template = if template.is_empty() {
            Some(&placed.resource.node)
        } else {
            at(&placed.resource.node, template)
        };
        out.push(Workload {
            placed,
            pod_labels: labels_of(template.and_then(|t| at(t, &["metadata", "labels"]))),
            pod_spec: template.and_then(|t| at(t, &["spec"])),
        });
    }
    out
}
