//! [`scan_template`]: the values a chart's template reads, found by a lexical scan of its Go
//! template actions (`{{ ... }}`), not by running a template engine.
//!
//! What counts as a read of a value path:
//! - a field chain through `Values`: `.Values.a.b`, `$.Values.a.b`, `$root.Values.a.b`
//!   (whatever precedes `Values`) reads `a.b`;
//! - `index`, `hasKey` and `get` on such a chain with string keys: `index .Values "a" "b"`
//!   reads `a.b`, `hasKey .Values.a "b"` reads `a.b`;
//! - inside `with .Values.a` (until its `else` or `end`), `.b` reads `a.b`; a variable set to
//!   such a chain (`$svc := .Values.proxy`) reads `proxy.x` through `$svc.x`.
//!
//! Inside a `define` (or `block`), the dot is whatever the caller hands over: a field chain on
//! it or on a variable that is not a value path (`.http.appProtocol`, `$x.name`) is a
//! [`TemplateReads::helper_fields`] read: it may be a value read through a helper, which the
//! unknown-key rule says instead of calling a key unknown. Chains on Helm's built-in objects
//! (`.Release`, `.Chart`, `.Capabilities`, `.Template`, `.Files`, `.Subcharts`) are neither.
//!
//! Strings, raw strings and comments are skipped whole, so a `}}` or `.Values` inside one
//! reads nothing. An unterminated action ends the scan.

use std::collections::HashMap;

/// Helm's built-in objects, which are never values.
const BUILT_INS: &[&str] = &[
    "Values",
    "Release",
    "Chart",
    "Capabilities",
    "Template",
    "Files",
    "Subcharts",
];

/// One chain a template reads, at a 1-based line of the template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Read {
    /// The keys read, outermost first.
    pub path: Vec<String>,
    /// The line of the template where the chain is written.
    pub line: u32,
}

/// What one template reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TemplateReads {
    /// Value paths (`.Values.a.b` gives `a.b`; `.Values` alone gives the empty path).
    pub values: Vec<Read>,
    /// Field chains read inside a `define` on something that is not a known value path.
    pub helper_fields: Vec<Read>,
}

/// What a field chain starts from.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Base {
    /// `.` (the dot).
    Dot,
    /// `$` (the template's data) or `$name`.
    Var(String),
    /// A parenthesised pipeline: `(...).field`.
    Paren,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Chain { base: Base, fields: Vec<String> },
    Str(String),
    Word(String),
    Assign,
    Pipe,
    Other,
}

/// What the dot holds.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Dot {
    /// The template's data: `.Values` and the built-ins.
    Root,
    /// A value path (inside `with .Values.a`).
    Values(Vec<String>),
    /// Something else: a range item, or what a `define`'s caller passed.
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum BlockKind {
    Define,
    With,
    Range,
    Other,
}

struct Block {
    kind: BlockKind,
    /// The dot outside the block (restored by `else` in `with` and `range`).
    outer: Dot,
}

/// Returns what a template reads.
pub fn scan_template(text: &str) -> TemplateReads {
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        pos: 0,
        line: 1,
    };
    let mut state = State {
        dot: Dot::Root,
        blocks: Vec::new(),
        defines: 0,
        vars: HashMap::new(),
        reads: TemplateReads::default(),
    };
    while let Some(tokens) = scanner.next_action() {
        state.action(&tokens);
    }
    state.reads
}

struct State {
    dot: Dot,
    blocks: Vec<Block>,
    /// How many of `blocks` are `define`s.
    defines: usize,
    /// Variables holding a value path.
    vars: HashMap<String, Vec<String>>,
    reads: TemplateReads,
}

impl State {
    fn in_define(&self) -> bool {
        self.defines > 0
    }

