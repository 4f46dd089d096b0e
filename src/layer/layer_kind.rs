//! [`LayerKind`]: what a layer of a release is (a chart's defaults, a stage overlay, a
//! command-line flag), ordered as Helm gives them precedence (DESIGN §1).

/// What a layer of a release is. The order of the kinds is their precedence, lowest first
/// (the derived `Ord`): a subchart's defaults, the chart's defaults, the stage overlays, the
/// `-f` files, the `--set` family.
///
/// Within a kind the index says the order: overlays in the release's overlay order, `-f`
/// files in command-line order, flags in the order Helm applies them (by flag, every
/// `--set-json` first and `--set-literal` last, then in command-line order). Two subcharts'
/// defaults are of the same kind: each writes under its own key, and a parent's defaults
/// are above every subchart's, however deep.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LayerKind {
    /// A subchart's `values.yaml` (`charts/web/charts/db/values.yaml`), which Helm nests
    /// under the subchart's key: a dependency's defaults.
    SubchartDefaults,
    /// The chart's own `values.yaml` (`charts/web/values.yaml`).
    ChartDefaults,
    /// A stage overlay (`environments/production/web.yaml`), `index` from 0 in the release's
    /// overlay order.
    StageOverlay {
        /// The overlay's position among the release's overlay files.
        index: usize,
    },
    /// A `-f` file given on the command line, `index` from 0 in command-line order.
    ValuesFile {
        /// The file's position among the `-f` files.
        index: usize,
    },
    /// A flag of the `--set` family.
    SetFlag {
        /// The flag's position in the order Helm applies the flags.
        index: usize,
        /// The flag as written (`--set-string`).
        flag: &'static str,
    },
}

impl LayerKind {
    /// Returns true for a chart's or a subchart's defaults: layer 1 of DESIGN §1, the
    /// values the user values are coalesced onto.
    pub fn is_defaults(self) -> bool {
        matches!(self, LayerKind::SubchartDefaults | LayerKind::ChartDefaults)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_sort_in_precedence_order() {
        let mut kinds = vec![
            LayerKind::SetFlag {
                index: 1,
                flag: "--set",
            },
            LayerKind::ValuesFile { index: 0 },
            LayerKind::StageOverlay { index: 1 },
            LayerKind::SetFlag {
                index: 0,
                flag: "--set-string",
            },
            LayerKind::ChartDefaults,
            LayerKind::StageOverlay { index: 0 },
            LayerKind::SubchartDefaults,
        ];
        kinds.sort();
        assert_eq!(
            kinds,
            [
                LayerKind::SubchartDefaults,
                LayerKind::ChartDefaults,
                LayerKind::StageOverlay { index: 0 },
                LayerKind::StageOverlay { index: 1 },
                LayerKind::ValuesFile { index: 0 },
                LayerKind::SetFlag {
                    index: 0,
                    flag: "--set-string"
                },
                LayerKind::SetFlag {
                    index: 1,
                    flag: "--set"
                },
            ]
        );
        assert!(LayerKind::SubchartDefaults.is_defaults());
        assert!(!LayerKind::StageOverlay { index: 0 }.is_defaults());
    }
}
