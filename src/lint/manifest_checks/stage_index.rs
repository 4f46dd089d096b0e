//! [`StageIndex`]: every rendered resource of a stage, with its release and namespace.

use crate::render::Resource;

use super::ReleaseManifests;

/// A resource where it lands: its release and namespace.
pub(crate) struct Placed<'a> {
    pub release: &'a ReleaseManifests,
    /// The release's position in the stage, for ordering findings.
    pub release_index: usize,
    pub resource: &'a Resource,
    /// `metadata.namespace`, else the release's.
    pub namespace: &'a str,
}

impl Placed<'_> {
    /// Returns `Deployment/web (release web)`.
    pub fn named(&self) -> String {
        format!("{} (release {})", self.resource.id, self.release.release)
    }

    /// Returns true for a resource of `kind` in the core group or `group`.
    pub fn is(&self, group: &str, kind: &str) -> bool {
        self.resource.id.kind == kind && self.resource.id.group() == group
    }
}

/// The resources of one stage.
pub struct StageIndex<'a> {
    pub(crate) resources: Vec<Placed<'a>>,
}

impl<'a> StageIndex<'a> {
    /// Places every resource of `releases`.
    pub fn new(releases: &'a [ReleaseManifests]) -> StageIndex<'a> {
        let resources = releases
            .iter()
            .enumerate()
            .flat_map(|(release_index, release)| {
                release.resources.iter().map(move |resource| Placed {
                    release,
                    release_index,
                    resource,
                    namespace: resource
                        .namespace
                        .as_deref()
                        .unwrap_or(release.namespace.as_str()),
                })
            })
            .collect();
        StageIndex { resources }
    }

    /// Returns the resources of `kind` in `group` (`""` for the core group).
    pub(crate) fn of_kind<'s>(
        &'s self,
        group: &'s str,
        kind: &'s str,
    ) -> impl Iterator<Item = &'s Placed<'a>> + 's {
        self.resources.iter().filter(move |p| p.is(group, kind))
    }

    /// Returns the resource of `kind` named `name` in `namespace`, any group.
    pub(crate) fn find(&self, kind: &str, name: &str, namespace: &str) -> Option<&Placed<'a>> {
        self.resources.iter().find(|p| {
            p.resource.id.kind == kind && p.resource.id.name == name && p.namespace == namespace
        })
    }
}
