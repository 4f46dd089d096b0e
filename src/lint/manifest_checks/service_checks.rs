//! `manifest/service-selector`: a Service must select the pods of exactly one workload.
//! Two (WordPress and MySQL behind one Service) load-balance requests to the database;
//! none leaves the Service without endpoints.

use crate::lint::finding::Severity;

use super::label_selector::Selector;
use super::stage_index::{Placed, StageIndex};
use super::value_trace::traced;
use super::workloads::workloads;
use super::{at, place, Check};

const RULE: &str = "service-selector";

pub(crate) fn check(index: &StageIndex, add: &mut dyn FnMut(&Placed, Check)) {
    let workloads = workloads(index);
    for service in index.of_kind("", "Service") {
        let node = &service.resource.node;
        let external = matches!(
            at(node, &["spec", "type"]).map(|n| &n.value),
            Some(crate::values::Value::String(t)) if t == "ExternalName"
        );
        let selector = Selector::plain(at(node, &["spec", "selector"]));
        if external || selector.is_empty() {
            continue;
        }
        let selected: Vec<_> = workloads
            .iter()
            .filter(|w| w.placed.namespace == service.namespace && selector.matches(&w.pod_labels))
            .collect();
        let trace = selector
            .values()
            .map(|v| traced(&service.release.values, v))
            .find(|t| !t.is_empty())
            .unwrap_or_default();
        let message = match selected.as_slice() {
            [] => format!(
                "{} selects no workload: no pod template in namespace {} has the labels {}{trace}",
                service.resource.id,
                service.namespace,
                selector.describe()
            ),
            [_] => continue,
            several => {
                let names: Vec<String> = several.iter().map(|w| w.placed.named()).collect();
                let (last, first) = names.split_last().expect("several workloads");
                format!(
                    "{} selects the pods of {} workloads, {} and {last}: requests to it are load-balanced across all of them; its selector {} needs a label that only one of them has{trace}",
                    service.resource.id,
                    several.len(),
                    first.join(", "),
                    selector.describe()
                )
            }
        };
        add(
            service,
            Check {
                rule: RULE,
                severity: Severity::Error,
                message,
                origin: place(service.resource, &["spec", "selector"]),
                field: &["spec", "selector"],
            },
        );
    }
}
