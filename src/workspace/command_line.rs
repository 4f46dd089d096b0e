//! [`CommandLineValues`]: layer 3 of a release (DESIGN §1), the `-f` files and `--set`
//! family given on the command line, applied over the overlays as Helm applies them.

use std::borrow::Cow;
use std::sync::Arc;

use crate::layer::{merge_user_files, LayerKind, Layers};
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
    /// the `-f` files, merged left to right, then the flags applied under `helm`'s rules
    /// (a workspace's version may differ from the one the flags were read for).
    pub fn user_values_over(
        &self,
        lower: impl IntoIterator<Item = Node>,
        helm: HelmVersion,
    ) -> Result<Node, SetFlagError> {
        let start = Node::empty_map(Origin::whole(Arc::from(crate::layer::USER_VALUES_SOURCE)));
        let mut user = merge_user_files(
            std::iter::once(start)
                .chain(lower)
                .chain(self.files.iter().filter_map(|f| f.root.clone())),
        );
        apply_set_flags(&mut user, &self.flags, &self.files_from, helm)?;
        Ok(user)
    }

    /// Returns the user values of the command line alone.
    pub fn user_values(&self) -> Result<Node, SetFlagError> {
        self.user_values_over(std::iter::empty(), self.helm)
    }

    /// Returns the user values of the command line alone, as [`CommandLineValues::user_values`]
    /// does, moving each `-f` file's tree into the merge rather than copying it: the files
    /// are taken out, for a caller that needs them no more.
    pub fn take_user_values(&mut self) -> Result<Node, SetFlagError> {
        let files = std::mem::take(&mut self.files);
        self.user_values_over(files.into_iter().filter_map(|f| f.root), self.helm)
    }

    /// Adds the command line's layers to `layers`: each `-f` file that holds values (a
    /// file with no document writes nothing), then each flag's own effect
    /// ([`CommandLineValues::flag_layers`]) in the order Helm applies the flags.
    pub fn add_layers<'a>(&'a self, layers: &mut Layers<'a>) {
        for (index, file) in self.files.iter().enumerate() {
            if let Some(root) = &file.root {
                layers.push(
                    LayerKind::ValuesFile { index },
                    root.origin.source.clone(),
                    Some(Cow::Borrowed(root)),
                );
            }
        }
        let mut flags: Vec<_> = self.flags.iter().zip(self.flag_effects()).collect();
        flags.sort_by_key(|(flag, _)| flag.kind);
        for (index, (flag, effect)) in flags.into_iter().enumerate() {
            layers.push(
                LayerKind::SetFlag {
                    index,
                    flag: flag.kind.flag_name(),
                },
                flag.source_name(),
                effect.map(Cow::Owned),
            );
        }
    }

    /// Returns each flag's own effect (the flag applied to empty values), labelled with the
    /// flag, for tracing which layer wrote a key. Flags that fail alone are left out: they
    /// failed on the whole command line already.
    pub fn flag_layers(&self) -> Vec<(String, Node)> {
        self.flags
            .iter()
            .zip(self.flag_effects())
            .filter_map(|(flag, effect)| Some((flag.kind.flag_name().to_string(), effect?)))
            .collect()
    }

    /// Returns each flag's own effect (the flag applied to empty values), in command-line
    /// order; `None` for a flag that fails alone.
    fn flag_effects(&self) -> Vec<Option<Node>> {
        self.flags
            .iter()
            .map(|flag| {
                let mut node = Node::empty_map(flag.origin());
                apply_set_flags(
                    &mut node,
                    std::slice::from_ref(flag),
                    &self.files_from,
                    self.helm,
                )
                .ok()
                .map(|_| node)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::layer::Chart;
    use crate::setflags::FlagKind;
    use crate::values::KeyPath;
    use crate::yaml::{parse_values, Limits};

    #[test]
    fn adds_files_then_flags_in_the_order_helm_applies_them() {
        let file = parse_values(b"a: 0\nb: 0\n", Arc::from("extra.yaml"), &Limits::default())
            .expect("the file parses");
        let command_line = CommandLineValues {
            files: vec![file],
            flags: vec![
                SetFlag::new(FlagKind::String, "a=1"),
                SetFlag::new(FlagKind::Set, "a=2,c=3"),
            ],
            ..CommandLineValues::default()
        };
        let chart = Chart {
            name: "web".into(),
            version: "0.1.0".into(),
            app_version: None,
            defaults: crate::yaml::test_tree("charts/web/values.yaml", "a: x\nd: 4\n"),
            dependencies: Vec::new(),
            dependencies_declared: false,
            read_alike: true,
            subcharts: Vec::new(),
            schema: None,
        };
        let mut layers = Layers::of_chart(&chart, &chart.defaults);
        command_line.add_layers(&mut layers);
        let listed: Vec<String> = layers
            .iter()
            .map(|(_, l)| format!("{:?} {}", l.kind, l.source))
            .collect();
        assert_eq!(
            listed,
            [
                "ChartDefaults charts/web/values.yaml",
                "ValuesFile { index: 0 } extra.yaml",
                "SetFlag { index: 0, flag: \"--set\" } --set a=2,c=3",
                "SetFlag { index: 1, flag: \"--set-string\" } --set-string a=1",
            ]
        );
        // (key, its writer); Helm applies --set-string after --set, whatever the order given.
        let rows = [
            ("a", "--set-string a=1"),
            ("b", "extra.yaml:2:4"),
            ("c", "--set a=2,c=3"),
            ("d", "charts/web/values.yaml:2:4"),
        ];
        for (key, expected) in rows {
            let path = KeyPath::parse(key).expect("test paths parse");
            let writer = layers.writer_of(&path).expect("a writer");
            assert_eq!(writer.origin().to_string(), expected, "{key}");
        }
    }
}
