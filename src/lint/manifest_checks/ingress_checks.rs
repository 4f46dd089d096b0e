//! `manifest/ingress-backend` and `manifest/ingress-class`: an Ingress must route to a
//! Service and port that exist, and name an ingress class the stage runs.

use crate::lint::finding::Severity;
use crate::values::{Node, Value};

use super::stage_index::{Placed, StageIndex};
use super::value_trace::traced;
use super::{at, Check};

/// A Service port: its name and number.
pub(crate) fn service_ports(service: &Node) -> Vec<(Option<String>, Option<i64>)> {
    match at(service, &["spec", "ports"]).map(|n| &n.value) {
        Some(Value::List(items)) => items
            .iter()
            .map(|p| {
                let name = match at(p, &["name"]).map(|n| &n.value) {
                    Some(Value::String(s)) => Some(s.to_string()),
                    _ => None,
                };
                (name, at(p, &["port"]).and_then(number))
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn number(node: &Node) -> Option<i64> {
    match &node.value {
        Value::Float(f) if f.fract() == 0.0 => Some(*f as i64),
        Value::Int(i) => Some(*i),
        _ => None,
    }
}

fn text(node: Option<&Node>) -> Option<String> {
    match node.map(|n| &n.value) {
        Some(Value::String(s)) => Some(s.to_string()),
        _ => None,
    }
}

/// A port as a backend names it.
enum PortRef {
    Number(i64),
    Name(String),
}

/// One backend: the node naming the Service, the Service's name, the port.
struct Backend<'a> {
    name_node: &'a Node,
    service: String,
    port: Option<PortRef>,
}

fn backend(node: &Node) -> Option<Backend<'_>> {
    // networking.k8s.io/v1: service: {name, port: {number | name}}
    if let Some(name_node) = at(node, &["service", "name"]) {
        let port = at(node, &["service", "port", "number"])
            .and_then(number)
            .map(PortRef::Number)
            .or_else(|| text(at(node, &["service", "port", "name"])).map(PortRef::Name));
        return Some(Backend {
            name_node,
            service: text(Some(name_node))?,
            port,
        });
    }
    // networking.k8s.io/v1beta1 and extensions/v1beta1: serviceName, servicePort.
    let name_node = at(node, &["serviceName"])?;
    let port = at(node, &["servicePort"]).and_then(|p| {
        number(p)
            .map(PortRef::Number)
            .or_else(|| text(Some(p)).map(PortRef::Name))
    });
    Some(Backend {
        name_node,
        service: text(Some(name_node))?,
        port,
    })
}

fn backends(ingress: &Node) -> Vec<Backend<'_>> {
    let mut out = Vec::new();
    for key in ["defaultBackend", "backend"] {
        if let Some(b) = at(ingress, &["spec", key]).and_then(backend) {
            out.push(b);
        }
    }
    if let Some(Value::List(rules)) = at(ingress, &["spec", "rules"]).map(|n| &n.value) {
        for rule in rules {
            if let Some(Value::List(paths)) = at(rule, &["http", "paths"]).map(|n| &n.value) {
                out.extend(
                    paths
                        .iter()
                        .filter_map(|p| at(p, &["backend"]).and_then(backend)),
                );
            }
        }
    }
    out
}

fn ports_text(ports: &[(Option<String>, Option<i64>)]) -> String {
    if ports.is_empty() {
        return "no ports".into();
    }
    let list: Vec<String> = ports
        .iter()
        .map(|(name, number)| match (name, number) {
            (Some(name), Some(n)) => format!("{n} ({name})"),
            (None, Some(n)) => n.to_string(),
            (Some(name), None) => name.clone(),
            (None, None) => "?".into(),
        })
        .collect();
    format!("ports {}", list.join(", "))
}

pub(crate) fn check(index: &StageIndex, classes: &[String], add: &mut dyn FnMut(&Placed, Check)) {
    for ingress in index
        .of_kind("networking.k8s.io", "Ingress")
        .chain(index.of_kind("extensions", "Ingress"))
    {
        let node = &ingress.resource.node;
        let class_node = at(node, &["spec", "ingressClassName"]).or_else(|| {
            at(
                node,
                &["metadata", "annotations", "kubernetes.io/ingress.class"],
            )
        });
        if let (Some(class_node), false) = (class_node, classes.is_empty()) {
            if let Some(class) = text(Some(class_node)) {
                if !classes.contains(&class) {
                    add(
                        ingress,
                        Check {
                            rule: "ingress-class",
                            severity: Severity::Error,
                            message: format!(
                                "{} uses ingress class {class:?}, which stage {} does not run (kubernetes.ingressClasses: {}){}",
                                ingress.resource.id,
                                ingress.release.stage,
                                classes.join(", "),
                                traced(&ingress.release.values, &class)
                            ),
                            origin: class_node.origin.clone(),
                            field: &["spec", "ingressClassName"],
                        },
                    );
                }
            }
        }
        for b in backends(node) {
            let found = index.find("Service", &b.service, ingress.namespace);
            let message = match (found, &b.port) {
                (None, _) => format!(
                    "{} routes to Service/{}, which no release renders in namespace {}{}",
                    ingress.resource.id,
                    b.service,
                    ingress.namespace,
                    traced(&ingress.release.values, &b.service)
                ),
                (Some(service), Some(port)) => {
                    let ports = service_ports(&service.resource.node);
                    let exists = ports.iter().any(|(name, number)| match port {
                        PortRef::Number(n) => *number == Some(*n),
                        PortRef::Name(p) => name.as_deref() == Some(p.as_str()),
                    });
                    if exists {
                        continue;
                    }
                    let shown = match port {
                        PortRef::Number(n) => n.to_string(),
                        PortRef::Name(p) => format!("{p:?}"),
                    };
                    format!(
                        "{} routes to port {shown} of {}, which has {}",
                        ingress.resource.id,
                        service.named(),
                        ports_text(&ports)
                    )
                }
                (Some(_), None) => continue,
            };
            add(
                ingress,
                Check {
                    rule: "ingress-backend",
                    severity: Severity::Error,
                    message,
                    origin: b.name_node.origin.clone(),
                    field: &["spec"],
                },
            );
        }
    }
}
