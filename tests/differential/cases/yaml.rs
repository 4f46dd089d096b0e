//! §2 Reading YAML: how Helm reads a chart's values.yaml and `-f` files (YAML 1.1, through
//! JSON, every number a float64).

use crate::case::{Case, Section};

fn case(name: &str) -> Case {
    Case::new(Section::Yaml, name)
}

pub fn cases() -> Vec<Case> {
    let mut all = Vec::new();
    all.extend(booleans());
    all.extend(keys());
    all.extend(numbers());
    all.extend(special_floats());
    all.extend(strings_and_nulls());
    all.extend(tags());
    all.extend(structure());
    all.extend(anchors());
    all.extend(duplicates());
    all.extend(whitespace());
    all.extend(documents());
    all
}

fn booleans() -> Vec<Case> {
    vec![
        case("bool_every_true_spelling")
            .values("t: [y, Y, yes, Yes, YES, on, On, ON, true, True, TRUE]\n")
            .shows(
                "/t",
                "[true,true,true,true,true,true,true,true,true,true,true]",
            ),
        case("bool_every_false_spelling")
            .values("f: [n, N, no, No, NO, off, Off, OFF, false, False, FALSE]\n")
            .shows(
                "/f",
                "[false,false,false,false,false,false,false,false,false,false,false]",
            ),
        case("bool_other_spellings_are_strings")
            .values("s: [tRuE, yEs, oN, oFF, nO, t, f, T, F, Yes.]\n")
            .shows(
                "/s",
                r#"["tRuE","yEs","oN","oFF","nO","t","f","T","F","Yes."]"#,
            ),
        case("bool_quoted_spellings_are_strings")
            .values("s: [\"yes\", 'on', \"true\", 'False', \"n\"]\n")
            .shows("/s", r#"["yes","on","true","False","n"]"#),
        case("bool_map_values")
            .values("enabled: yes\ndebug: off\nauto: On\n")
            .shows("/enabled", "true")
            .shows("/debug", "false")
            .shows("/auto", "true"),
        case("bool_in_chart_defaults")
            .defaults("enabled: no\nstrict: Y\n")
            .shows("/enabled", "false")
            .shows("/strict", "true"),
    ]
}

fn keys() -> Vec<Case> {
    // Keys of different YAML types that convert to the same text (`on` and `"true"`, `1` and
    // `"1"`, `1` and `1.0`) collide in an order Helm does not fix: its YAML-to-JSON step walks
    // a Go map, so either value may win from one run to the next. No case pins one.
    vec![
        case("key_yes_on_y_become_true")
            .values("one:\n  yes: 1\ntwo:\n  on: 2\nthree:\n  y: 3\nfour:\n  Y: 4\n")
            .shows("/one", r#"{"true":1}"#)
            .shows("/two", r#"{"true":2}"#)
            .shows("/three", r#"{"true":3}"#)
            .shows("/four", r#"{"true":4}"#),
        case("key_no_off_n_become_false")
            .values("one:\n  no: 1\ntwo:\n  off: 2\nthree:\n  n: 3\nfour:\n  N: 4\n")
            .shows("/one", r#"{"false":1}"#)
            .shows("/two", r#"{"false":2}"#)
            .shows("/three", r#"{"false":3}"#)
            .shows("/four", r#"{"false":4}"#),
        case("key_true_false_stay_text")
            .values("true: 1\nfalse: 2\n")
            .shows("", r#"{"true":1,"false":2}"#),
        case("key_quoted_on_stays_on")
            .values("\"on\": 8\n'yes': 9\n")
            .shows("/on", "8")
            .shows("/yes", "9"),
        case("key_bool_spellings_collide_last_wins")
            .values("yes: 1\non: 2\ny: 3\nno: 4\noff: 5\nn: 6\n")
            .shows("", r#"{"true":3,"false":6}"#),
        case("key_bool_collision_nested_maps_replace_not_merge")
            .values("on:\n  a: 1\nyes:\n  b: 2\n")
            .shows("/true", r#"{"b":2}"#),
        case("key_numbers_become_text")
            .values("1: a\n1.5: b\n-3: c\n1e3: d\n")
            .shows("/1", r#""a""#)
            .shows("/1.5", r#""b""#)
            .shows("/-3", r#""c""#)
            .shows("/1000", r#""d""#),
        case("key_hex_and_octal_become_decimal_text")
            .values("0x10: hex\n010: octal\n0o7: o\n0b11: bin\n1_000: us\n")
            .shows("/16", r#""hex""#)
            .shows("/8", r#""octal""#)
            .shows("/7", r#""o""#)
            .shows("/3", r#""bin""#)
            .shows("/1000", r#""us""#),
        case("key_empty_string_is_valid")
            .values("\"\": c\nm:\n  '': d\n")
            .shows("/", r#""c""#)
            .shows("/m/", r#""d""#),
        case("key_quoted_dotted_is_literal_not_path")
            .values("\"a.b\": d\na:\n  b: e\n")
            .shows("/a.b", r#""d""#)
            .shows("/a/b", r#""e""#),
        case("key_null_tilde_is_an_error")
            .values("~: 1\n")
            .fails("unsupported map key of type: %!s(<nil>)"),
        case("key_null_word_is_an_error")
            .values("a:\n  null: g\n")
            .fails("unsupported map key of type: %!s(<nil>)"),
        case("key_null_in_chart_defaults_is_an_error")
            .defaults("~: 1\n")
            .fails("unsupported map key of type: %!s(<nil>)"),
        case("key_flow_sequence_is_an_error")
            .values("? [x, z]\n: 2\n")
            .fails("invalid map key"),
        case("key_explicit_question_mark_form")
            .values("? a\n: 1\n")
            .shows("/a", "1"),
        case("key_special_floats_keep_their_spelling")
            .values(".inf: a\n-.inf: b\n.nan: c\n1e400: d\n")
            .shows("", r#"{".inf":"a","-.inf":"b",".nan":"c","1e400":"d"}"#),
        case("key_integers_keep_int64_precision")
            .values("9007199254740993: j\n9223372036854775807: k\n-9223372036854775808: m\n")
            .shows(
                "",
                r#"{"9007199254740993":"j","9223372036854775807":"k","-9223372036854775808":"m"}"#,
            ),
        case("key_float_spellings_become_shortest_text")
            .values("1.50: b\n-0: d\n+5: e\n1_0: f\n0.1: g\n-.5: h\n")
            .shows(
                "",
                r#"{"1.5":"b","0":"d","5":"e","10":"f","0.1":"g","-0.5":"h"}"#,
            ),
        case("key_beyond_int64_is_an_error")
            .values("12345678901234567890: k\n")
            .fails("unsupported map key of type: uint64"),
        case("key_flow_mapping_is_an_error")
            .values("? {a: 1}\n: x\n")
            .fails("invalid map key: map[interface {}]interface {}"),
        case("key_from_alias")
            .values("a: &k key\n*k : v\n")
            .shows("", r#"{"a":"key","key":"v"}"#),
        case("key_timestamp_stays_text")
            .values("2024-01-02: day\n")
            .shows("/2024-01-02", r#""day""#),
    ]
}

fn numbers() -> Vec<Case> {
    vec![
        case("number_integers_are_float64")
            .values("a: 1\nb: -5\nc: 0\n")
            .shows("", r#"{"a":1,"b":-5,"c":0}"#),
        case("number_octal_spellings")
            .values("a: 010\nb: 0o10\nc: 0755\nd: 0o777\n")
            .shows("", r#"{"a":8,"b":8,"c":493,"d":511}"#),
        case("number_hex_and_binary")
            .values("a: 0x1F\nb: 0X1F\nc: 0b101\nd: -0x1F\ne: +0x1F\n")
            .shows("", r#"{"a":31,"b":31,"c":5,"d":-31,"e":31}"#),
        case("number_underscores")
            .values("a: 1_000\nb: 1_000.5\nc: 0b1_01\nd: 1__0\ne: 1_\nf: 0x_1F\n")
            .shows("", r#"{"a":1000,"b":1000.5,"c":5,"d":10,"e":1,"f":31}"#),
        case("number_signs")
            .values("a: +12\nb: -0\nc: -12\nd: +0\n")
            .shows("", r#"{"a":12,"b":0,"c":-12,"d":0}"#),
        case("number_invalid_octal_read_as_decimal")
            .values("a: 08\nb: 0789\nc: 09\n")
            .shows("", r#"{"a":8,"b":789,"c":9}"#),
        case("number_float_spellings")
            .values("a: 1.0\nb: 5.\nc: .5\nd: 1e3\ne: -.5\nf: +.5\ng: 0.5e1\nh: 1E3\ni: 1e+3\nj: .5e-1\n")
            .shows("", r#"{"a":1,"b":5,"c":0.5,"d":1000,"e":-0.5,"f":0.5,"g":5,"h":1000,"i":1000,"j":0.05}"#),
        case("number_negative_zero_float")
            .values("a: -0.0\nb: 0.0\n")
            .shows("/a", "-0")
            .shows("/b", "0"),
        case("number_beyond_2_pow_53_loses_precision")
            .values("a: 9007199254740993\nb: 9223372036854775807\nc: 12345678901234567890\n")
            .shows("/a", "9007199254740992")
            .shows("/b", "9223372036854776000")
            .shows("/c", "12345678901234567000"),
        case("number_json_exponent_thresholds")
            .values("a: 1e-7\nb: 1e21\nc: 0.000001\nd: 100000000000000000000\ne: -1e21\nf: 1e20\ng: 1e-6\n")
            .shows("/a", "1e-7")
            .shows("/b", "1e+21")
            .shows("/c", "0.000001")
            .shows("/d", "100000000000000000000"),
        case("number_long_fractions_round")
            .values("a: 0.1\nb: 123456789.123456789\nc: 6.02e23\nd: 1.7976931348623157e308\ne: 3.14159265358979323846\n")
            .shows("/a", "0.1")
            .shows("/c", "6.02e23"),
        case("number_out_of_float_range_is_a_string")
            .values("a: 1e400\nb: -1e400\n")
            .shows("/a", r#""1e400""#)
            .shows("/b", r#""-1e400""#),
        case("number_lookalikes_stay_strings")
            .values("a: 1e\nb: 0x\nc: 0o\nd: 0b\ne: 1.2.3\nf: 1,000\ng: 0x1G\nh: 12abc\ni: \"12\"\n")
            .shows("", r#"{"a":"1e","b":"0x","c":"0o","d":"0b","e":"1.2.3","f":"1,000","g":"0x1G","h":"12abc","i":"12"}"#),
        case("number_beyond_int64")
            .values("a: 0xFFFFFFFFFFFFFFFF\nb: 0b1111111111111111111111111111111111111111111111111111111111111111\nc: -9223372036854775809\nd: 0x10000000000000000\n")
            .shows("/a", "18446744073709552000")
            .shows("/b", "18446744073709552000")
            .shows("/c", "-9223372036854776000")
            .shows("/d", r#""0x10000000000000000""#),
        case("number_underflow_is_zero")
            .values("a: 1e-400\nb: -1e-400\n")
            .shows("/a", "0"),
        case("number_more_spellings")
            .values("a: -0o10\nb: 0o18\nc: 0x1p3\nd: 1_000_000\ne: 1,5\nf: 1.5e+3\ng: 1.e3\nh: 0.\ni: -.0\nj: 1.0e+3\nk: 1e-05\n")
            .shows("", r#"{"a":-8,"b":"0o18","c":"0x1p3","d":1000000,"e":"1,5","f":1500,"g":1000,"h":0,"i":-0,"j":1000,"k":0.00001}"#),
        case("number_underscored_fraction")
            .values("a: 1_0.5_5\n")
            .shows("/a", "10.55"),
        case("number_version_like_values")
            .values("a: 1.10\nb: \"1.10\"\nc: 1.20.3\nd: 007\ne: \"01\"\nf: 1.2\ng: v1.10\n")
            .shows("", r#"{"a":1.1,"b":"1.10","c":"1.20.3","d":7,"e":"01","f":1.2,"g":"v1.10"}"#),
        case("number_in_chart_defaults")
            .defaults("a: 010\nb: 0x1F\nc: 1e3\nd: 9007199254740993\ne: 1.10\n")
            .shows("", r#"{"a":8,"b":31,"c":1000,"d":9007199254740992,"e":1.1}"#),
        case("number_in_lists_and_nested")
            .values("l: [010, 0x10, 1_0, 1e1]\nm:\n  k:\n    o: 0b11\n")
            .shows("/l", "[8,16,10,10]")
            .shows("/m/k/o", "3"),
    ]
}

fn special_floats() -> Vec<Case> {
    vec![
        case("inf_is_an_error")
            .values("a: .inf\n")
            .fails("unsupported value: +Inf"),
        case("negative_inf_is_an_error")
            .values("a: -.inf\n")
            .fails("unsupported value: -Inf"),
        case("nan_is_an_error")
            .values("a: .nan\n")
            .fails("unsupported value: NaN"),
        case("inf_capitalised_is_an_error")
            .values("a: .Inf\n")
            .fails("unsupported value: +Inf"),
        case("nan_capitalised_is_an_error")
            .values("a: .NaN\n")
            .fails("unsupported value: NaN"),
        case("inf_inside_a_list_is_an_error")
            .values("a:\n  b: [1, .inf]\n")
            .fails("unsupported value: +Inf"),
        case("inf_in_chart_defaults_is_an_error")
            .defaults("a: .inf\n")
            .fails("unsupported value: +Inf"),
        case("inf_with_plus_sign_is_an_error")
            .values("a: +.inf\n")
            .fails("unsupported value: +Inf"),
        case("inf_quoted_is_a_string")
            .values("a: \".inf\"\nb: inf\nc: NaN\n")
            .shows("", r#"{"a":".inf","b":"inf","c":"NaN"}"#),
    ]
}

fn strings_and_nulls() -> Vec<Case> {
    vec![
        case("timestamps_stay_strings_verbatim")
            .values("a: 2024-01-02\nb: 2001-12-14t21:59:43.10-05:00\nc: 2001-12-14 21:59:43.10 -5\nd: 2001-12-15T02:59:43.1Z\n")
            .shows("", r#"{"a":"2024-01-02","b":"2001-12-14t21:59:43.10-05:00","c":"2001-12-14 21:59:43.10 -5","d":"2001-12-15T02:59:43.1Z"}"#),
        case("null_spellings")
            .values("a: null\nb: Null\nc: NULL\nd: ~\ne:\nf: \"null\"\ng: nULL\n")
            .shows("", r#"{"a":null,"b":null,"c":null,"d":null,"e":null,"f":"null","g":"nULL"}"#),
        case("null_empty_value_followed_by_comment")
            .values("a:   \nb: # c\n")
            .shows("", r#"{"a":null,"b":null}"#),
        case("null_items_in_lists")
            .values("a:\n  - x\n  -\n  - ~\n  - null\n")
            .shows("/a", r#"["x",null,null,null]"#),
        case("block_scalars_literal_and_folded")
            .values("a: |\n  l1\n  l2\nb: >\n  f1\n  f2\n\n  f3\nc: |-\n  x\nd: |+\n  x\n\ne: >-\n  a\n   b\n  c\n")
            .shows("", r#"{"a":"l1\nl2\n","b":"f1 f2\nf3\n","c":"x","d":"x\n\n","e":"a\n b\nc"}"#),
        case("block_scalar_indentation_indicator")
            .values("a: |2\n   indented\n  x\n")
            .shows("/a", r#"" indented\nx\n""#),
        case("quoting_and_escapes")
            .values("a: \"esc \\u00e9 \\x41 \\n \\t \\\\ \\\"\"\nb: 'it''s \\n'\nc: plain # comment\nd: \"#not\"\ne: a#b\n")
            .shows("", r##"{"a":"esc é A \n \t \\ \"","b":"it's \\n","c":"plain","d":"#not","e":"a#b"}"##),
        case("multiline_plain_and_quoted_folding")
            .values("a: one\n  two\n\n  three\nb: \"x\n  y\"\n")
            .shows("", r#"{"a":"one two\nthree","b":"x y"}"#),
        case("html_characters_and_unicode")
            .values("a: <&>\nb: \"\\u2028\"\nc: héllo ☃\nd: \"\\U0001F600\"\n")
            .shows("", r#"{"a":"<&>","b":"\u2028","c":"héllo ☃","d":"😀"}"#),
        case("nul_character_in_quoted_key")
            .values("\"a\\x00b\": 1\n")
            .shows("/a\u{0}b", "1"),
    ]
}

fn tags() -> Vec<Case> {
    vec![
        case("tags_spec_examples")
            .values("a: !!str 123\nb: !!int \"42\"\nc: !!float 1\nd: !!bool \"true\"\ne: !!binary aGVsbG8=\n")
            .shows("", r#"{"a":"123","b":42,"c":1,"d":true,"e":"hello"}"#),
        case("tags_str_null_map_seq")
            .values("f: !!str true\ng: !!null \"\"\nh: !!float \"1.5\"\ni: !!str\nj: !!map {x: 1}\nk: !!seq [1]\n")
            .shows("", r#"{"f":"true","g":null,"h":1.5,"i":"","j":{"x":1},"k":[1]}"#),
        case("tag_bool_accepts_yaml11_words")
            .values("a: !!bool yes\nb: !!bool \"off\"\n")
            .shows("", r#"{"a":true,"b":false}"#),
        case("tag_int_on_text_is_an_error")
            .values("a: !!int \"x\"\n")
            .fails("cannot decode !!str `x` as a !!int"),
        case("tag_int_on_fraction_is_an_error")
            .values("a: !!int 1.5\n")
            .fails("cannot decode !!float `1.5` as a !!int"),
        case("tag_binary_invalid_base64_is_an_error")
            .values("a: !!binary \"####\"\n")
            .fails("!!binary value contains invalid base64 data"),
        case("tag_binary_multiline")
            .values("a: !!binary |\n  aGVs\n  bG8=\n")
            .shows("/a", r#""hello""#),
        case("tag_binary_not_utf8_becomes_replacement_character")
            .values("a: !!binary /w==\n")
            .shows("/a", r#""\ufffd""#),
        case("tag_custom_local_makes_a_string")
            .values("a: !custom 5\nb: !custom x\nc: !custom true\n")
            .shows("", r#"{"a":"5","b":"x","c":"true"}"#)
            // Helm strips the tag; shared/spec/reliability.md asks for an error naming it.
            .strata_refuses("tag !custom"),
        case("tag_timestamp_stays_text")
            .values("a: !!timestamp 2024-01-02\n")
            .shows("/a", r#""2024-01-02""#),
        case("tag_int_and_float_on_other_spellings")
            .values("a: !!int 0x1F\nb: !!float 010\n")
            .shows("", r#"{"a":31,"b":8}"#),
        case("tag_int_on_exponent_is_an_error")
            .values("a: !!int 1e3\n")
            .fails("cannot decode !!float `1e3` as a !!int"),
        case("tag_set_makes_map_of_nulls")
            .values("a: !!set {p, q}\n")
            .shows("/a", r#"{"p":null,"q":null}"#),
        case("tag_omap_makes_list_of_maps")
            .values("a: !!omap [p: 1, q: 2]\n")
            .shows("/a", r#"[{"p":1},{"q":2}]"#),
        case("tag_float_out_of_range_is_an_error")
            .values("a: !!float 1e400\n")
            .fails("cannot decode !!str `1e400` as a !!float"),
    ]
}

fn structure() -> Vec<Case> {
    vec![
        case("flow_mapping_document")
            .values("{a: 1, b: [1, {c: 2}]}\n")
            .shows("", r#"{"a":1,"b":[1,{"c":2}]}"#),
        case("nested_lists_and_maps")
            .values("a:\n- b: 1\n  c: [x, [w, z]]\n- - 1\n  - 2\n")
            .shows("/a", r#"[{"b":1,"c":["x",["w","z"]]},[1,2]]"#),
        case("block_sequence_in_wrong_context_is_an_error")
            .values("a: 1\nb: - x\n")
            .fails("block sequence entries are not allowed in this context"),
        case("unclosed_flow_is_an_error")
            .values("a: [1, 2\n")
            .fails("did not find expected ',' or ']'"),
        case("empty_item_in_flow_sequence_is_an_error")
            .values("a: [1, , 2]\n")
            .fails("did not find expected node content"),
        case("bad_indentation_is_an_error")
            .values("a:\n    b: 1\n  c: 2\n")
            .fails("did not find expected key"),
    ]
}

fn anchors() -> Vec<Case> {
    vec![
        case("anchor_alias_expands_copies")
            .values("a: &s hello\nb: *s\nl: &l [1, 2]\nm: *l\nx: &x {k: 1}\nz: *x\n")
            .shows(
                "",
                r#"{"a":"hello","b":"hello","l":[1,2],"m":[1,2],"x":{"k":1},"z":{"k":1}}"#,
            ),
        case("anchor_unknown_is_an_error")
            .values("a: *nope\n")
            .fails("unknown anchor 'nope' referenced"),
        case("anchor_redefined_later_alias_takes_latest")
            .values("a: &a {x: 1}\nb: &a {x: 2}\nc: *a\n")
            .shows("/c", r#"{"x":2}"#),
        case("merge_key_single")
            .values("base: &b {x: 1, k: 2}\nd:\n  <<: *b\n  k: 3\n")
            .shows("/d", r#"{"k":3,"x":1}"#),
        case("merge_key_list_earlier_wins")
            .values("a: &a {x: 1, k: 1}\nb: &b {k: 2, z: 2}\nc:\n  <<: [*a, *b]\n")
            .shows("/c", r#"{"k":1,"x":1,"z":2}"#),
        case("merge_key_explicit_after_wins")
            .values("a: &a {x: 1}\nc:\n  w: 0\n  <<: *a\n  x: 5\n")
            .shows("/c", r#"{"w":0,"x":5}"#),
        case("merge_key_explicit_before_merge")
            .values("a: &a {x: 1}\nc:\n  x: 5\n  <<: *a\n")
            .shows("/c", r#"{"x":1}"#),
        case("merge_key_is_shallow")
            .values("a: &a {x: {p: 1}}\nc:\n  <<: *a\n  x: {q: 2}\n")
            .shows("/c", r#"{"x":{"q":2}}"#),
        case("merge_key_twice")
            .values("a: &a {x: 1}\nc:\n  <<: *a\n  <<: {w: 2}\n")
            .shows("/c", r#"{"w":2,"x":1}"#),
        case("merge_key_inline_map")
            .values("c:\n  <<: {x: 1, w: 2}\n  w: 3\n")
            .shows("/c", r#"{"w":3,"x":1}"#),
        case("merge_key_list_with_inline_map")
            .values("a: &a {x: 1}\nc:\n  <<: [*a, {x: 3, w: 4}]\n")
            .shows("/c", r#"{"w":4,"x":1}"#),
        case("merge_key_scalar_is_an_error")
            .values("c:\n  <<: 5\n")
            .fails("map merge requires map or sequence of maps as the value"),
        case("merge_key_list_of_scalars_is_an_error")
            .values("a: &a [1]\nc:\n  <<: *a\n")
            .fails("map merge requires map or sequence of maps as the value"),
        case("merge_key_in_chart_defaults")
            .defaults("base: &b {x: 1, k: 2}\nd:\n  <<: *b\n  k: 3\n")
            .shows("/d", r#"{"k":3,"x":1}"#),
        case("merge_key_quoted_is_a_plain_key")
            .values("a: &a {x: 1}\nc:\n  \"<<\": *a\n")
            .shows("/c", r#"{"<<":{"x":1}}"#),
    ]
}

fn duplicates() -> Vec<Case> {
    vec![
        case("duplicate_keys_last_wins")
            .values("a: 1\na: 2\n")
            .shows("/a", "2"),
        case("duplicate_map_keys_replace_not_merge")
            .values("m: {x: 1}\nm: {k: 2}\n")
            .shows("/m", r#"{"k":2}"#),
        case("duplicate_keys_nested")
            .values("p:\n  q:\n    r: 1\n    r: 2\n")
            .shows("/p/q/r", "2"),
        case("duplicate_keys_in_chart_defaults")
            .defaults("a: 1\na: 2\np:\n  r: 1\n  r: [x]\n")
            .shows("", r#"{"a":2,"p":{"r":["x"]}}"#),
        case("duplicate_key_null_last")
            .values("a: 1\na: null\n")
            .shows("", r#"{"a":null}"#),
    ]
}

fn whitespace() -> Vec<Case> {
    vec![
        case("tab_indentation_is_an_error")
            .values("a:\n\tb: 1\n")
            .fails("found character that cannot start any token"),
        case("tab_after_a_value_line_is_an_error")
            .values("a: 1\n\tb: 2\n")
            .fails("found a tab character that violates indentation"),
        case("tab_at_start_of_file_is_an_error")
            .values("\ta: 1\n")
            .fails("found character that cannot start any token"),
        case("tab_indentation_in_chart_defaults_is_an_error")
            .defaults("a:\n\tb: 1\n")
            .fails("found character that cannot start any token"),
        case("tabs_inside_scalars_are_kept")
            .values("a: \"x\ty\"\nb: x\ty\nc: |\n  p\tq\n")
            .shows("", r#"{"a":"x\ty","b":"x\ty","c":"p\tq\n"}"#),
        case("tab_after_colon_separates")
            .values("a:\t1\n")
            .shows("/a", "1"),
        case("escaped_apostrophe_in_double_quotes")
            .values("a: \"it\\'s\"\nc: [\"\\'\", x]\n\"k\\'\": 2\n")
            .shows("", r#"{"a":"it's","c":["'","x"],"k'":2}"#),
        case("escaped_apostrophe_beside_a_bell_escape")
            .values("a: \"bell\\a\"\nb: \"it\\'s\"\n")
            .shows("", r#"{"a":"bell\u0007","b":"it's"}"#),
        case("escaped_slash_is_not_yaml_1_1")
            .values("a: \"x\\/y\"\n")
            .fails("found unknown escape character"),
        case("backslash_slash_in_single_quotes_is_text")
            .values("a: 'x\\/y'\n")
            .shows("/a", r#""x\\/y""#),
        case("yaml_1_1_directive_is_fine")
            .values("%YAML 1.1\n---\na: yes\n")
            .shows("/a", "true")
            // Helm 4 splits at `---` first, which leaves the directive a document of its own.
            .on_helm4(|c| c.fails("did not find expected <document start>")),
        case("yaml_1_2_directive_is_incompatible")
            .values("%YAML 1.2\n---\na: yes\n")
            .fails("found incompatible YAML document"),
        case("unknown_directive_is_an_error")
            .values("%FOO bar\n---\na: 1\n")
            .fails("found unknown directive name"),
        case("flow_sequence_closed_at_the_left_margin")
            .values("l: [\"x\"\n]\nm: [\n\"a\",\n  'b'\n]\n")
            .shows("", r#"{"l":["x"],"m":["a","b"]}"#),
        case("flow_continuation_lines_left_of_their_key")
            .values("a:\n  l: [\nx, y]\n  m: {\np: 1,\n    q: \"2\"\n}\n")
            .shows("", r#"{"a":{"l":["x",true],"m":{"p":1,"q":"2"}}}"#),
        case("quoted_scalar_continued_at_the_left_margin")
            .values("a:\n  l: \"ab\ncd\"\n  m: 'x\n\n y'\n")
            .shows("", r#"{"a":{"l":"ab cd","m":"x\ny"}}"#),
        case("bom_is_ignored")
            .values("\u{feff}a: 1\n")
            .shows("", r#"{"a":1}"#),
        case("bom_in_chart_defaults_is_ignored")
            .defaults("\u{feff}a: 1\n")
            .shows("", r#"{"a":1}"#),
        case("crlf_line_endings")
            .values("a: 1\r\nb: |\r\n  x\r\n  y\r\nc:\r\n  - z\r\n")
            .shows("", r#"{"a":1,"b":"x\ny\n","c":["z"]}"#),
        case("crlf_in_chart_defaults")
            .defaults("a: 1\r\nb: >\r\n  x\r\n  y\r\n")
            .shows("", r#"{"a":1,"b":"x y\n"}"#),
        case("no_trailing_newline").values("a: 1").shows("/a", "1"),
        case("trailing_spaces_are_trimmed")
            .values("a: x   \nb: 1  \n")
            .shows("", r#"{"a":"x","b":1}"#),
    ]
}

fn documents() -> Vec<Case> {
    let base = "a: 1\n";
    vec![
        case("empty_file_contributes_nothing")
            .defaults(base)
            .values("")
            .shows("", r#"{"a":1}"#),
        case("comment_only_file_contributes_nothing")
            .defaults(base)
            .values("# nothing here\n")
            .shows("", r#"{"a":1}"#),
        case("lone_document_marker_contributes_nothing")
            .defaults(base)
            .values("---\n")
            .shows("", r#"{"a":1}"#),
        case("null_document_contributes_nothing")
            .defaults(base)
            .values("null\n")
            .shows("", r#"{"a":1}"#),
        case("tilde_document_contributes_nothing")
            .defaults(base)
            .values("~\n")
            .shows("", r#"{"a":1}"#),
        case("whitespace_only_file_contributes_nothing")
            .defaults(base)
            .values("\n  \n\n")
            .shows("", r#"{"a":1}"#),
        case("missing_chart_values_is_empty").shows("", "{}"),
        case("empty_chart_values_is_empty")
            .defaults("")
            .shows("", "{}"),
        case("comment_only_chart_values")
            .defaults("# all commented out\n# a: 1\n")
            .values("b: 2\n")
            .shows("", r#"{"b":2}"#),
        case("top_level_list_is_an_error")
            .values("- 1\n")
            .fails("cannot unmarshal array into Go value of type map[string]interface {}"),
        case("top_level_number_is_an_error")
            .values("5\n")
            .fails("cannot unmarshal number into Go value of type map[string]interface {}"),
        case("top_level_string_is_an_error")
            .values("abc\n")
            .fails("cannot unmarshal string into Go value of type map[string]interface {}"),
        case("top_level_bool_is_an_error")
            .values("true\n")
            .fails("cannot unmarshal bool into Go value of type map[string]interface {}"),
        case("top_level_empty_flow_list_is_an_error")
            .values("[]\n")
            .fails("cannot unmarshal array into Go value of type map[string]interface {}"),
        case("top_level_empty_flow_map_contributes_nothing")
            .defaults(base)
            .values("{}\n")
            .shows("", r#"{"a":1}"#),
        case("top_level_list_in_chart_defaults_is_an_error")
            .defaults("- 1\n")
            .fails("cannot unmarshal array into Go value of type map[string]interface {}"),
        case("multi_document_first_only")
            .values("a: 1\n---\nb: 2\n")
            .shows("", r#"{"a":1}"#)
            .on_helm4(|c| c.succeeds().shows("", r#"{"a":1,"b":2}"#)),
        case("multi_document_leading_marker_is_not_empty_document")
            .values("---\na: 1\n---\nb: 2\n")
            .shows("", r#"{"a":1}"#)
            .on_helm4(|c| c.succeeds().shows("", r#"{"a":1,"b":2}"#)),
        case("multi_document_empty_first_document")
            .defaults(base)
            .values("---\n---\nc: 3\n")
            .shows("", r#"{"a":1}"#)
            .on_helm4(|c| c.succeeds().shows("", r#"{"a":1,"c":3}"#)),
        case("multi_document_comment_before_first_marker")
            .values("# x\n---\nc: 3\n")
            .shows("", r#"{"c":3}"#),
        case("multi_document_comment_only_first_document")
            .values("---\n# x\n---\nc: 3\n")
            .shows("", "{}")
            .on_helm4(|c| c.succeeds().shows("", r#"{"c":3}"#)),
        case("multi_document_null_first_document")
            .values("--- ~\n---\nc: 3\n")
            .shows("", "{}")
            .on_helm4(|c| c.fails("invalid Yaml document separator: ~")),
        case("multi_document_later_list_ignored")
            .values("a: 1\n---\n- x\n")
            .shows("", r#"{"a":1}"#)
            .on_helm4(|c| {
                c.fails("cannot unmarshal array into Go value of type map[string]interface {}")
            }),
        case("multi_document_later_invalid_yaml_ignored")
            .values("a: 1\n---\n: : bad: [\n")
            .shows("", r#"{"a":1}"#)
            .on_helm4(|c| c.fails("did not find expected key")),
        case("multi_document_first_list_is_an_error")
            .values("---\n- x\n---\na: 1\n")
            .fails("cannot unmarshal array into Go value of type map[string]interface {}"),
        case("multi_document_in_chart_defaults_first_only")
            .defaults("a: 1\n---\nb: 2\n")
            .shows("", r#"{"a":1}"#)
            .on_helm4(|c| c.succeeds().shows("", r#"{"a":1,"b":2}"#)),
        case("document_end_marker")
            .values("a: 1\n...\n")
            .shows("", r#"{"a":1}"#),
        case("document_inline_after_marker")
            .values("--- {a: 1}\n")
            .shows("", r#"{"a":1}"#)
            .on_helm4(|c| c.fails("invalid Yaml document separator: {a: 1}")),
        case("yaml_directive")
            .values("%YAML 1.1\n---\na: 1\n")
            .shows("", r#"{"a":1}"#)
            .on_helm4(|c| c.fails("did not find expected <document start>")),
    ]
}
