//! The `--set` family of flags: `--set-json`, `--set`, `--set-string`, `--set-file` and
//! `--set-literal`, applied to the user values as Helm 3.17 applies them
//! (`shared/spec/helm-values-semantics.md` §4).
//!
//! [`apply_set_flags`] takes the user values built from the `-f` files and writes every
//! flag's pairs into them, in Helm's fixed order of kinds, with Helm's key syntax, value
//! typing, placement rules and error messages. Each node a flag writes carries the flag as
//! its origin. Merging -f files and coalescing with chart defaults live in `layer`; this
//! module only sees the user values.

mod error;
mod file_settings;
mod file_value;
mod go_url;
mod json_value;
mod parser;
mod scanner;
mod set_flag;
mod typed_value;

use crate::values::{HelmVersion, Map, Node, Value};

pub use error::{PairError, SetFlagError};
pub use file_settings::{FileSettings, StdinReader, StdinText};
pub(crate) use go_url::url_scheme;
pub use go_url::{GoUrlError, UrlProblem};
pub use set_flag::{FlagKind, SetFlag};

use file_settings::StdinUse;
use file_value::FileValues;
use parser::Parser;

/// Applies `flags` to the user values `user`, as Helm does after reading the `-f` files.
///
/// Flags apply by kind — every `--set-json`, then `--set`, `--set-string`, `--set-file`,
/// `--set-literal` — and within a kind in command-line order; the pairs of one flag apply
/// left to right. `--set-file` reads files as `files` says (relative to its `cwd`, at most
/// its `max_bytes` each, `-` from its standard input). `user` should hold a map; anything else is treated as an empty map (Helm's
/// user values are always a map).
///
/// On error `user` may hold the pairs applied before the failing one; Helm stops there too.
///
/// Under Helm 4 a `--set-json` whose value starts with `{` is a bare JSON object, merged
/// into the user values as a values file is (maps recurse, anything else replaces), and an
/// unclosed index ends a flag silently (see `Parser::key_index`).
pub fn apply_set_flags(
    user: &mut Node,
    flags: &[SetFlag],
    files: &FileSettings,
    helm: HelmVersion,
) -> Result<(), SetFlagError> {
    let mut ordered: Vec<&SetFlag> = flags.iter().collect();
    ordered.sort_by_key(|flag| flag.kind);
    let stdin_use = StdinUse::default();
    let files = FileValues {
        settings: files,
        stdin_use: &stdin_use,
    };
    let mut root = match std::mem::replace(&mut user.value, Value::Null) {
        Value::Map(map) => map,
        _ => Map::new(),
    };
    let result = ordered.into_iter().try_for_each(|flag| {
        if helm.is_v4() && flag.kind == FlagKind::Json && flag.text.trim().starts_with('{') {
            return merge_json_object(&mut root, flag);
        }
        Parser::new(flag, files, helm)
            .apply(&mut root)
            .map_err(|reason| SetFlagError::new(flag.kind, &flag.text, reason))
    });
    user.value = Value::Map(root);
    result
}

