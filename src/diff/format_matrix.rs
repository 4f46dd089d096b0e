//! The output of `strata matrix`, read from its [`MatrixView`]: a text table per release
//! under the view's heading (keys down, stages across; drift first, then stage-specific
//! keys), or JSON in the shape `docs/matrix-output.schema.json` describes.

use anstyle::{AnsiColor, Style};
use serde_json::{json, Value as Json};

use super::change::Shown;
use super::describe::value_text;
use super::format_json::node_json;
use super::matrix::{Cell, MatrixRow};
use super::matrix_view::MatrixView;
use super::report_view::{split_sections, Section};
use crate::secrets::Redacted;

/// The widest a cell is printed; longer values are cut with `…` (JSON has them whole).
const MAX_CELL_CHARS: usize = 40;

fn cell_text(cell: &Option<Cell>) -> String {
    match cell {
        None => "-".to_string(),
        Some(Cell {
            value: Shown::Redacted { bytes, .. },
            ..
        }) => Redacted::Sized(*bytes).to_string(),
        Some(Cell { value, .. }) => {
            let text = value_text(value);
            if text.chars().count() > MAX_CELL_CHARS {
                let cut: String = text.chars().take(MAX_CELL_CHARS - 1).collect();
                format!("{cut}…")
            } else {
                text
            }
        }
    }
}

fn pad(text: &str, width: usize) -> String {
    let len = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(len)))
}

/// Returns the matrix as text tables, each under its release's heading.
pub fn format_matrix_text(view: &MatrixView, color: bool) -> String {
    let matrix = view.matrix;
    let paint = |style: Style| if color { style } else { Style::new() };
    let bold = paint(Style::new().bold());
    let dim = paint(AnsiColor::BrightBlack.on_default());
    let mut out = String::new();
    for (n, table) in view.tables.iter().enumerate() {
        let chart = table.table;
        if n > 0 {
            out.push('\n');
        }
        let ignored = if chart.ignored > 0 {
            format!(" ({} ignored)", chart.ignored)
        } else {
            String::new()
        };
        if chart.rows.is_empty() {
            out.push_str(&format!(
                "{bold}{}{bold:#}: no differences between stages{ignored}\n",
                table.heading
            ));
            continue;
        }
        let keys = |n: usize| if n == 1 { "key differs" } else { "keys differ" };
        out.push_str(&format!(
            "{bold}{}{bold:#}: {} {}{ignored}\n",
            table.heading,
            chart.rows.len(),
            keys(chart.rows.len())
        ));
        let texts: Vec<(String, Vec<String>)> = chart
            .rows
            .iter()
            .map(|r| (r.path.to_string(), r.cells.iter().map(cell_text).collect()))
            .collect();
        let key_width = texts
            .iter()
            .map(|(k, _)| k.chars().count())
            .chain(std::iter::once(3))
            .max()
            .unwrap_or(3);
        let widths: Vec<usize> = matrix
            .stages
            .iter()
            .enumerate()
            .map(|(i, stage)| {
                texts
                    .iter()
                    .map(|(_, cells)| cells[i].chars().count())
                    .chain(std::iter::once(stage.chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |key: &str, cells: &[String]| {
            let mut text = format!("    {}", pad(key, key_width));
            for (cell, width) in cells.iter().zip(&widths) {
                text.push_str("  ");
                text.push_str(&pad(cell, *width));
            }
            format!("{}\n", text.trim_end())
        };
        out.push_str(&format!("{dim}{}{dim:#}", line("key", &matrix.stages)));
        for (section, rows) in
            split_sections(chart.rows.iter().zip(&texts), |(r, _)| r.stage_specific)
        {
            let title = match section {
                Section::StageSpecific => "stage-specific (declared in strata.yaml)",
                Section::Drift | Section::All => "drift",
            };
            out.push_str(&format!("  {bold}{title}{bold:#}:\n"));
            for (_, (key, cells)) in rows {
                out.push_str(&line(key, cells));
            }
        }
    }
    let hidden = matrix.redactions();
    if hidden > 0 {
        out.push_str(&format!(
            "\n{hidden} secret {} redacted (--show-secrets prints them, outside CI)\n",
            if hidden == 1 { "value" } else { "values" }
        ));
    }
    out
}

fn row_json(row: &MatrixRow) -> Json {
    let segments = super::format_json::segments_json(row.path.steps());
    let cells: Vec<Json> = row
        .cells
        .iter()
        .map(|cell| match cell {
            None => Json::Null,
            Some(cell) => {
                let origin = if cell.origin.has_position() {
                    json!({"file": &*cell.origin.source, "line": cell.origin.line, "column": cell.origin.col})
                } else {
                    json!({"file": &*cell.origin.source, "line": null, "column": null})
                };
                match &cell.value {
                    Shown::Value(node) => json!({"value": node_json(node), "origin": origin}),
                    Shown::Redacted { bytes, .. } => {
                        json!({"value": Redacted::Whole.to_string(), "redactedBytes": bytes, "origin": origin})
                    }
                }
            }
        })
        .collect();
    json!({
        "path": row.path.to_string(),
        "segments": segments,
        "stageSpecific": row.stage_specific,
        "cells": cells,
    })
}

/// Returns the matrix as indented JSON with a final newline. Each table's `chart` is the
/// release's name in a workspace without `releases:` (where a release is its chart's); in
/// one that declares `releases:` it is the release's chart, with the release's name under
/// `release` and its namespace in each stage under `namespaces` (null where it does not
/// run).
pub fn format_matrix_json(view: &MatrixView) -> String {
    let matrix = view.matrix;
    let charts: Vec<Json> = matrix
        .charts
        .iter()
        .map(|c| {
            let mut table = json!({
                "chart": c.release,
                "ignored": c.ignored,
                "rows": c.rows.iter().map(row_json).collect::<Vec<_>>(),
            });
            if matrix.named {
                table["chart"] = json!(c.chart);
                table["release"] = json!(c.release);
                table["namespaces"] = json!(c.namespaces);
            }
            table
        })
        .collect();
    let doc = json!({
        "version": 1,
        "stages": matrix.stages,
        "charts": charts,
        "redactions": matrix.redactions(),
    });
    let mut text = serde_json::to_string_pretty(&doc).expect("a JSON value always serialises");
    text.push('\n');
    text
}
