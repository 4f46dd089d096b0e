//! strata's command-line tests: each builds a workspace in a temporary folder, runs the real
//! binary and compares exit status, stdout and stderr together. Rules are tested in the
//! library; these check that the commands are wired up and print what they should.

mod bad_input;
mod chart_repo;
mod ci_recipe;
mod dependencies;
mod diff;
mod diff_manifests;
mod explain;
mod helm4;
mod import_helmfile;
mod init;
mod links;
mod matrix;
mod memory;
mod merge;
mod overlay_templates;
mod promote;
mod promote_templates;
mod readme;
mod real_workspace;
mod release_naming;
mod release_sources;
mod releases;
mod render;
mod schema;
mod stages;
mod support;
mod template;
mod unknown_keys;
mod validate;
mod validate_manifests;
mod vendor;
mod workspace;