    fn action(&mut self, tokens: &[(Token, u32)]) {
        let keyword = match tokens.first() {
            Some((Token::Word(w), _)) => w.as_str(),
            _ => "",
        };
        match keyword {
            "define" | "block" => {
                // `block "name" pipeline` reads its pipeline with the outer dot.
                self.record(tokens);
                self.blocks.push(Block {
                    kind: BlockKind::Define,
                    outer: self.dot.clone(),
                });
                self.dot = Dot::Unknown;
                self.defines += 1;
                self.vars.clear();
                return;
            }
            "end" => {
                if let Some(block) = self.blocks.pop() {
                    self.dot = block.outer;
                    if block.kind == BlockKind::Define {
                        self.defines -= 1;
                        self.vars.clear();
                    }
                }
                return;
            }
            "else" => {
                if let Some(block) = self.blocks.last() {
                    if matches!(block.kind, BlockKind::With | BlockKind::Range) {
                        self.dot = block.outer.clone();
                    }
                }
                self.record(&tokens[1..]);
                if let Some((Token::Word(w), _)) = tokens.get(1) {
                    if w == "with" {
                        self.dot = self.dot_of(&tokens[2..]);
                    }
                }
                return;
            }
            _ => {}
        }
        self.record(tokens);
        match keyword {
            "with" => {
                let dot = self.dot_of(&tokens[1..]);
                self.push(BlockKind::With, dot);
            }
            "range" => self.push(BlockKind::Range, Dot::Unknown),
            "if" => self.push(BlockKind::Other, self.dot.clone()),
            _ => {}
        }
    }

    fn push(&mut self, kind: BlockKind, dot: Dot) {
        self.blocks.push(Block {
            kind,
            outer: std::mem::replace(&mut self.dot, dot),
        });
    }

    /// Returns the dot a `with` sets: the value path of its pipeline when that is one chain
    /// (`with .Values.a`, `with $x := .Values.a`, `with .Values.a | toYaml`).
    fn dot_of(&self, tokens: &[(Token, u32)]) -> Dot {
        let tokens = match tokens {
            [(Token::Chain { .. }, _), (Token::Assign, _), rest @ ..] => rest,
            _ => tokens,
        };
        match tokens {
            [(Token::Chain { base, fields }, _)]
            | [(Token::Chain { base, fields }, _), (Token::Pipe, _), ..] => {
                match self.values_path(base, fields) {
                    Some(path) => Dot::Values(path),
                    None => Dot::Unknown,
                }
            }
            _ => Dot::Unknown,
        }
    }

    /// Returns the value path a chain reads, if it reads one.
    fn values_path(&self, base: &Base, fields: &[String]) -> Option<Vec<String>> {
        if *base == Base::Paren {
            return None;
        }
        if let Some(i) = fields.iter().position(|f| f == "Values") {
            return Some(fields[i + 1..].to_vec());
        }
        let prefix = match base {
            Base::Dot => match &self.dot {
                Dot::Values(path) => path,
                _ => return None,
            },
            Base::Var(name) => self.vars.get(name)?,
            Base::Paren => return None,
        };
        let mut path = prefix.clone();
        path.extend(fields.iter().cloned());
        Some(path)
    }

    /// Records the reads of one action's tokens, and the variables it sets.
    fn record(&mut self, tokens: &[(Token, u32)]) {
        for (i, (token, line)) in tokens.iter().enumerate() {
            let Token::Chain { base, fields } = token else {
                continue;
            };
            let line = *line;
            match self.values_path(base, fields) {
                Some(mut path) => {
                    let lookup = match i.checked_sub(1).map(|p| &tokens[p].0) {
                        Some(Token::Word(w)) if w == "index" => usize::MAX,
                        Some(Token::Word(w)) if w == "hasKey" || w == "get" => 1,
                        _ => 0,
                    };
                    for (next, _) in tokens[i + 1..].iter().take(lookup) {
                        match next {
                            Token::Str(key) => path.push(key.clone()),
                            _ => break,
                        }
                    }
                    self.reads.values.push(Read { path, line });
                }
                None => {
                    let helper = self.in_define()
                        && !fields.is_empty()
                        && !BUILT_INS.contains(&fields[0].as_str())
                        && match base {
                            Base::Dot => self.dot == Dot::Unknown,
                            Base::Var(name) => !name.is_empty(),
                            Base::Paren => false,
                        };
                    if helper {
                        self.reads.helper_fields.push(Read {
                            path: fields.clone(),
                            line,
                        });
                    }
                }
            }
        }
        // `$x := chain` and `$x = chain`, with the chain alone or piped on, at the start of
        // the action or after its keyword (`with $x := .Values.a`).
        let tokens = match tokens.first() {
            Some((Token::Word(_), _)) => &tokens[1..],
            _ => tokens,
        };
        if let [(
            Token::Chain {
                base: Base::Var(name),
                fields,
            },
            _,
        ), (Token::Assign, _), (Token::Chain { base, fields: rhs }, _), rest @ ..] = tokens
        {
            if fields.is_empty() && !name.is_empty() {
                let value = match rest {
                    [] | [(Token::Pipe, _), ..] => self.values_path(base, rhs),
                    _ => None,
                };
                match value {
                    Some(path) => self.vars.insert(name.clone(), path),
                    None => self.vars.remove(name),
                };
            }
        }
    }
}

