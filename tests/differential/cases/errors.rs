//! §9 Other errors: files that cannot be read or parsed.

use crate::case::{Case, Section};

fn case(name: &str) -> Case {
    Case::new(Section::Errors, name)
}

pub fn cases() -> Vec<Case> {
    vec![
        case("missing_values_file")
            .args(&["-f", "nope.yaml"])
            .fails("open nope.yaml: no such file or directory"),
        case("missing_values_file_after_good_one")
            .values("a: 1\n")
            .args(&["-f", "missing/values.yaml"])
            .fails("open missing/values.yaml: no such file or directory"),
        case("values_file_is_a_folder")
            .file("folder/keep.txt", "x")
            .args(&["-f", "folder"])
            .fails("folder"),
        case("yaml_error_names_the_file")
            .in_strata_words()
            .values("a: 1\nb: [\n")
            .fails("1.yaml")
            .fails("did not find expected node content"),
        case("yaml_error_in_second_file")
            .in_strata_words()
            .values("a: 1\n")
            .values("a: {\n")
            .fails("2.yaml")
            .fails("did not find expected node content"),
        case("yaml_error_unclosed_quote")
            .in_strata_words()
            .values("a: \"open\nb: 1\n")
            .fails("found unexpected end of stream"),
        case("yaml_error_mapping_values_not_allowed")
            .in_strata_words()
            .values("a: b: c\n")
            .fails("mapping values are not allowed in this context"),
        case("yaml_error_in_chart_values")
            .in_strata_words()
            .defaults("a: [\n")
            .fails("values.yaml")
            .fails("did not find expected node content"),
        case("set_file_missing_is_reported_before_values")
            .args(&["--set-file", "a=missing.txt"])
            .fails("open missing.txt: no such file or directory"),
    ]
}
