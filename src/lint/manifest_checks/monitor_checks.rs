//! `manifest/monitor-target`: a ServiceMonitor or PodMonitor that selects nothing, or
//! names a port none of its targets has: Prometheus scrapes nothing, and says nothing.

use crate::lint::finding::Severity;
use crate::values::{Node, Value};

use super::ingress_checks::service_ports;
use super::label_selector::{labels_of, Selector};
use super::stage_index::{Placed, StageIndex};
use super::workloads::workloads;
use super::{at, place, Check};

const RULE: &str = "monitor-target";

/// A finding of this rule: a monitor that makes Prometheus scrape nothing is a warning.
fn warning(
    message: String,
    origin: crate::values::Origin,
    field: &'static [&'static str],
) -> Check {
    Check {
        rule: RULE,
        severity: Severity::Warning,
        message,
        origin,
        field,
    }
}
const GROUP: &str = "monitoring.coreos.com";

/// Returns the namespaces a monitor looks in: `None` for any.
fn namespaces(monitor: &Placed) -> Option<Vec<String>> {
    let node = &monitor.resource.node;
    if matches!(
        at(node, &["spec", "namespaceSelector", "any"]).map(|n| &n.value),
        Some(Value::Bool(true))
    ) {
        return None;
    }
    match at(node, &["spec", "namespaceSelector", "matchNames"]).map(|n| &n.value) {
        Some(Value::List(names)) => Some(
            names
                .iter()
                .filter_map(|n| match &n.value {
                    Value::String(s) => Some(s.to_string()),
                    _ => None,
                })
                .collect(),
        ),
        _ => Some(vec![monitor.namespace.to_string()]),
    }
}

fn in_namespaces(namespaces: &Option<Vec<String>>, namespace: &str) -> bool {
    namespaces
        .as_ref()
        .is_none_or(|names| names.iter().any(|n| n == namespace))
}

/// Returns the `port` names of a monitor's endpoints, with their nodes.
fn endpoint_ports<'a>(monitor: &'a Node, list: &str) -> Vec<(&'a Node, String)> {
    match at(monitor, &["spec", list]).map(|n| &n.value) {
        Some(Value::List(items)) => items
            .iter()
            .filter_map(|e| {
                let node = at(e, &["port"])?;
                match &node.value {
                    Value::String(s) => Some((node, s.to_string())),
                    _ => None,
                }
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn scope(namespaces: &Option<Vec<String>>) -> String {
    match namespaces {
        None => "any namespace".into(),
        Some(names) if names.len() == 1 => format!("namespace {}", names[0]),
        Some(names) => format!("namespaces {}", names.join(", ")),
    }
}

pub(crate) fn check(index: &StageIndex, add: &mut dyn FnMut(&Placed, Check)) {
    for monitor in index.of_kind(GROUP, "ServiceMonitor") {
        let node = &monitor.resource.node;
        let selector = Selector::label_selector(at(node, &["spec", "selector"]));
        let namespaces = namespaces(monitor);
        let services: Vec<&Placed> = index
            .of_kind("", "Service")
            .filter(|s| in_namespaces(&namespaces, s.namespace))
            .filter(|s| selector.matches(&labels_of(at(&s.resource.node, &["metadata", "labels"]))))
            .collect();
        if services.is_empty() {
            add(
                monitor,
                warning(
                    format!(
                        "{} selects no Service (labels {} in {}): Prometheus scrapes nothing",
                        monitor.resource.id,
                        selector.describe(),
                        scope(&namespaces)
                    ),
                    place(monitor.resource, &["spec", "selector"]),
                    &["spec", "selector"],
                ),
            );
            continue;
        }
        for (port_node, port) in endpoint_ports(node, "endpoints") {
            let named = services.iter().any(|s| {
                service_ports(&s.resource.node)
                    .iter()
                    .any(|(name, _)| name.as_deref() == Some(port.as_str()))
            });
            if !named {
                let names: Vec<String> = services.iter().map(|s| s.named()).collect();
                add(
                    monitor,
                    warning(
                        format!(
                            "{} scrapes port {port:?}, which the Service it selects does not name ({}): Prometheus scrapes nothing",
                            monitor.resource.id,
                            names.join(", ")
                        ),
                        port_node.origin.clone(),
                        &["spec", "endpoints"],
                    ),
                );
            }
        }
    }
    let workloads = workloads(index);
    for monitor in index.of_kind(GROUP, "PodMonitor") {
        let node = &monitor.resource.node;
        let selector = Selector::label_selector(at(node, &["spec", "selector"]));
        let namespaces = namespaces(monitor);
        let selected: Vec<_> = workloads
            .iter()
            .filter(|w| in_namespaces(&namespaces, w.placed.namespace))
            .filter(|w| selector.matches(&w.pod_labels))
            .collect();
        if selected.is_empty() {
            add(
                monitor,
                warning(
                    format!(
                        "{} selects no pods (labels {} in {}): Prometheus scrapes nothing",
                        monitor.resource.id,
                        selector.describe(),
                        scope(&namespaces)
                    ),
                    place(monitor.resource, &["spec", "selector"]),
                    &["spec", "selector"],
                ),
            );
            continue;
        }
        for (port_node, port) in endpoint_ports(node, "podMetricsEndpoints") {
            let named = selected.iter().any(|w| {
                w.containers().iter().any(|c| {
                    matches!(at(c, &["ports"]).map(|n| &n.value), Some(Value::List(ports))
                        if ports.iter().any(|p| matches!(at(p, &["name"]).map(|n| &n.value), Some(Value::String(n)) if *n == port)))
                })
            });
            if !named {
                add(
                    monitor,
                    warning(
                        format!(
                            "{} scrapes port {port:?}, which no container of the pods it selects names: Prometheus scrapes nothing",
                            monitor.resource.id
                        ),
                        port_node.origin.clone(),
                        &["spec", "podMetricsEndpoints"],
                    ),
                );
            }
        }
    }
}
