//! [`JobBuilder`]: the render jobs of a workspace's releases, each chart read once.

use std::collections::HashMap;
use std::sync::Arc;

use crate::values::{to_yaml, YamlStyle};
use crate::workspace::{Release, ReleaseValues, Workspace};

use super::chart_snapshot::ChartSnapshot;
use super::error::RenderError;
use super::render_job::RenderJob;

/// Builds render jobs for the releases of one workspace (the working tree or a revision).
pub struct JobBuilder<'a> {
    ws: &'a Workspace,
    charts: HashMap<String, Arc<ChartSnapshot>>,
}

impl<'a> JobBuilder<'a> {
    /// Returns a builder over `ws`.
    pub fn new(ws: &'a Workspace) -> JobBuilder<'a> {
        JobBuilder {
            ws,
            charts: HashMap::new(),
        }
    }

    /// Returns the job of `release`, whose values are `values`: its user values (what
    /// `render --for-helm` writes), its name and namespace, and its stage's cluster.
    pub fn job(
        &mut self,
        release: &Release,
        values: &ReleaseValues,
    ) -> Result<RenderJob, RenderError> {
        let chart = match self.charts.get(&release.chart) {
            Some(chart) => chart.clone(),
            None => {
                let chart = ChartSnapshot::read(self.ws, &release.chart_path)?;
                self.charts.insert(release.chart.clone(), chart.clone());
                chart
            }
        };
        Ok(RenderJob {
            stage: release.stage.clone(),
            release: release.name.clone(),
            namespace: release.namespace.clone(),
            chart,
            values: to_yaml(&values.user, YamlStyle { annotate: false }),
            cluster: self.ws.config().manifests.cluster(&release.stage),
        })
    }
}