/// Walks the template's text from action to action.
struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u32,
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

impl Scanner<'_> {
    fn peek(&self, offset: usize) -> Option<u8> {
        self.bytes.get(self.pos + offset).copied()
    }

    fn at(&self, s: &str) -> bool {
        self.bytes[self.pos..].starts_with(s.as_bytes())
    }

    fn advance(&mut self, n: usize) {
        for _ in 0..n {
            if self.peek(0) == Some(b'\n') {
                self.line += 1;
            }
            self.pos += 1;
        }
    }

    /// Skips to just after `end`; false when it never comes.
    fn skip_past(&mut self, end: &str) -> bool {
        while self.pos < self.bytes.len() {
            if self.at(end) {
                self.advance(end.len());
                return true;
            }
            self.advance(1);
        }
        false
    }

    /// Returns the tokens of the next action (with their lines), skipping comments; `None`
    /// at the end of the text or of an unterminated action.
    fn next_action(&mut self) -> Option<Vec<(Token, u32)>> {
        loop {
            if !self.skip_past("{{") {
                return None;
            }
            if self.peek(0) == Some(b'-') && self.peek(1).is_some_and(|b| b.is_ascii_whitespace()) {
                self.advance(1);
            }
            while self.peek(0).is_some_and(|b| b.is_ascii_whitespace()) {
                self.advance(1);
            }
            if self.at("/*") {
                if !self.skip_past("*/") || !self.skip_past("}}") {
                    return None;
                }
                continue;
            }
            return self.tokens();
        }
    }

    fn ident(&mut self) -> String {
        let start = self.pos;
        while self.peek(0).is_some_and(is_ident) {
            self.pos += 1;
        }
        String::from_utf8_lossy(&self.bytes[start..self.pos]).into_owned()
    }

    fn fields(&mut self) -> Vec<String> {
        let mut fields = Vec::new();
        while self.peek(0) == Some(b'.') && self.peek(1).is_some_and(is_ident_start) {
            self.pos += 1;
            fields.push(self.ident());
        }
        fields
    }

    /// Lexes up to the action's closing `}}`.
    fn tokens(&mut self) -> Option<Vec<(Token, u32)>> {
        let mut tokens = Vec::new();
        loop {
            let b = self.peek(0)?;
            let line = self.line;
            if self.at("}}") {
                self.advance(2);
                return Some(tokens);
            }
            if b.is_ascii_whitespace() {
                self.advance(1);
                if self.at("-}}") {
                    self.advance(3);
                    return Some(tokens);
                }
                continue;
            }
            let token = match b {
                b'"' => {
                    self.advance(1);
                    let mut text = Vec::new();
                    loop {
                        match self.peek(0)? {
                            b'"' => break,
                            b'\\' => {
                                self.advance(1);
                                text.push(self.peek(0)?);
                            }
                            b'\n' => return None,
                            other => text.push(other),
                        }
                        self.advance(1);
                    }
                    self.advance(1);
                    Token::Str(String::from_utf8_lossy(&text).into_owned())
                }
                b'`' => {
                    self.advance(1);
                    let start = self.pos;
                    if !self.skip_past("`") {
                        return None;
                    }
                    Token::Str(
                        String::from_utf8_lossy(&self.bytes[start..self.pos - 1]).into_owned(),
                    )
                }
                b'\'' => {
                    self.advance(1);
                    if self.peek(0) == Some(b'\\') {
                        self.advance(1);
                    }
                    self.advance(1);
                    if !self.skip_past("'") {
                        return None;
                    }
                    Token::Other
                }
                b'.' if self.peek(1).is_some_and(is_ident_start) => {
                    let base = if self.pos > 0 && self.bytes[self.pos - 1] == b')' {
                        Base::Paren
                    } else {
                        Base::Dot
                    };
                    Token::Chain {
                        base,
                        fields: self.fields(),
                    }
                }
                b'.' if !self.peek(1).is_some_and(|b| b.is_ascii_digit()) => {
                    self.pos += 1;
                    Token::Chain {
                        base: Base::Dot,
                        fields: Vec::new(),
                    }
                }
                b'$' => {
                    self.pos += 1;
                    let name = self.ident();
                    Token::Chain {
                        base: Base::Var(name),
                        fields: self.fields(),
                    }
                }
                b':' if self.peek(1) == Some(b'=') => {
                    self.pos += 2;
                    Token::Assign
                }
                b'=' => {
                    self.pos += 1;
                    Token::Assign
                }
                b'|' => {
                    self.pos += 1;
                    Token::Pipe
                }
                b if is_ident_start(b) => Token::Word(self.ident()),
                b if b.is_ascii_digit() || b == b'.' => {
                    while self
                        .peek(0)
                        .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_')
                    {
                        self.pos += 1;
                    }
                    Token::Other
                }
                _ => {
                    self.pos += 1;
                    Token::Other
                }
            };
            tokens.push((token, line));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(reads: &[Read]) -> Vec<String> {
        reads
            .iter()
            .map(|r| format!("{}@{}", r.path.join("."), r.line))
            .collect()
    }

    /// One row per way of reading a value: the template, the value paths read, the helper
    /// fields read (each `path@line`).
    #[test]
    fn finds_value_paths_and_helper_fields() {
        let rows: &[(&str, &str, &[&str], &[&str])] = &[
            (
                "a chain",
                "a: {{ .Values.image.tag | quote }}",
                &["image.tag@1"],
                &[],
            ),
            (
                "root and variables holding the root",
                "{{ $.Values.a.b }}\n{{ $root.Values.c }}\n{{ .ctx.Values.d }}",
                &["a.b@1", "c@2", "d@3"],
                &[],
            ),
            (
                "index, hasKey and get",
                "{{ index .Values \"a\" \"b-c\" }}{{ if hasKey .Values.sa \"name\" }}{{ end }}{{ get .Values.x \"y\" }}{{ index .Values.l 0 }}",
                &["a.b-c@1", "sa.name@1", "x.y@1", "l@1"],
                &[],
            ),
            (
                "with sets the dot until else or end",
                "{{ with .Values.hook }}{{ .timeout }}{{ else }}{{ .Values.other }}{{ end }}{{ .outside }}",
                &["hook@1", "hook.timeout@1", "other@1"],
                &[],
            ),
            (
                "a variable holding a value path",
                "{{- $svc := .Values.proxy }}\n{{ $svc.http.port }}{{ with $db := .Values.db }}{{ $db.port }}{{ end }}",
                &["proxy@1", "proxy.http.port@2", "db@2", "db.port@2"],
                &[],
            ),
            (
                "a block's pipeline",
                "{{ block \"b\" .Values.b }}{{ .x }}{{ end }}",
                &["b@1"],
                &["x@1"],
            ),
            (
                "a range item is not a value path",
                "{{ range .Values.hosts }}{{ .name }}{{ end }}",
                &["hosts@1"],
                &[],
            ),
            (
                "fields on a helper's dot",
                "{{- define \"svc\" -}}\n{{ if .http.appProtocol }}{{ .Release.Name }}{{ .Values.g }}{{ $x.y }}{{ end }}\n{{- end -}}\n{{ .after }}",
                &["g@2"],
                &["http.appProtocol@2", "y@2"],
            ),
            (
                "strings and comments read nothing",
                "{{/* {{ .Values.no }} */}}{{- /* .Values.no2 */ -}}{{ print \".Values.no3 }}\" `.Values.no4` }}{{ .Values.yes -}}",
                &["yes@1"],
                &[],
            ),
            (
                "a field of a parenthesised pipeline is not a chain of the dot",
                "{{ define \"x\" }}{{ (include \"y\" .).field }}{{ end }}",
                &[],
                &[],
            ),
            ("an unterminated action ends the scan", "{{ .Values.a }}{{ .Values.b", &["a@1"], &[]),
        ];
        for (rule, text, values, helpers) in rows {
            let reads = scan_template(text);
            assert_eq!(paths(&reads.values), *values, "{rule}: values");
            assert_eq!(
                paths(&reads.helper_fields),
                *helpers,
                "{rule}: helper fields"
            );
        }
    }
}
