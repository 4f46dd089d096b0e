//! `manifest/hpa-target`: an HPA must scale something that exists; and
//! `manifest/resource-requests`: where the stage's `resources-requests` policy asks for
//! them, every container has resource requests (an HPA on CPU needs them, and the scheduler
//! packs pods without them blindly).

use crate::lint::finding::Severity;
use crate::values::Value;

use super::stage_index::{Placed, StageIndex};
use super::workloads::workloads;
use super::{at, place, Check};

pub(crate) fn check(index: &StageIndex, add: &mut dyn FnMut(&Placed, Check)) {
    for hpa in index.of_kind("autoscaling", "HorizontalPodAutoscaler") {
        let node = &hpa.resource.node;
        let text = |k: &str| match at(node, &["spec", "scaleTargetRef", k]).map(|n| &n.value) {
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        };
        let (Some(kind), Some(name)) = (text("kind"), text("name")) else {
            continue;
        };
        if index.find(&kind, &name, hpa.namespace).is_none() {
            add(
                hpa,
                Check {
                    rule: "hpa-target",
                    severity: Severity::Warning,
                    message: format!(
                        "{} scales {kind}/{name}, which no release renders in namespace {}",
                        hpa.resource.id, hpa.namespace
                    ),
                    origin: place(hpa.resource, &["spec", "scaleTargetRef", "name"]),
                    field: &["spec", "scaleTargetRef"],
                },
            );
        }
    }
    for workload in workloads(index) {
        if !workload.placed.release.requests_required {
            continue;
        }
        for container in workload.containers() {
            let has_requests = at(container, &["resources", "requests"])
                .and_then(|r| r.as_map())
                .is_some_and(|m| !m.is_empty());
            if has_requests {
                continue;
            }
            let name = match at(container, &["name"]).map(|n| &n.value) {
                Some(Value::String(s)) => s.clone(),
                _ => "?".into(),
            };
            let origin = at(container, &["name"])
                .map(|n| n.origin.clone())
                .unwrap_or_else(|| container.origin.clone());
            add(
                workload.placed,
                Check {
                    rule: "resource-requests",
                    severity: Severity::Warning,
                    message: format!(
                        "{}: container {name:?} has no resource requests, which the resources-requests policy asks for in stage {}",
                        workload.placed.resource.id, workload.placed.release.stage
                    ),
                    origin,
                    field: &["spec"],
                },
            );
        }
    }
}
