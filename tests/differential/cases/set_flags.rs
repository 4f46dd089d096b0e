//! §4 The --set family: syntax, typing, precedence, where each value goes, and errors.

use crate::case::{Case, Section};

fn case(name: &str) -> Case {
    Case::new(Section::SetFlags, name)
}

pub fn cases() -> Vec<Case> {
    let mut all = Vec::new();
    all.extend(precedence());
    all.extend(syntax());
    all.extend(typing());
    all.extend(other_flags());
    all.extend(placement());
    all.extend(errors());
    all
}

fn precedence() -> Vec<Case> {
    vec![
        case("precedence_fixed_order_of_flag_kinds")
            .file("v.txt", "file\n")
            .args(&["--set-literal", "e=lit"])
            .args(&["--set-file", "d=v.txt,e=v.txt"])
            .args(&["--set-string", "c=s,d=s,e=s"])
            .args(&["--set", "b=v,c=v,d=v,e=v"])
            .args(&["--set-json", "a=1,b=1,c=1,d=1,e=1"])
            .shows("", r#"{"a":1,"b":"v","c":"s","d":"file\n","e":"lit"}"#),
        case("precedence_files_before_every_flag")
            .set("a=flag")
            .values("a: file\nb: file\n")
            .shows("", r#"{"a":"flag","b":"file"}"#),
        case("precedence_same_kind_in_command_line_order")
            .set("a=1,b=1")
            .set("a=2")
            .shows("", r#"{"a":2,"b":1}"#),
        case("precedence_pairs_left_to_right")
            .set("a=1,a=2,b.c=1,b.c=3")
            .shows("", r#"{"a":2,"b":{"c":3}}"#),
        case("precedence_set_json_before_set_whatever_order")
            .set("a.x=1")
            .args(&["--set-json", r#"a={"z":2}"#])
            .shows("/a", r#"{"x":1,"z":2}"#),
        case("precedence_set_over_set_json_map")
            .args(&["--set-json", r#"a={"x":1,"z":2}"#])
            .set("a.x=9")
            .shows("/a", r#"{"x":9,"z":2}"#),
        case("precedence_set_string_after_set")
            .args(&["--set-string", "a=s"])
            .set("a=1")
            .shows("/a", r#""s""#),
        case("precedence_set_over_default")
            .defaults("a: 1\nm: {x: 1, k: 2}\n")
            .set("a=2,m.x=3")
            .shows("", r#"{"a":2,"m":{"k":2,"x":3}}"#),
    ]
}

fn syntax() -> Vec<Case> {
    vec![
        case("syntax_dotted_path_makes_maps")
            .set("a.b.c=1")
            .shows("", r#"{"a":{"b":{"c":1}}}"#),
        case("syntax_list_index_then_key")
            .set("a[0].b=1")
            .shows("/a", r#"[{"b":1}]"#),
        case("syntax_nested_list_indexes")
            .set("c[0][1]=2")
            .shows("/c", "[[null,2]]"),
        case("syntax_index_pads_with_null")
            .set("d[2]=x")
            .shows("/d", r#"[null,null,"x"]"#),
        case("syntax_index_fills_in_any_order")
            .set("a[2]=x,a[0]=y")
            .shows("/a", r#"["y",null,"x"]"#),
        case("syntax_spaces_are_part_of_the_key")
            .set(" d =1")
            .shows("/ d ", "1"),
        case("syntax_spaces_kept_in_value")
            .set("a= x ")
            .shows("/a", r#"" x ""#),
        case("syntax_first_equals_ends_the_key")
            .set("a=b=c")
            .shows("/a", r#""b=c""#),
        case("syntax_escaped_dot_in_key")
            .set(r"a\.b=1")
            .shows("/a.b", "1"),
        case("syntax_escaped_comma_in_value")
            .set(r"a=x\,y")
            .shows("/a", r#""x,y""#),
        case("syntax_escaped_equals_and_brackets")
            .set(r"e=x\=y,f=x\[0\]")
            .shows("", r#"{"e":"x=y","f":"x[0]"}"#),
        case("syntax_escaped_equals_in_key")
            .set(r"a\=b=1")
            .shows("/a=b", "1"),
        case("syntax_escaped_backslash")
            .set(r"g=a\\b")
            .shows("/g", r#""a\\b""#),
        case("syntax_backslash_before_ordinary_character_disappears")
            .set(r"h=C:\dir")
            .shows("/h", r#""C:dir""#),
        case("syntax_escaped_bracket_in_key")
            .set(r"a\[0\]=1")
            .shows("/a[0]", "1"),
        case("syntax_comma_separated_pairs")
            .set("a=1,b=2,c.d=3")
            .shows("", r#"{"a":1,"b":2,"c":{"d":3}}"#),
        case("syntax_braces_make_a_list")
            .set("a={x,y,z}")
            .shows("/a", r#"["x","y","z"]"#),
        case("syntax_empty_braces_make_list_of_empty_string")
            .set("b={}")
            .shows("/b", r#"[""]"#),
        case("syntax_list_items_typed_like_values")
            .set("c={1,true,null,007,1.5,0}")
            .shows("/c", r#"[1,true,null,"007","1.5",0]"#),
        case("syntax_list_item_escaped_comma")
            .set(r"g={a\,b,c}")
            .shows("/g", r#"["a,b","c"]"#),
        case("syntax_list_then_more_pairs")
            .set("a={x,y},b=2")
            .shows("", r#"{"a":["x","y"],"b":2}"#),
        case("syntax_braces_inside_value_are_text")
            .set("a=x{y},f=x}")
            .shows("", r#"{"a":"x{y}","f":"x}"}"#),
        case("syntax_list_into_map_key")
            .set("a.b={x},a.c=1")
            .shows("/a", r#"{"b":["x"],"c":1}"#),
        case("syntax_list_then_index_extends")
            .set("a={1},a[2]=3")
            .shows("/a", "[1,null,3]"),
        case("syntax_quotes_are_not_syntax")
            .set(r#"d="",j='q',k="a b""#)
            .shows("", r#"{"d":"\"\"","j":"'q'","k":"\"a b\""}"#),
        case("syntax_empty_key_is_ignored")
            .set("=1,a=2")
            .shows("", r#"{"a":2}"#),
        case("syntax_leading_dot_is_ignored")
            .set(".a=1")
            .shows("", "{}"),
        case("syntax_closing_bracket_alone_is_part_of_key")
            .set("a]=1")
            .shows("/a]", "1"),
        case("syntax_trailing_dot_after_index")
            .set("a[0].=1")
            .shows("/a", "[{}]"),
        case("syntax_index_65536_allowed")
            .set("b[65536]=x")
            .shows("/b/65536", r#""x""#)
            .shows("/b/65535", "null"),
        case("syntax_30_levels_allowed")
            .set(&format!("{}x=1", "k.".repeat(30)))
            .shows(&format!("{}/x", "/k".repeat(30)), "1"),
        case("syntax_list_as_list_element")
            .set("a[0]={x,y}")
            .shows("/a", r#"[["x","y"]]"#),
        case("syntax_index_edits_list_from_earlier_flag")
            .set("a={x,y}")
            .set("a[3]=z")
            .set("b[0]=1")
            .set("b[1]=2")
            .shows("/a", r#"["x","y",null,"z"]"#)
            .shows("/b", "[1,2]"),
        case("syntax_deep_mixed_path")
            .set("a.b[0].c[1].d=1")
            .shows("/a", r#"{"b":[{"c":[null,{"d":1}]}]}"#),
        case("syntax_escaped_comma_in_key")
            .set(r"a\,b=1")
            .shows("/a,b", "1"),
        case("syntax_lone_backslash_value")
            .set(r"a=\")
            .set(r"b=1\")
            .shows("", r#"{"a":"","b":1}"#),
        case("syntax_closing_brace_alone_is_text")
            .set("a=}")
            .shows("/a", r#""}""#),
        case("syntax_unicode_key_and_value")
            .set("名前=値,é=ü")
            .shows("", r#"{"名前":"値","é":"ü"}"#),
    ]
}

fn typing() -> Vec<Case> {
    vec![
        case("typing_bools_any_case")
            .set("a=true,b=tRuE,c=FALSE,d=False")
            .shows("", r#"{"a":true,"b":true,"c":false,"d":false}"#),
        case("typing_yaml_words_stay_strings")
            .set("a=yes,b=t,c=on,d=no,e=y")
            .shows("", r#"{"a":"yes","b":"t","c":"on","d":"no","e":"y"}"#),
        case("typing_null_any_case")
            .set("a=null,b=NULL,c=Null")
            .shows("", r#"{"a":null,"b":null,"c":null}"#),
        case("typing_int64")
            .set("a=1,b=-5,c=+1,d=-0,e=-007,f=0")
            .shows("", r#"{"a":1,"b":-5,"c":1,"d":0,"e":-7,"f":0}"#),
        case("typing_int64_limits")
            .set("k=9223372036854775807,w=-9223372036854775808")
            .shows("/k", "9223372036854775807")
            .shows("/w", "-9223372036854775808"),
        case("typing_int64_overflow_is_a_string")
            .set("t=12345678901234567890,x=-9223372036854775809,y=9223372036854775808")
            .shows("", r#"{"t":"12345678901234567890","x":"-9223372036854775809","y":"9223372036854775808"}"#),
        case("typing_leading_zero_and_non_decimal_are_strings")
            .set("l=007,m=00,n=0x10,o=0o7,p=0b1")
            .shows("", r#"{"l":"007","m":"00","n":"0x10","o":"0o7","p":"0b1"}"#),
        case("typing_fractions_and_exponents_are_strings")
            .set("o=1.5,p=1e3,q=1.0,r=1_000,s=.5")
            .shows("", r#"{"o":"1.5","p":"1e3","q":"1.0","r":"1_000","s":".5"}"#),
        case("typing_tilde_is_a_string")
            .set("s=~")
            .shows("/s", r#""~""#),
        case("typing_empty_value_is_empty_string")
            .set("u=")
            .shows("/u", r#""""#),
        case("typing_int_over_float_default_prints_same")
            .defaults("a: 1.5\nb: 2\n")
            .set("a=3,b=3")
            .shows("", r#"{"a":3,"b":3}"#),
        case("typing_int64_precision_kept_unlike_files")
            .set("a=9007199254740993")
            .shows("/a", "9007199254740993"),
        case("typing_spaces_make_strings")
            .set("a= 1,b=1 ,c= true")
            .shows("", r#"{"a":" 1","b":"1 ","c":" true"}"#),
    ]
}

fn other_flags() -> Vec<Case> {
    vec![
        case("set_string_every_scalar_is_a_string")
            .args(&["--set-string", "a=1,b=true,c=null,d={x,1},e="])
            .shows(
                "",
                r#"{"a":"1","b":"true","c":"null","d":["x","1"],"e":""}"#,
            ),
        case("set_string_null_deletes_nothing")
            .defaults("a: 1\n")
            .args(&["--set-string", "a=null"])
            .shows("/a", r#""null""#),
        case("set_string_escapes_like_set")
            .args(&["--set-string", r"a\.b=x\,y"])
            .shows("/a.b", r#""x,y""#),
        case("set_file_dash_reads_standard_input")
            .stdin("hello\n")
            .args(&["--set-file", "k=-"])
            .shows("/k", r#""hello\n""#),
        case("set_file_dash_with_spaces_reads_standard_input")
            .stdin("hello\n")
            .args(&["--set-file", "k=  -  "])
            .shows("/k", r#""hello\n""#),
        case("set_file_second_dash_reads_nothing")
            .stdin("hello\n")
            .args(&["--set-file", "k=-,j=-"])
            .shows("", r#"{"j":"","k":"hello\n"}"#),
        case("set_file_dash_after_values_from_standard_input_reads_nothing")
            .stdin("x: 1\n")
            .args(&["-f", "-", "--set-file", "k=-"])
            .shows("", r#"{"k":"","x":1}"#),
        case("set_file_contents_verbatim")
            .file("n.txt", "42\n")
            .file("raw.txt", "a,b\\c")
            .args(&["--set-file", "a=n.txt,b=raw.txt"])
            .shows("", r#"{"a":"42\n","b":"a,b\\c"}"#),
        case("set_file_yaml_is_not_parsed")
            .file("v.yaml", "x: 1\nlist: [1]\n")
            .args(&["--set-file", "cfg.data=v.yaml"])
            .shows("/cfg/data", r#""x: 1\nlist: [1]\n""#),
        case("set_file_empty_file")
            .file("empty.txt", "")
            .args(&["--set-file", "a=empty.txt"])
            .shows("/a", r#""""#),
        case("set_file_crlf_and_bom_kept")
            .file("w.txt", "\u{feff}l1\r\nl2\r\n")
            .args(&["--set-file", "a=w.txt"])
            .shows("/a", "\"\u{feff}l1\\r\\nl2\\r\\n\""),
        case("set_file_into_list_index")
            .file("n.txt", "x")
            .args(&["--set-file", "a[1]=n.txt"])
            .shows("/a", r#"[null,"x"]"#),
        case("set_file_escaped_comma_in_path")
            .file("x,y.txt", "comma\n")
            .args(&["--set-file", r"a=x\,y.txt"])
            .shows("/a", r#""comma\n""#),
        case("set_file_missing_is_an_error")
            .args(&["--set-file", "a=nope.txt"])
            .fails("open nope.txt: no such file or directory"),
        case("set_literal_everything_after_first_equals")
            .args(&["--set-literal", r"a.b=x,y={z}\,\\"])
            .shows("/a/b", r#""x,y={z}\\,\\\\""#),
        case("set_literal_keeps_numbers_and_null_as_strings")
            .args(&["--set-literal", "a=1"])
            .args(&["--set-literal", "b=null"])
            .shows("", r#"{"a":"1","b":"null"}"#),
        case("set_literal_key_is_a_path")
            .args(&["--set-literal", "a[0].b=x=y"])
            .shows("/a", r#"[{"b":"x=y"}]"#),
        case("set_literal_empty_value")
            .args(&["--set-literal", "a="])
            .shows("/a", r#""""#),
        case("set_literal_backslash_in_key_is_not_an_escape")
            .args(&["--set-literal", r"a\.b=1"])
            .shows("", r#"{"a\\":{"b":"1"}}"#),
        case("set_literal_without_value_is_an_error")
            .args(&["--set-literal", "a"])
            .fails(r#"key "a" has no value"#),
        case("set_json_values")
            .args(&[
                "--set-json",
                r#"a={"x":1},b=[1,2.5,"s",null,true],d=1e3,e="str""#,
            ])
            .shows(
                "",
                r#"{"a":{"x":1},"b":[1,2.5,"s",null,true],"d":1000,"e":"str"}"#,
            ),
        case("set_json_commas_inside_json_do_not_split")
            .args(&["--set-json", r#"a={"x":1,"y":[1,2]},b=[3,4],c="x,y""#])
            .shows("", r#"{"a":{"x":1,"y":[1,2]},"b":[3,4],"c":"x,y"}"#),
        case("set_json_empty_value_is_null")
            .defaults("c: 1\n")
            .args(&["--set-json", "c="])
            .lacks("/c"),
        case("set_json_null")
            .args(&["--set-json", "a=null"])
            .shows("/a", "null"),
        case("set_json_numbers_are_float64")
            .args(&["--set-json", "a=12345678901234567890,b=1.0,c=-0,d=0.1"])
            .shows("", r#"{"a":12345678901234567000,"b":1,"c":-0,"d":0.1}"#),
        case("set_json_whitespace_around")
            .args(&["--set-json", r#"a= {"x" : 1},b=2 , c=3"#])
            .shows("", r#"{"a":{"x":1},"b":2," c":3}"#),
        case("set_json_key_path_and_index")
            .args(&["--set-json", r#"a.b\.c=1,l[1]={"k":true}"#])
            .shows("", r#"{"a":{"b.c":1},"l":[null,{"k":true}]}"#),
        case("set_json_empty_key_ignored")
            .args(&["--set-json", "=1"])
            .shows("", "{}"),
        case("set_json_invalid_is_an_error")
            .args(&["--set-json", "a={bad}"])
            .fails("failed parsing --set-json data a={bad}"),
        case("set_json_bare_object_is_an_error")
            .args(&["--set-json", r#"{"a":1}"#])
            .fails(r#"failed parsing --set-json data {"a":1}"#)
            .on_helm4(|c| c.succeeds().shows("/a", "1")),
        case("set_json_trailing_garbage_is_an_error")
            .args(&["--set-json", r#"a={"x":1}}"#])
            .fails(r#"failed parsing --set-json data a={"x":1}}"#),
        case("set_json_out_of_range_number_is_an_error")
            .args(&["--set-json", "c=1e400"])
            .fails("failed parsing --set-json data c=1e400"),
        case("set_json_pair_without_value_is_an_error")
            .args(&["--set-json", "a=1,b"])
            .fails("failed parsing --set-json data a=1,b"),
        case("set_json_before_set_even_when_later")
            .set("a=1")
            .args(&["--set-json", "a=[1]"])
            .shows("/a", "1"),
        case("set_json_into_scalar_is_an_error")
            .args(&["--set-json", "a=1"])
            .args(&["--set-json", "a.b=2"])
            .fails("failed parsing --set-json data a.b=2"),
    ]
}

fn placement() -> Vec<Case> {
    let file =
        "a: {x: 1, k: 2}\nl: [1, 2, 3]\nm: {list: [1, {p: 1}]}\nf: 5\nnul: null\nq: {z: 1}\n";
    vec![
        case("placement_set_json_replaces_file_map")
            .values(file)
            .args(&["--set-json", r#"a={"x":9}"#])
            .shows("/a", r#"{"x":9}"#),
        case("placement_set_json_map_over_default_merges_in_coalesce")
            .defaults("a: {x: 1, k: 2}\n")
            .args(&["--set-json", r#"a={"x":9}"#])
            .shows("/a", r#"{"k":2,"x":9}"#),
        case("placement_set_enters_file_map")
            .values(file)
            .set("a.z=3")
            .shows("/a", r#"{"k":2,"x":1,"z":3}"#),
        case("placement_index_edits_file_list_in_place")
            .values(file)
            .set("l[1]=9")
            .shows("/l", "[1,9,3]"),
        case("placement_index_past_end_pads_file_list")
            .values(file)
            .set("l[5]=9")
            .shows("/l", "[1,2,3,null,null,9]"),
        case("placement_key_after_index_merges_into_map_element")
            .values(file)
            .set("m.list[1].q=2")
            .shows("/m/list", r#"[1,{"p":1,"q":2}]"#),
        case("placement_key_after_index_replaces_scalar_element")
            .values(file)
            .set("m.list[0].q=2")
            .shows("/m/list", r#"[{"q":2},{"p":1}]"#),
        case("placement_index_against_default_list_builds_user_list")
            .defaults("d: [1, 2, 3]\n")
            .set("d[1]=9")
            .shows("/d", "[null,9]"),
        case("placement_key_after_index_against_default_list")
            .defaults("d: [{name: a, v: 1}, {name: b, v: 2}]\n")
            .set("d[1].v=9")
            .shows("/d", r#"[null,{"v":9}]"#),
        case("placement_set_null_deletes_default")
            .defaults("a: 1\nb: {x: 1}\n")
            .set("a=null,b.x=null")
            .shows("", r#"{"b":{}}"#),
        case("placement_set_null_without_default_kept")
            .set("a=null")
            .shows("", r#"{"a":null}"#),
        case("placement_set_null_replaces_file_value")
            .values(file)
            .set("a=null")
            .shows("/a", "null"),
        case("placement_set_map_key_after_scalar_pair")
            .set("a.b=1,a=2")
            .shows("/a", "2"),
        case("placement_set_into_default_scalar_is_fine")
            .defaults("f: 5\n")
            .set("f.b=1")
            .shows("/f", r#"{"b":1}"#)
            .warns("warning: skipped value for bare.f: Not a table."),
        case("placement_set_after_set_index_scalar_element")
            .set("a[0]=1")
            .set("a[0].b=2")
            .shows("/a", r#"[{"b":2}]"#),
        case("placement_set_after_set_index_map_element")
            .set("a[0].b=1")
            .set("a[0].c=2")
            .shows("/a", r#"[{"b":1,"c":2}]"#),
        case("placement_set_index_into_file_null")
            .values("nul: null\n")
            .set("nul[0]=1")
            .fails("unable to parse key: interface conversion: interface {} is nil, not []interface {}"),
    ]
}

fn errors() -> Vec<Case> {
    vec![
        case("error_key_without_value")
            .set("a")
            .fails(r#"failed parsing --set data: key "a" has no value"#),
        case("error_key_without_value_before_comma")
            .set("a,b=1")
            .fails(r#"key "a" has no value (cannot end with ,)"#),
        case("error_key_ending_in_dot")
            .set("a.=1")
            .fails(r#"key map "a" has no value"#),
        case("error_double_dot")
            .set("a..b=1")
            .fails(r#"key map "a" has no value"#),
        case("error_index_not_a_number")
            .set("a[x]=1")
            .fails(r#"error parsing index: strconv.Atoi: parsing "x": invalid syntax"#),
        case("error_index_empty")
            .set("a[]=1")
            .fails(r#"error parsing index: strconv.Atoi: parsing "": invalid syntax"#),
        case("error_index_unclosed")
            .set("a[0=1")
            .fails("error parsing index: EOF")
            .on_helm4(|c| c.succeeds().lacks("/a")),
        case("error_index_unclosed_at_end")
            .set("a[1")
            .fails("error parsing index: EOF")
            .on_helm4(|c| c.succeeds().lacks("/a")),
        case("error_index_negative")
            .set("a[-1]=x")
            .fails("negative -1 index not allowed"),
        case("error_index_too_large")
            .set("a[65537]=x")
            .fails("index of 65537 is greater than maximum supported index of 65536"),
        case("error_data_after_index")
            .set("a[0]x=1")
            .fails("unexpected data at end of array index"),
        case("error_31_levels")
            .set(&format!("{}x=1", "k.".repeat(31)))
            .fails("value name nested level is greater than maximum supported nested level of 30"),
        case("error_unterminated_list")
            .set("e={x")
            .fails("list must terminate with '}'"),
        case("error_lone_opening_brace")
            .set("a={")
            .fails("list must terminate with '}'"),
        case("error_escaped_equals_leaves_no_value")
            .set(r"a\=1")
            .fails(r#"key "a=1" has no value"#),
        case("error_text_after_list")
            .set("a={x,y}z")
            .fails(r#"key "z" has no value"#),
        case("error_descend_into_file_number")
            .values("f: 5\n")
            .set("f.b=1")
            .fails("unable to parse key: interface conversion: interface {} is float64, not map[string]interface {}"),
        case("error_descend_into_file_null")
            .values("nul: null\n")
            .set("nul.b=1")
            .fails("unable to parse key: interface conversion: interface {} is nil, not map[string]interface {}"),
        case("error_index_into_file_map")
            .values("q: {z: 1}\n")
            .set("q[0]=1")
            .fails("unable to parse key: interface conversion: interface {} is map[string]interface {}, not []interface {}"),
        case("error_index_into_file_number")
            .values("f: 5\n")
            .set("f[0]=1")
            .fails("interface {} is float64, not []interface {}"),
        case("error_key_into_file_list")
            .values("l: [1]\n")
            .set("l.x=1")
            .fails("interface {} is []interface {}, not map[string]interface {}"),
        case("error_descend_into_earlier_set_int")
            .set("a=2,a.b=1")
            .fails("interface {} is int64, not map[string]interface {}"),
        case("error_descend_into_earlier_set_null")
            .set("a=null")
            .set("a.b=1")
            .fails("interface {} is nil, not map[string]interface {}"),
        case("error_descend_into_set_string_value")
            .args(&["--set-string", "a=x"])
            .args(&["--set-literal", "a.b=1"])
            .fails("failed parsing --set-literal data: unable to parse key: interface conversion: interface {} is string, not map[string]interface {}"),
        case("error_set_string_prefix")
            .values("nul: null\n")
            .args(&["--set-string", "nul.b=1"])
            .fails("failed parsing --set-string data: unable to parse key"),
        case("error_set_file_prefix")
            .values("k: 5\n")
            .file("n.txt", "x")
            .args(&["--set-file", "k.b=n.txt"])
            .fails("failed parsing --set-file data: unable to parse key"),
    ]
}
