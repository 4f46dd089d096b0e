//! [`CommandLineValues`]: layer 3 of a release (DESIGN §1), the `-f` files and `--set`
//! family given on the command line, applied over the overlays as Helm applies them.

use std::sync::Arc;

use crate::layer::merge_user_files;
use crate::setflags::{apply_set_flags, FileSettings, SetFlag, SetFlagError};
use crate::values::{HelmVersion, Node, Origin};
use crate::yaml::ParsedFile;

/// Values given on the command line.
#[derive(Clone, Debug, Default)]
pub struct CommandLineValues {
    /// `-f` files, read, in command-line order.
    pub files: Vec<ParsedFile>,
    /// The `--set` family, in command-line order (applied in Helm's fixed order by kind).
    pub flags: Vec<SetFlag>,
    /// Where `--set-file` reads from.
    pub files_from: FileSettings,
    /// Whose semantics apply (`--helm-version`, else `strata.yaml`'s `helm.version`).
    pub helm: HelmVersion,
}

impl CommandLineValues {
    /// Returns the user values Helm would build: `lower` (overlay roots, lowest first), then
    /// the `-f` files, merged left to right, then the flags applied.
    pub fn user_values_over(
        &self,
        lower: impl IntoIterator<Item = Node>,
    ) -> Result<Node, SetFlagError> {
        let start = Node::empty_map(Origin::whole(Arc::from(crate::layer::USER_VALUES_SOURCE)));
        let mut user = merge_user_files(
            std::iter::once(start)
                .chain(lower)
                .chain(self.files.iter().filter_map(|f| f.root.clone())),
        );
        apply_set_flags(&mut user, &self.flags, &self.files_from, self.helm)?;
        Ok(user)
    }

    /// Returns the same values under another Helm's semantics.
    pub fn with_helm(&self, helm: HelmVersion) -> CommandLineValues {
        CommandLineValues {
            helm,
            ..self.clone()
        }
    }

    /// Returns the user values of the command line alone.
    pub fn user_values(&self) -> Result<Node, SetFlagError> {
        self.user_values_over(std::iter::empty())
    }

    /// Returns each flag's own effect (the flag applied to empty values), labelled with the
    /// flag, for tracing which layer wrote a key. Flags that fail alone are left out: they
    /// failed on the whole command line already.
    pub fn flag_layers(&self) -> Vec<(String, Node)> {
        self.flags
            .iter()
            .filter_map(|flag| {
                let mut node = Node::empty_map(flag.origin());
                apply_set_flags(
                    &mut node,
                    std::slice::from_ref(flag),
                    &self.files_from,
                    self.helm,
                )
                .ok()
                .map(|_| (flag.kind.flag_name().to_string(), node))
            })
            .collect()
    }
}