/// Helm 4's `--set-json '{"a":{"x":1}}'`: the whole value decoded as one JSON object and
/// merged into the user values with Helm 4's `MergeMaps` (the `-f` merge rule).
fn merge_json_object(root: &mut Map, flag: &SetFlag) -> Result<(), SetFlagError> {
    let text = flag.text.trim();
    let fail = |reason| SetFlagError::JsonObject {
        text: flag.text.clone(),
        reason,
    };
    let (node, end) = json_value::decode_json_prefix(text, &flag.origin()).map_err(fail)?;
    if !text[end..].trim().is_empty() {
        return Err(fail(PairError::Json {
            message: "invalid character after top-level value".into(),
        }));
    }
    let mut merged = Node::new(Value::Map(std::mem::take(root)), flag.origin());
    crate::layer::merge_user_node(&mut merged, node);
    if let Value::Map(map) = merged.value {
        *root = map;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::values::{to_json_compact, KeyPath, Origin};

    /// Builds a node tree from JSON the way a values file reads: numbers are floats.
    fn node_from_json(json: &serde_json::Value, origin: &Origin) -> Node {
        use serde_json::Value as J;
        let value = match json {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            J::String(s) => Value::String(s.clone().into()),
            J::Array(items) => {
                Value::List(items.iter().map(|i| node_from_json(i, origin)).collect())
            }
            J::Object(map) => Value::Map(
                map.iter()
                    .map(|(k, v)| (k.clone(), node_from_json(v, origin)))
                    .collect(),
            ),
        };
        Node::new(value, origin.clone())
    }

    fn file_origin() -> Origin {
        Origin::new(Arc::from("values.yaml"), 1, 1)
    }

    fn start(json: &str) -> Node {
        let parsed: serde_json::Value = serde_json::from_str(json).expect("test JSON is valid");
        node_from_json(&parsed, &file_origin())
    }

    fn settings(cwd: &Path, max_bytes: u64) -> FileSettings {
        FileSettings {
            cwd: cwd.to_path_buf(),
            link_base: cwd.to_path_buf(),
            max_bytes,
            stdin: StdinText::default(),
        }
    }

    /// A directory with the files the `--set-file` rows read.
    fn fixture_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes);
        write("hello.txt", b"hello\nworld\n").unwrap();
        write("num.txt", b"42").unwrap();
        write("true.txt", b"true").unwrap();
        write("empty.txt", b"").unwrap();
        write("bin.dat", b"\xff").unwrap();
        write("big.txt", b"0123456789abcdef").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/in.txt"), b"inner").unwrap();
        dir
    }

    fn run(flags: &[(FlagKind, &str)], start_json: &str, cwd: &Path) -> Result<String, String> {
        let flags: Vec<SetFlag> = flags.iter().map(|&(k, t)| SetFlag::new(k, t)).collect();
        let mut user = start(start_json);
        apply_set_flags(&mut user, &flags, &settings(cwd, 12), HelmVersion::V3)
            .map(|()| to_json_compact(&user))
            .map_err(|e| e.to_string())
    }

    use FlagKind::{File, Json, Literal, Set, String as Str};

    /// Rows where Helm 4.1.4 reads the flags otherwise than Helm 3: (flags, start values,
    /// Helm 3's result, Helm 4's result), each measured on the real binaries.
    #[test]
    fn helm4_differs_where_measured() {
        let dir = tempfile::tempdir().unwrap();
        type Row<'a> = (&'a [(FlagKind, &'a str)], &'a str, &'a str, &'a str);
        let rows: &[Row] = &[
            (
                &[(Json, r#"{"a":{"x":1},"n":null}"#)],
                r#"{"a":{"y":2},"b":1}"#,
                r#"error: failed parsing --set-json data {"a":{"x":1},"n":null}"#,
                r#"{"a":{"x":1,"y":2},"b":1,"n":null}"#,
            ),
            (
                &[(Json, r#" {"a":[1]} "#)],
                r#"{"a":{"y":2}}"#,
                r#"error: failed parsing --set-json data  {"a":[1]} "#,
                r#"{"a":[1]}"#,
            ),
            (
                &[(Json, r#"{"a":}"#)],
                "{}",
                r#"error: failed parsing --set-json data {"a":}"#,
                r#"error: failed parsing --set-json data JSON: {"a":}"#,
            ),
            (
                &[(Set, "b=2,a[0=1")],
                "{}",
                "error: failed parsing --set data: error parsing index: EOF",
                r#"{"b":2}"#,
            ),
            (
                &[(Set, "a[0][1=x")],
                "{}",
                "error: failed parsing --set data: error parsing index: EOF",
                r#"{"a":[]}"#,
            ),
        ];
        for (flags, start_json, helm3, helm4) in rows {
            for (helm, want) in [(HelmVersion::V3, helm3), (HelmVersion::V4, helm4)] {
                let flags: Vec<SetFlag> = flags.iter().map(|&(k, t)| SetFlag::new(k, t)).collect();
                let mut user = start(start_json);
                let got = match apply_set_flags(&mut user, &flags, &settings(dir.path(), 12), helm)
                {
                    Ok(()) => to_json_compact(&user),
                    Err(e) => format!("error: {e}"),
                };
                assert_eq!(&got, want, "{flags:?} under Helm {helm}");
            }
        }
    }

    /// Flags, user values before, and the user values after as JSON or the error text.
    type Row = (
        &'static str,
        &'static [(FlagKind, &'static str)],
        &'static str,
        Result<&'static str, &'static str>,
    );

    /// One row per rule of §4: flags, user values before, and the user values after as
    /// JSON (keys sorted, Go's number format) or the error text.
    #[rustfmt::skip]
    const CASES: &[Row] = &[
        // Key syntax.
        ("dots nest maps", &[(Set, "a.b.c=1")], "{}", Ok(r#"{"a":{"b":{"c":1}}}"#)),
        ("index into list", &[(Set, "a[0].b=1")], "{}", Ok(r#"{"a":[{"b":1}]}"#)),
        ("nested indices", &[(Set, "a[0][1]=x")], "{}", Ok(r#"{"a":[[null,"x"]]}"#)),
        ("spaces are part of keys", &[(Set, " d =1")], "{}", Ok(r#"{" d ":1}"#)),
        ("first = ends the key", &[(Set, "a=b=c")], "{}", Ok(r#"{"a":"b=c"}"#)),
        ("pairs split at commas", &[(Set, "a=1,b=2")], "{}", Ok(r#"{"a":1,"b":2}"#)),
        ("trailing comma is fine", &[(Set, "a=1,")], "{}", Ok(r#"{"a":1}"#)),
        ("escaped dot in key", &[(Set, r"a\.b=1")], "{}", Ok(r#"{"a.b":1}"#)),
        ("escaped comma in value", &[(Set, r"a=x\,y")], "{}", Ok(r#"{"a":"x,y"}"#)),
        ("escaped = in key", &[(Set, r"x\=y=1")], "{}", Ok(r#"{"x=y":1}"#)),
        ("escaped brackets in key", &[(Set, r"x\[0\]=1")], "{}", Ok(r#"{"x[0]":1}"#)),
        ("escaped backslash", &[(Set, r"a=a\\b")], "{}", Ok(r#"{"a":"a\\b"}"#)),
        ("backslash before plain char vanishes", &[(Set, r"a=C:\dir")], "{}", Ok(r#"{"a":"C:dir"}"#)),
        ("backslash at the end vanishes", &[(Set, "a=x\\")], "{}", Ok(r#"{"a":"x"}"#)),
        ("list value", &[(Set, "a={x,y,z}")], "{}", Ok(r#"{"a":["x","y","z"]}"#)),
        ("list items are typed", &[(Set, "a={1,true,null,007}")], "{}", Ok(r#"{"a":[1,true,null,"007"]}"#)),
        ("empty list value is one empty string", &[(Set, "a={}")], "{}", Ok(r#"{"a":[""]}"#)),
        ("list value then next pair", &[(Set, "a={x,y},b=2")], "{}", Ok(r#"{"a":["x","y"],"b":2}"#)),
        ("escaped comma in list item", &[(Set, r"a={x\,y}")], "{}", Ok(r#"{"a":["x,y"]}"#)),
        ("brace not first is a string", &[(Set, "a= {x}")], "{}", Ok(r#"{"a":" {x}"}"#)),
        ("list at an index", &[(Set, "a[1]={x}")], "{}", Ok(r#"{"a":[null,["x"]]}"#)),
        ("quotes are not syntax", &[(Set, r#"b="""#)], "{}", Ok(r#"{"b":"\"\""}"#)),
        ("empty value is empty string", &[(Set, "a=")], "{}", Ok(r#"{"a":""}"#)),
        ("empty value before comma", &[(Set, "a=,b=1")], "{}", Ok(r#"{"a":"","b":1}"#)),
        ("empty value at index", &[(Set, "a[0]=")], "{}", Ok(r#"{"a":[""]}"#)),
        ("empty key is ignored", &[(Set, "=1")], "{}", Ok("{}")),
        ("empty key among pairs", &[(Set, "a=1,=2,b=3")], "{}", Ok(r#"{"a":1,"b":3}"#)),
        ("leading dot sets nothing", &[(Set, ".a=1")], "{}", Ok("{}")),
        ("index without value sets empty list", &[(Set, "a[0]")], "{}", Ok(r#"{"a":[]}"#)),
        ("trailing dot sets nothing", &[(Set, "a.")], "{}", Ok("{}")),
        ("dot after index with empty key", &[(Set, "a[0].=1")], "{}", Ok(r#"{"a":[{}]}"#)),
        ("empty flag", &[(Set, "")], r#"{"a":1}"#, Ok(r#"{"a":1}"#)),
        ("value after list is a new key", &[(Set, "a={x}y")], "{}", Err(r#"failed parsing --set data: key "y" has no value"#)),

        // Key syntax errors.
        ("key without value", &[(Set, "a")], "{}", Err(r#"failed parsing --set data: key "a" has no value"#)),
        ("key before comma", &[(Set, "a,b=1")], "{}", Err(r#"failed parsing --set data: key "a" has no value (cannot end with ,)"#)),
        ("leading comma", &[(Set, ",a=1")], "{}", Err(r#"failed parsing --set data: key "" has no value (cannot end with ,)"#)),
        ("double comma", &[(Set, "a=1,,b=2")], "{}", Err(r#"failed parsing --set data: key "" has no value (cannot end with ,)"#)),
        ("dot then =", &[(Set, "a.=1")], "{}", Err(r#"failed parsing --set data: key map "a" has no value"#)),
        ("double dot", &[(Set, "a..b=1")], "{}", Err(r#"failed parsing --set data: key map "a" has no value"#)),
        ("dot then = into a full map", &[(Set, "a.=1")], r#"{"a":{"x":1}}"#, Ok(r#"{"a":{"x":1}}"#)),
        ("dot then = into an empty map", &[(Set, "a.=1")], r#"{"a":{}}"#, Err(r#"failed parsing --set data: key map "a" has no value"#)),
        ("bad index", &[(Set, "a[x]=1")], "{}", Err(r#"failed parsing --set data: error parsing index: strconv.Atoi: parsing "x": invalid syntax"#)),
        ("empty index", &[(Set, "a[]=1")], "{}", Err(r#"failed parsing --set data: error parsing index: strconv.Atoi: parsing "": invalid syntax"#)),
        ("huge index", &[(Set, "a[99999999999999999999]=1")], "{}", Err(r#"failed parsing --set data: error parsing index: strconv.Atoi: parsing "99999999999999999999": value out of range"#)),
        ("unclosed index", &[(Set, "a[0=1")], "{}", Err("failed parsing --set data: error parsing index: EOF")),
        ("negative index", &[(Set, "a[-1]=x")], "{}", Err("failed parsing --set data: negative -1 index not allowed")),
        ("nested negative index", &[(Set, "a[0][-2]=x")], "{}", Err("failed parsing --set data: negative -2 index not allowed")),
        ("index over the maximum", &[(Set, "a[65537]=x")], "{}", Err("failed parsing --set data: index of 65537 is greater than maximum supported index of 65536")),
        ("index over the maximum, no value", &[(Set, "a[65537]")], "{}", Ok(r#"{"a":[]}"#)),
        ("outer index over the maximum", &[(Set, "a[65537][0]=x")], "{}", Err("failed parsing --set data: index of 65537 is greater than maximum supported index of 65536")),
        ("data after index", &[(Set, "a[0]b=1")], "{}", Err(r#"failed parsing --set data: unexpected data at end of array index: ['b']"#)),
        ("comma after index", &[(Set, "a[0],b=1")], "{}", Err(r#"failed parsing --set data: unexpected data at end of array index: [',' 'b']"#)),
        ("unterminated list", &[(Set, "a={x,y")], "{}", Err("failed parsing --set data: list must terminate with '}'")),
        ("30 dots are allowed", &[(Set, "k0.k1.k2.k3.k4.k5.k6.k7.k8.k9.k10.k11.k12.k13.k14.k15.k16.k17.k18.k19.k20.k21.k22.k23.k24.k25.k26.k27.k28.k29.k30=1")], "{}",
            Ok(r#"{"k0":{"k1":{"k2":{"k3":{"k4":{"k5":{"k6":{"k7":{"k8":{"k9":{"k10":{"k11":{"k12":{"k13":{"k14":{"k15":{"k16":{"k17":{"k18":{"k19":{"k20":{"k21":{"k22":{"k23":{"k24":{"k25":{"k26":{"k27":{"k28":{"k29":{"k30":1}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}"#)),
        ("31 dots are not", &[(Set, "k0.k1.k2.k3.k4.k5.k6.k7.k8.k9.k10.k11.k12.k13.k14.k15.k16.k17.k18.k19.k20.k21.k22.k23.k24.k25.k26.k27.k28.k29.k30.k31=1")], "{}",
            Err("failed parsing --set data: value name nested level is greater than maximum supported nested level of 30")),
        ("dots after ] do not count", &[(Set, "a[0].b[0].c[0].d[0].e[0].f[0].g[0].h[0].i[0].j[0].k[0].l[0].m[0].n[0].o[0].p[0].q[0].r[0].s[0].t[0].u[0].v[0].w[0].x[0].y[0].z[0].A[0].B[0].C[0].D[0].E[0].F=1")], "{}",
            Ok(r#"{"a":[{"b":[{"c":[{"d":[{"e":[{"f":[{"g":[{"h":[{"i":[{"j":[{"k":[{"l":[{"m":[{"n":[{"o":[{"p":[{"q":[{"r":[{"s":[{"t":[{"u":[{"v":[{"w":[{"x":[{"y":[{"z":[{"A":[{"B":[{"C":[{"D":[{"E":[{"F":1}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}"#)),
        ("error quotes keys like Go", &[(Set, "a\tb")], "{}", Err(r#"failed parsing --set data: key "a\tb" has no value"#)),

        // Typing.
        ("bools any case", &[(Set, "a=tRuE,b=FALSE,c=yes,d=t")], "{}", Ok(r#"{"a":true,"b":false,"c":"yes","d":"t"}"#)),
        ("null any case", &[(Set, "a=NULL")], r#"{"a":1}"#, Ok(r#"{"a":null}"#)),
        ("strings that look like numbers", &[(Set, "a=007,b=0x10,c=1.5,d=1e3,e=1_000,f=~,g=12345678901234567890")], "{}",
            Ok(r#"{"a":"007","b":"0x10","c":"1.5","d":"1e3","e":"1_000","f":"~","g":"12345678901234567890"}"#)),
        ("integers", &[(Set, "a=0,b=-5,c=+1,d=-0,e=-007,f=9223372036854775807")], "{}",
            Ok(r#"{"a":0,"b":-5,"c":1,"d":0,"e":-7,"f":9223372036854775807}"#)),
        ("--set-string keeps strings", &[(Str, "a=null,b=1,c=true,d={1,x}")], r#"{"a":1}"#, Ok(r#"{"a":"null","b":"1","c":"true","d":["1","x"]}"#)),
        ("--set-string errors name their flag", &[(Str, "a")], "{}", Err(r#"failed parsing --set-string data: key "a" has no value"#)),

        // --set-file.
        ("file contents verbatim", &[(File, "a=hello.txt")], "{}", Ok(r#"{"a":"hello\nworld\n"}"#)),
        ("file contents stay strings", &[(File, "a=num.txt,b=true.txt,c=empty.txt")], "{}", Ok(r#"{"a":"42","b":"true","c":""}"#)),
        ("file in a subdirectory", &[(File, "x.y=sub/in.txt")], "{}", Ok(r#"{"x":{"y":"inner"}}"#)),
        ("file list value", &[(File, "a={num.txt,true.txt}")], "{}", Ok(r#"{"a":["42","true"]}"#)),
        ("file at an index", &[(File, "a[1]=num.txt")], "{}", Ok(r#"{"a":[null,"42"]}"#)),
        ("empty file path at the end", &[(File, "a=")], "{}", Ok(r#"{"a":""}"#)),
        ("empty file path before comma", &[(File, "a=,b=num.txt")], "{}", Err("failed parsing --set-file data: open : no such file or directory")),
        ("missing file", &[(File, "a=nope.txt")], "{}", Err("failed parsing --set-file data: open nope.txt: no such file or directory")),
        ("file not UTF-8", &[(File, "a=bin.dat")], "{}", Err("failed parsing --set-file data: bin.dat: not valid UTF-8; strata reads --set-file values as text")),
        ("file over the cap", &[(File, "a=big.txt")], "{}", Err("failed parsing --set-file data: big.txt is 16 bytes, over the limit of 12 bytes (raise it with --max-file-bytes or limits.maxFileBytes in strata.yaml)")),
        ("file that is a directory", &[(File, "a=sub")], "{}", Err("failed parsing --set-file data: sub is a directory, not a regular file")),
        ("file path Go cannot parse", &[(File, "a=50%.txt")], "{}", Err(r#"failed parsing --set-file data: parse "50%.txt": invalid URL escape "%.t""#)),

        // --set-literal.
        ("literal takes everything after =", &[(Literal, r"a=x,y={z}\w=v")], "{}", Ok(r#"{"a":"x,y={z}\\w=v"}"#)),
        ("literal key is a path", &[(Literal, "a.b[1]=1")], "{}", Ok(r#"{"a":{"b":[null,"1"]}}"#)),
        ("literal null is a string", &[(Literal, "a=null")], r#"{"a":1}"#, Ok(r#"{"a":"null"}"#)),
        ("literal empty value", &[(Literal, "a=")], "{}", Ok(r#"{"a":""}"#)),
        ("literal key has no escapes", &[(Literal, r"a\.b=1")], "{}", Ok(r#"{"a\\":{"b":"1"}}"#)),
        ("literal key may hold a comma", &[(Literal, "a,b=1")], "{}", Ok(r#"{"a,b":"1"}"#)),
        ("literal without =", &[(Literal, "a")], "{}", Err(r#"failed parsing --set-literal data: key "a" has no value"#)),
        ("literal dot then =", &[(Literal, "a.=1")], "{}", Err(r#"failed parsing --set-literal data: key map "a" has no value"#)),
        ("literal negative index", &[(Literal, "a[-1]=1")], "{}", Err("failed parsing --set-literal data: negative -1 index not allowed")),

        // --set-json.
        ("json scalars", &[(Json, r#"a=1,b="x",c=true,d=null,e=1.5"#)], "{}", Ok(r#"{"a":1,"b":"x","c":true,"d":null,"e":1.5}"#)),
        ("json object and array", &[(Json, r#"a={"x":[1,{"y":"z"}]},b=[]"#)], "{}", Ok(r#"{"a":{"x":[1,{"y":"z"}]},"b":[]}"#)),
        ("json value with commas inside", &[(Json, r#"a=[1,2],b={"c":"d,e"}"#)], "{}", Ok(r#"{"a":[1,2],"b":{"c":"d,e"}}"#)),
        ("json pairs separated by space", &[(Json, "a=1 b=2")], "{}", Ok(r#"{"a":1,"b":2}"#)),
        ("json empty value is null", &[(Json, "a=,b=  ")], r#"{"a":1}"#, Ok(r#"{"a":null,"b":null}"#)),
        ("json at an index", &[(Json, r#"a[1]={"x":1}"#)], "{}", Ok(r#"{"a":[null,{"x":1}]}"#)),
        ("json empty at an index", &[(Json, "a[0]=")], "{}", Ok(r#"{"a":[null]}"#)),
        ("json replaces a map", &[(Json, r#"a={"x":1}"#)], r#"{"a":{"y":2}}"#, Ok(r#"{"a":{"x":1}}"#)),
        ("json key escapes", &[(Json, r#"a\.b="v""#)], "{}", Ok(r#"{"a.b":"v"}"#)),
        ("invalid json", &[(Json, "a={bad}")], "{}", Err("failed parsing --set-json data a={bad}")),
        ("unclosed json", &[(Json, "a=[1")], "{}", Err("failed parsing --set-json data a=[1")),
        ("json key error is hidden", &[(Json, "a")], "{}", Err("failed parsing --set-json data a")),
        ("bare json object is rejected", &[(Json, r#"{"a":{"x":1}}"#)], "{}", Err(r#"failed parsing --set-json data {"a":{"x":1}}"#)),
        ("bare json object with comma is rejected", &[(Json, r#"{"a":1,"b":2}"#)], "{}", Err(r#"failed parsing --set-json data {"a":1,"b":2}"#)),
        ("json wrong kind", &[(Json, "a.b=1")], r#"{"a":5}"#, Err("failed parsing --set-json data a.b=1")),
        ("json number then text", &[(Json, "a=1b")], "{}", Err("failed parsing --set-json data a=1b")),

        // Placement.
        ("creates intermediate maps", &[(Set, "a.b=1")], r#"{"x":1}"#, Ok(r#"{"a":{"b":1},"x":1}"#)),
        ("enters existing maps", &[(Set, "a.b=1")], r#"{"a":{"c":2}}"#, Ok(r#"{"a":{"b":1,"c":2}}"#)),
        ("final value replaces a map", &[(Set, "a=1")], r#"{"a":{"c":2}}"#, Ok(r#"{"a":1}"#)),
        ("final list replaces a list", &[(Set, "a={x}")], r#"{"a":[1,2,3]}"#, Ok(r#"{"a":["x"]}"#)),
        ("index edits a user list in place", &[(Set, "a[1]=9")], r#"{"a":[1,2,3]}"#, Ok(r#"{"a":[1,9,3]}"#)),
        ("larger index pads with null", &[(Set, "a[4]=9")], r#"{"a":[1]}"#, Ok(r#"{"a":[1,null,null,null,9]}"#)),
        ("index on a fresh list pads", &[(Set, "d[1]=9")], "{}", Ok(r#"{"d":[null,9]}"#)),
        ("maximum index is allowed", &[(Set, "a[65536]=x")], "{}", Ok("MAX_INDEX")),
        ("key after index merges into a map element", &[(Set, "a[0].b=1")], r#"{"a":[{"c":2}]}"#, Ok(r#"{"a":[{"b":1,"c":2}]}"#)),
        ("key after index replaces a scalar element", &[(Set, "a[0].b=1")], r#"{"a":[5,6]}"#, Ok(r#"{"a":[{"b":1},6]}"#)),
        ("key after index replaces a null element", &[(Set, "a[0].b=1")], r#"{"a":[null]}"#, Ok(r#"{"a":[{"b":1}]}"#)),
        ("nested index enters a list element", &[(Set, "a[0][1]=x")], r#"{"a":[[1,2]]}"#, Ok(r#"{"a":[[1,"x"]]}"#)),
        ("nested index replaces a null element", &[(Set, "a[0][0]=x")], r#"{"a":[null]}"#, Ok(r#"{"a":[["x"]]}"#)),
        ("null is stored", &[(Set, "a.b=null")], r#"{"a":{"b":1}}"#, Ok(r#"{"a":{"b":null}}"#)),
        ("empty key list edits stay, growth is lost", &[(Set, "[0]=x,[5]=y")], r#"{"":[1,2]}"#, Ok(r#"{"":["x",2]}"#)),
        ("empty key map is entered", &[(Set, ".a=1")], r#"{"":{"b":2}}"#, Ok(r#"{"":{"a":1,"b":2}}"#)),
        ("descend into a number", &[(Set, "a.b=1")], r#"{"a":5}"#, Err("failed parsing --set data: unable to parse key: interface conversion: interface {} is float64, not map[string]interface {}")),
        ("descend into null", &[(Set, "a.b=1")], r#"{"a":null}"#, Err("failed parsing --set data: unable to parse key: interface conversion: interface {} is nil, not map[string]interface {}")),
        ("descend into a string", &[(Set, "a.b=1")], r#"{"a":"s"}"#, Err("failed parsing --set data: unable to parse key: interface conversion: interface {} is string, not map[string]interface {}")),
        ("descend into a list as a map", &[(Set, "a.b=1")], r#"{"a":[]}"#, Err("failed parsing --set data: unable to parse key: interface conversion: interface {} is []interface {}, not map[string]interface {}")),
        ("index into a map", &[(Set, "a[0]=1")], r#"{"a":{}}"#, Err("failed parsing --set data: unable to parse key: interface conversion: interface {} is map[string]interface {}, not []interface {}")),
        ("index into null", &[(Set, "a[0]=1")], r#"{"a":null}"#, Err("failed parsing --set data: unable to parse key: interface conversion: interface {} is nil, not []interface {}")),
        ("index into a bool", &[(Set, "a[0]=1")], r#"{"a":true}"#, Err("failed parsing --set data: unable to parse key: interface conversion: interface {} is bool, not []interface {}")),
        ("nested index into a map element", &[(Set, "a[0][0]=1")], r#"{"a":[{}]}"#, Err("failed parsing --set data: unable to parse key: interface conversion: interface {} is map[string]interface {}, not []interface {}")),
        ("descend into a --set integer", &[(Set, "a=1"), (Set, "a.b=2")], "{}", Err("failed parsing --set data: unable to parse key: interface conversion: interface {} is int64, not map[string]interface {}")),
        ("bad index wins over wrong kind", &[(Set, "a[x]=1")], r#"{"a":{}}"#, Err(r#"failed parsing --set data: error parsing index: strconv.Atoi: parsing "x": invalid syntax"#)),
        ("too many dots wins over wrong kind", &[(Set, "k0.k1.k2.k3.k4.k5.k6.k7.k8.k9.k10.k11.k12.k13.k14.k15.k16.k17.k18.k19.k20.k21.k22.k23.k24.k25.k26.k27.k28.k29.k30.k31=1")],
            r#"{"k0":{"k1":{"k2":{"k3":{"k4":{"k5":{"k6":{"k7":{"k8":{"k9":{"k10":{"k11":{"k12":{"k13":{"k14":{"k15":{"k16":{"k17":{"k18":{"k19":{"k20":{"k21":{"k22":{"k23":{"k24":{"k25":{"k26":{"k27":{"k28":{"k29":{"k30":5}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}"#,
            Err("failed parsing --set data: value name nested level is greater than maximum supported nested level of 30")),

        // Order.
        ("kinds apply in Helm's order", &[(Literal, "a=literal"), (File, "a=num.txt"), (Str, "a=string"), (Set, "a=set"), (Json, r#"a="json""#)], "{}", Ok(r#"{"a":"literal"}"#)),
        ("--set-literal given first still wins", &[(Literal, "a=lit"), (Set, "a=1")], "{}", Ok(r#"{"a":"lit"}"#)),
        ("--set wins over --set-json", &[(Set, "a.b=1"), (Json, r#"a={"b":2,"c":3}"#)], "{}", Ok(r#"{"a":{"b":1,"c":3}}"#)),
        ("--set-string wins over --set", &[(Str, "a=1"), (Set, "a=2")], "{}", Ok(r#"{"a":"1"}"#)),
        ("--set-file wins over --set-string", &[(File, "a=num.txt"), (Str, "a=x")], "{}", Ok(r#"{"a":"42"}"#)),
        ("same kind in command-line order", &[(Set, "a=1"), (Set, "a=2")], "{}", Ok(r#"{"a":2}"#)),
        ("pairs left to right", &[(Set, "a=1,a=2")], "{}", Ok(r#"{"a":2}"#)),
        ("flags write into file values", &[(Set, "b=2")], r#"{"a":{"x":1}}"#, Ok(r#"{"a":{"x":1},"b":2}"#)),
        ("first failing flag stops", &[(Set, "a"), (Str, "b")], "{}", Err(r#"failed parsing --set data: key "a" has no value"#)),
    ];

    #[test]
    fn applies_flags_like_helm() {
        let dir = fixture_dir();
        let mut failures = Vec::new();
        for (name, flags, start_json, want) in CASES {
            let got = run(flags, start_json, dir.path());
            let want = match want {
                Ok("MAX_INDEX") => Ok(format!(r#"{{"a":[{}"x"]}}"#, "null,".repeat(65536))),
                Ok(json) => Ok(json.to_string()),
                Err(text) => Err(text.to_string()),
            };
            if got != want {
                failures.push(format!("{name}:\n  got  {got:?}\n  want {want:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn typed_values_keep_their_kind() {
        // JSON output cannot tell an int64 from a float64; the kinds can.
        let dir = fixture_dir();
        let mut user = start(r#"{"f":1}"#);
        let flags = [
            SetFlag::new(Set, "i=1,z=0,s=1.0"),
            SetFlag::new(Json, "j=1"),
        ];
        apply_set_flags(
            &mut user,
            &flags,
            &settings(dir.path(), 100),
            HelmVersion::V3,
        )
        .unwrap();
        let map = user.as_map().unwrap();
        let kinds: Vec<(&str, &Value)> = ["f", "i", "z", "s", "j"]
            .iter()
            .map(|k| (*k, &map[*k].value))
            .collect();
        assert_eq!(
            kinds,
            [
                ("f", &Value::Float(1.0)),
                ("i", &Value::Int(1)),
                ("z", &Value::Int(0)),
                ("s", &Value::String("1.0".into())),
                ("j", &Value::Float(1.0)),
            ]
        );
    }

    #[test]
    fn nodes_record_their_flag_and_what_they_overrode() {
        let dir = fixture_dir();
        let mut user = start(r#"{"a":{"b":1,"keep":2},"l":[1,2]}"#);
        let flags = [
            SetFlag::new(Str, "a.b=s"),
            SetFlag::new(Set, "a.b=1,n.m=2,l[3]=x"),
        ];
        apply_set_flags(
            &mut user,
            &flags,
            &settings(dir.path(), 100),
            HelmVersion::V3,
        )
        .unwrap();
        let set = Origin::whole(Arc::from("--set a.b=1,n.m=2,l[3]=x"));
        let string = Origin::whole(Arc::from("--set-string a.b=s"));
        let at = |path: &str| user.get(&KeyPath::parse(path).unwrap()).unwrap();
        // Replaced twice: the file's value, then --set's, are both remembered, oldest first.
        assert_eq!(at("a.b").origin, string);
        assert_eq!(at("a.b").overrode, vec![file_origin(), set.clone()]);
        // Entered maps and edited lists keep the file as their origin.
        assert_eq!(at("a").origin, file_origin());
        assert!(at("a").overrode.is_empty());
        assert_eq!(at("a.keep").origin, file_origin());
        assert_eq!(at("l").origin, file_origin());
        // New maps, padding and values are the flag's.
        assert_eq!(at("n").origin, set);
        assert_eq!(at("n.m").origin, set);
        assert_eq!(at("l[2]").origin, set);
        assert_eq!(at("l[3]").origin, set);
        assert!(at("l[3]").overrode.is_empty());
        assert_eq!(at("l[0]").origin, file_origin());
    }

    #[test]
    fn errors_carry_kind_text_and_key() {
        let dir = fixture_dir();
        let mut user = start(r#"{"a":{"b":5}}"#);
        let flags = [SetFlag::new(Set, "x=1,a.b.c=2")];
        let err = apply_set_flags(
            &mut user,
            &flags,
            &settings(dir.path(), 100),
            HelmVersion::V3,
        )
        .unwrap_err();
        assert_eq!(err.kind(), Set);
        match &err {
            SetFlagError::Pair { text, reason, .. } => {
                assert_eq!(text, "x=1,a.b.c=2");
                match reason {
                    PairError::WrongKind {
                        path,
                        found,
                        wanted,
                    } => {
                        assert_eq!(path.to_string(), "a.b");
                        assert_eq!((*found, *wanted), ("float64", "map[string]interface {}"));
                    }
                    other => panic!("unexpected reason {other:?}"),
                }
            }
            other => panic!("unexpected error {other:?}"),
        }
        let json = [SetFlag::new(Json, "a={bad}")];
        let err = apply_set_flags(
            &mut user,
            &json,
            &settings(dir.path(), 100),
            HelmVersion::V3,
        )
        .unwrap_err();
        let cause = std::error::Error::source(&err).map(|c| c.to_string());
        assert_eq!(
            cause.as_deref(),
            Some("invalid JSON: key must be a string at line 1 column 2")
        );
        assert!(matches!(err.reason(), PairError::Json { .. }));
    }

    #[test]
    fn non_map_root_becomes_a_map() {
        let dir = fixture_dir();
        let mut user = Node::new(Value::Null, file_origin());
        apply_set_flags(
            &mut user,
            &[SetFlag::new(Set, "a=1")],
            &settings(dir.path(), 100),
            HelmVersion::V3,
        )
        .unwrap();
        assert_eq!(to_json_compact(&user), r#"{"a":1}"#);
    }

    #[test]
    fn absurdly_deep_keys_stop_with_an_error() {
        let dir = fixture_dir();
        let deep = format!("a{}=1", "[0]".repeat(5000));
        let mut user = start("{}");
        let err = apply_set_flags(
            &mut user,
            &[SetFlag::new(Set, deep)],
            &settings(dir.path(), 100),
            HelmVersion::V3,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "failed parsing --set data: key nests deeper than 200 levels; strata does not follow it"
        );
        let ok = format!("a{}=1", "[0]".repeat(199));
        let mut user = start("{}");
        apply_set_flags(
            &mut user,
            &[SetFlag::new(Set, ok)],
            &settings(dir.path(), 100),
            HelmVersion::V3,
        )
        .unwrap();
    }
}
