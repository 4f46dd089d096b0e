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
