//! [`ResourceId`]: what names a Kubernetes resource across stages and revisions: its API
//! group, kind and name. The namespace, which differs by stage, is not part of it.

use std::fmt;

/// A resource's identity.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResourceId {
    /// `apiVersion` as written (`apps/v1`, `v1`).
    pub api_version: String,
    /// `kind`.
    pub kind: String,
    /// `metadata.name`.
    pub name: String,
}

impl ResourceId {
    /// Returns the API group: `apps` for `apps/v1`, `""` for the core `v1`.
    pub fn group(&self) -> &str {
        self.api_version
            .rsplit_once('/')
            .map(|(group, _)| group)
            .unwrap_or("")
    }

    /// Returns true when `other` is the same resource: the same kind and name in the same
    /// API group. A resource moving from one version of its group to another
    /// (`autoscaling/v2beta2` to `autoscaling/v2`) is the object the API server already
    /// holds, served under a new version, so it is one resource that changed.
    pub fn same_resource(&self, other: &ResourceId) -> bool {
        self.kind == other.kind && self.name == other.name && self.group() == other.group()
    }
}

impl fmt::Display for ResourceId {
    /// Writes `Kind/name`, as `kubectl` names resources.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind, self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(api_version: &str, kind: &str, name: &str) -> ResourceId {
        ResourceId {
            api_version: api_version.into(),
            kind: kind.into(),
            name: name.into(),
        }
    }

    #[test]
    fn resources_are_one_across_versions_of_a_group() {
        let hpa = id("autoscaling/v2beta2", "HorizontalPodAutoscaler", "web");
        assert!(hpa.same_resource(&id("autoscaling/v2", "HorizontalPodAutoscaler", "web")));
        assert!(!hpa.same_resource(&id("example.com/v2", "HorizontalPodAutoscaler", "web")));
        assert!(!hpa.same_resource(&id("autoscaling/v2", "HorizontalPodAutoscaler", "api")));
        assert_eq!(id("v1", "Service", "web").group(), "");
        assert_eq!(hpa.to_string(), "HorizontalPodAutoscaler/web");
    }
}
