//! The case table, one module per section of `shared/spec/helm-values-semantics.md`, plus
//! real charts and the example workspace.

mod coalesce;
mod errors;
mod files;
mod globals;
mod real_charts;
mod schema;
mod set_flags;
mod subcharts;
mod workspace;
mod yaml;

use crate::case::Case;

/// Returns every case, grouped by section.
pub fn all() -> Vec<Case> {
    let mut all = Vec::new();
    all.extend(yaml::cases());
    all.extend(files::cases());
    all.extend(set_flags::cases());
    all.extend(coalesce::cases());
    all.extend(subcharts::cases());
    all.extend(globals::cases());
    all.extend(schema::cases());
    all.extend(errors::cases());
    all.extend(real_charts::cases());
    all.extend(workspace::cases());
    all
}
