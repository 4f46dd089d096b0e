//! [`MatrixView`]: a [`Matrix`] computed once into what its formats print — each table's
//! heading (the release, and in a workspace that declares `releases:` its chart and its
//! namespaces across the stages). The text and JSON formats read the view.

use super::matrix::{ChartMatrix, Matrix};
use super::report_view::namespaces_text;
use crate::workspace::naming;

/// One release's table as the formats print it.
#[derive(Clone, Debug)]
pub struct TableView<'a> {
    /// The table.
    pub table: &'a ChartMatrix,
    /// `web`, or in a workspace that declares `releases:`
    /// `gateway (chart kong, namespace dev → prod)`: its namespaces in the stages it runs
    /// in, in promotion order.
    pub heading: String,
}

/// A matrix as its formats print it.
#[derive(Clone, Debug)]
pub struct MatrixView<'a> {
    /// The matrix.
    pub matrix: &'a Matrix,
    /// One table per release, in the matrix's order.
    pub tables: Vec<TableView<'a>>,
}

impl<'a> MatrixView<'a> {
    /// Computes the view of `matrix`.
    pub fn of(matrix: &'a Matrix) -> MatrixView<'a> {
        let tables = matrix
            .charts
            .iter()
            .map(|table| {
                let heading = if matrix.named {
                    let namespaces =
                        namespaces_text(table.namespaces.iter().flatten().map(String::as_str));
                    format!(
                        "{} {}",
                        table.release,
                        naming(&table.release, &table.chart, &namespaces)
                    )
                } else {
                    table.release.clone()
                };
                TableView { table, heading }
            })
            .collect();
        MatrixView { matrix, tables }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(release: &str, chart: &str, namespaces: &[Option<&str>]) -> ChartMatrix {
        ChartMatrix {
            release: release.into(),
            chart: chart.into(),
            namespaces: namespaces.iter().map(|n| n.map(String::from)).collect(),
            rows: Vec::new(),
            ignored: 0,
        }
    }

    #[test]
    fn names_chart_and_namespaces_only_where_releases_are_declared() {
        let mut matrix = Matrix {
            stages: vec!["dev".into(), "staging".into(), "prod".into()],
            charts: vec![
                table(
                    "gateway",
                    "kong",
                    &[Some("edge"), Some("edge"), Some("edge")],
                ),
                table("web", "web", &[Some("dev"), None, Some("prod")]),
                table(
                    "tools",
                    "toolbox",
                    &[Some("dev"), Some("dev"), Some("prod")],
                ),
            ],
            named: false,
        };
        let headings = |matrix: &Matrix| -> Vec<String> {
            MatrixView::of(matrix)
                .tables
                .into_iter()
                .map(|t| t.heading)
                .collect()
        };
        assert_eq!(headings(&matrix), ["gateway", "web", "tools"]);
        matrix.named = true;
        assert_eq!(
            headings(&matrix),
            [
                "gateway (chart kong, namespace edge)",
                "web (namespace dev → prod)",
                "tools (chart toolbox, namespace dev → prod)",
            ]
        );
    }
}
