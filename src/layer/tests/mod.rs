//! Tests of the whole engine, as case tables checked against Helm 3.17.3 (`cases/*.json`),
//! plus provenance tests. Tests of one file's helpers sit at the bottom of that file.

pub(crate) mod support;

mod provenance;

#[test]
fn coalescing_follows_helm() {
    support::run_case_table(include_str!("cases/coalesce.json"));
}

#[test]
fn subcharts_follow_helm() {
    support::run_case_table(include_str!("cases/subcharts.json"));
}

#[test]
fn conditions_and_tags_follow_helm() {
    support::run_case_table(include_str!("cases/enable.json"));
}

#[test]
fn import_values_follow_helm() {
    support::run_case_table(include_str!("cases/imports.json"));
}

#[test]
fn globals_follow_helm() {
    support::run_case_table(include_str!("cases/globals.json"));
}

/// Charts without subcharts are coalesced on their nodes (`lone_chart.rs`) rather than by
/// Helm's passes over the chart graph: for every such row of every table, under Helm 3's
/// rules and Helm 4's, both give the same values, origins, histories and warnings.
#[test]
fn lone_charts_coalesce_as_the_chart_graph_does() {
    use crate::layer::compute;
    use crate::layer::compute::compute_graph;
    use crate::values::HelmVersion;
    let tables = [
        include_str!("cases/coalesce.json"),
        include_str!("cases/subcharts.json"),
        include_str!("cases/enable.json"),
        include_str!("cases/imports.json"),
        include_str!("cases/globals.json"),
    ];
    let mut lone_rows = 0;
    for table in tables {
        let rows: Vec<serde_json::Value> = serde_json::from_str(table).expect("tables parse");
        for row in &rows {
            let chart = support::chart_from_json(&row["chart"]);
            if !chart.subcharts.is_empty() || chart.dependencies_declared {
                continue;
            }
            lone_rows += 1;
            for helm in [HelmVersion::V3, HelmVersion::V4] {
                let user = support::user_of(row);
                let lone = compute(&chart, user.clone(), helm);
                let graph = compute_graph(&chart, user, helm);
                assert_eq!(
                    format!("{lone:#?}"),
                    format!("{graph:#?}"),
                    "{} under {helm:?}",
                    row["description"]
                );
            }
        }
    }
    // The coalescing table's 27 rows are all of lone charts.
    assert!(
        lone_rows >= 27,
        "{lone_rows} rows of charts without subcharts"
    );
}
