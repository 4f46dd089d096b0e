//! strata: Helm chart values across deployment stages.
//!
//! The library is the pipeline of `DESIGN.md` §2, one module per step. It never prints,
//! never reads environment variables and never exits; [`cli`] does.

pub mod chart;
pub mod cli;
pub mod diff;
pub mod git;
pub mod import;
pub mod layer;
pub mod lint;
pub mod process;
pub mod promote;
pub mod render;
pub mod sandbox;
pub mod schema;
pub mod secrets;
pub mod setflags;
pub mod settings;
pub mod source;
pub mod template;
pub mod values;
pub mod vendor;
pub mod workspace;
pub mod yaml;
