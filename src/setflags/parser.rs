//! [`Parser`]: applies one flag's `key=value` pairs to the user values, step for step as
//! Helm's `strvals` parser (`pkg/strvals/parser.go`, `literal_parser.go`, v3.17) does.
//!
//! The functions mirror Helm's `key`, `listItem`, `valList` and `setIndex`, so that odd
//! inputs end the way they end in Helm: the same error, or the same silent result
//! (`--set a[0]` sets `a: []`, `--set .a=1` sets nothing, a trailing `,` is fine, a leading
//! one is an error). Where Helm's Go code panics on a failed type assertion and recovers it
//! as `unable to parse key: interface conversion: ...`, this returns
//! [`PairError::WrongKind`].
//!
//! Every node written gets the flag's origin; a node that replaces another records the
//! replaced node's origins in `overrode`. Maps and lists that are only entered or edited in
//! place keep their own origin.

use crate::values::{HelmVersion, KeyPath, List, Map, Node, Origin, Segment, Value};

use super::error::PairError;
use super::file_value::FileValues;
use super::json_value::decode_json_prefix;
use super::scanner::Scanner;
use super::set_flag::{FlagKind, SetFlag};
use super::typed_value::{parse_index, typed_value};

/// Helm's `MaxIndex`: the largest list index a flag may write.
pub(super) const MAX_INDEX: i64 = 65536;

/// Helm's `MaxNestedNameLevel`: the most dots one key may contain (counted in map keys;
/// a `.` right after `]` is not counted, as in Helm).
pub(super) const MAX_NESTED_NAME_LEVEL: usize = 30;

/// strata's own guard: the most maps and lists one key may descend through. Helm has no
/// such limit (`a[0][0]...` recurses as deep as the key goes); a few hundred levels are
/// more than any chart uses, and the guard keeps a hostile key from exhausting the stack.
pub(super) const MAX_PARSE_DEPTH: usize = 200;

/// How parsing one pair stopped early: at the end of the text (Helm's `io.EOF`, which ends
/// the flag without error) or with an error.
enum Halt {
    End,
    Fail(PairError),
}

impl From<PairError> for Halt {
    fn from(e: PairError) -> Self {
        Halt::Fail(e)
    }
}

/// How a `{...}` list value did not come out.
enum ListHalt {
    /// The value was empty, at the end of the text.
    End,
    /// The value does not start with `{`; nothing was read.
    NotList,
    /// The list was malformed, or an item could not be read.
    Fail(PairError),
}

/// A parser for one flag.
pub(super) struct Parser<'a> {
    sc: Scanner<'a>,
    kind: FlagKind,
    origin: Origin,
    files: FileValues<'a>,
    /// The path of the map or list being parsed, for error data.
    path: KeyPath,
    /// Whose parser this mirrors (Helm 4 ends a flag silently at an unclosed index).
    helm: HelmVersion,
}

impl<'a> Parser<'a> {
    /// Returns a parser for `flag`; `files` is used by `--set-file` only.
    pub(super) fn new(flag: &'a SetFlag, files: FileValues<'a>, helm: HelmVersion) -> Self {
        Parser {
            sc: Scanner::new(&flag.text),
            kind: flag.kind,
            origin: flag.origin(),
            files,
            path: KeyPath::root(),
            helm,
        }
    }

    /// Applies every pair of the flag to `root`, left to right.
    pub(super) fn apply(mut self, root: &mut Map) -> Result<(), PairError> {
        loop {
            match self.key(root, 0, 0) {
                Ok(()) => {}
                Err(Halt::End) => return Ok(()),
                Err(Halt::Fail(e)) => return Err(e),
            }
        }
    }

    fn literal(&self) -> bool {
        self.kind == FlagKind::Literal
    }

    /// Reads up to a stop character; `--set-literal` knows no backslash escapes.
    fn until(&mut self, stop: &[char]) -> (String, Option<char>) {
        let escapes = !self.literal();
        self.sc.until(stop, escapes)
    }

    fn node(&self, value: Value) -> Node {
        Node::new(value, self.origin.clone())
    }

    fn wrong_kind(&self, at: Segment, found: &Value, wanted: &'static str) -> Halt {
        let mut path = self.path.clone();
        path.push(at);
        Halt::Fail(PairError::WrongKind {
            path,
            found: go_type(found),
            wanted,
        })
    }

    /// Helm's `key`: reads one key of `data` and what follows it.
    fn key(&mut self, data: &mut Map, level: usize, depth: usize) -> Result<(), Halt> {
        if depth > MAX_PARSE_DEPTH {
            return Err(PairError::NestedTooDeep.into());
        }
        let stop: &[char] = if self.literal() {
            &['=', '[', '.']
        } else {
            &['=', '[', ',', '.']
        };
        let (key, last) = self.until(stop);
        match last {
            None if key.is_empty() => Err(Halt::End),
            None => Err(PairError::NoValue { key }.into()),
            Some('[') => self.key_list(data, key, level, depth),
            Some('=') => self.key_value(data, key),
            Some(',') => Err(PairError::NoValueBeforeComma { key }.into()),
            Some(_) => self.key_map(data, key, level, depth),
        }
    }

    /// `key[`: finds or creates the list `key` and continues in it.
    fn key_list(
        &mut self,
        data: &mut Map,
        key: String,
        level: usize,
        depth: usize,
    ) -> Result<(), Halt> {
        let index = self.key_index()?;
        match data.get_mut(key.as_str()) {
            Some(node) => match &mut node.value {
                Value::List(list) => {
                    let len = list.len();
                    self.path.push(Segment::Key(key.clone()));
                    let result = self.list_item(list, index, level, depth + 1);
                    self.path.pop();
                    if key.is_empty() {
                        // Helm edits the list under the empty key in place but drops its
                        // new slice when it grew, since `set` ignores the empty key.
                        list.truncate(len);
                    }
                    result
                }
                other => Err(self.wrong_kind(Segment::Key(key), other, GO_LIST)),
            },
            None => {
                let mut list = List::new();
                self.path.push(Segment::Key(key.clone()));
                let result = self.list_item(&mut list, index, level, depth + 1);
                self.path.pop();
                // Helm stores the list even when the text ended after `]` (`a[0]` sets
                // `a: []`).
                self.set(data, key, Value::List(list));
                result
            }
        }
    }

    /// `key=`: reads the value and stores it under `key`.
    fn key_value(&mut self, data: &mut Map, key: String) -> Result<(), Halt> {
        match self.kind {
            FlagKind::Literal => {
                let value = self.sc.take_rest().to_string();
                self.set(data, key, Value::String(value.into()));
                Ok(())
            }
            FlagKind::Json => {
                if self.sc.empty_value() {
                    self.set(data, key, Value::Null);
                    return Ok(());
                }
                let node = self.json_value()?;
                self.set_node(data, key, node);
                self.sc.empty_value();
                Ok(())
            }
            FlagKind::Set | FlagKind::String | FlagKind::File => match self.list_value() {
                Ok(items) => {
                    self.set(data, key, Value::List(items));
                    Ok(())
                }
                Err(ListHalt::End) => {
                    self.set(data, key, Value::String(String::new().into()));
                    Err(Halt::End)
                }
                Err(ListHalt::NotList) => {
                    let (text, _) = self.until(&[',']);
                    let value = self.read_value(&text)?;
                    self.set(data, key, value);
                    Ok(())
                }
                Err(ListHalt::Fail(e)) => Err(e.into()),
            },
        }
    }

    /// `key.`: finds or creates the map `key` and continues in it.
    fn key_map(
        &mut self,
        data: &mut Map,
        key: String,
        level: usize,
        depth: usize,
    ) -> Result<(), Halt> {
        let level = level + 1;
        if level > MAX_NESTED_NAME_LEVEL {
            return Err(PairError::TooManyDots.into());
        }
        match data.get_mut(key.as_str()) {
            Some(node) => match &mut node.value {
                Value::Map(inner) => {
                    self.path.push(Segment::Key(key.clone()));
                    let result = self.key(inner, level, depth + 1);
                    self.path.pop();
                    if result.is_ok() && inner.is_empty() {
                        return Err(PairError::EmptyMap { key }.into());
                    }
                    result
                }
                other => Err(self.wrong_kind(Segment::Key(key), other, GO_MAP)),
            },
            None => {
                let mut inner = Map::new();
                self.path.push(Segment::Key(key.clone()));
                let result = self.key(&mut inner, level, depth + 1);
                self.path.pop();
                if result.is_ok() && inner.is_empty() {
                    return Err(PairError::EmptyMap { key }.into());
                }
                if !inner.is_empty() {
                    self.set(data, key, Value::Map(inner));
                }
                result
            }
        }
    }

    /// Helm's `keyIndex`: the index between `[` and `]`.
    ///
    /// An unclosed index is Helm's `io.EOF`, which Helm 3 wraps as an error; Helm 4 wraps it
    /// with `%w`, and its parse loop reads any wrapped `io.EOF` as the end of the flag, so
    /// the flag ends there without error (measured on Helm 4.1.4: `a[0=1` sets nothing).
    fn key_index(&mut self) -> Result<i64, Halt> {
        match self.until(&[']']) {
            (text, Some(_)) => Ok(parse_index(&text)?),
            (_, None) if self.helm.is_v4() => Err(Halt::End),
            (_, None) => Err(PairError::IndexUnclosed.into()),
        }
    }

    /// Helm's `listItem`: what follows `[index]` in `list`.
    fn list_item(
        &mut self,
        list: &mut List,
        index: i64,
        level: usize,
        depth: usize,
    ) -> Result<(), Halt> {
        if depth > MAX_PARSE_DEPTH {
            return Err(PairError::NestedTooDeep.into());
        }
        if index < 0 {
            return Err(PairError::NegativeIndex { index }.into());
        }
        let (data, last) = self.until(&['[', '.', '=']);
        if !data.is_empty() {
            return Err(PairError::DataAfterIndex { data }.into());
        }
        // `index` is 0 or more here; past usize (on 32-bit targets) it is past MAX_INDEX too.
        let at = usize::try_from(index).unwrap_or(usize::MAX);
        match last {
            None => Err(Halt::End),
            Some('=') => self.list_value_at(list, index),
            Some('[') => {
                let next = self.key_index()?;
                self.path.push(Segment::Index(at));
                let existing = list.get_mut(at).filter(|node| !node.is_null());
                match existing {
                    Some(node) => match &mut node.value {
                        Value::List(inner) => {
                            self.list_item(inner, next, level, depth + 1)?;
                            self.path.pop();
                            check_index(index)?;
                            Ok(())
                        }
                        other => {
                            self.path.pop();
                            Err(self.wrong_kind(Segment::Index(at), other, GO_LIST))
                        }
                    },
                    None => {
                        let mut inner = List::new();
                        self.list_item(&mut inner, next, level, depth + 1)?;
                        self.path.pop();
                        self.place(list, index, self.node(Value::List(inner)))
                    }
                }
            }
            Some(_) => {
                self.path.push(Segment::Index(at));
                if at < list.len() {
                    // Helm turns an element that is not a map into a new map before it
                    // goes on, and keeps a map element, merging into it.
                    if list[at].as_map().is_none() {
                        replace(&mut list[at], self.node(Value::Map(Map::new())));
                    }
                    if let Value::Map(inner) = &mut list[at].value {
                        self.key(inner, level, depth + 1)?;
                    }
                    self.path.pop();
                    check_index(index)?;
                    Ok(())
                } else {
                    let mut inner = Map::new();
                    self.key(&mut inner, level, depth + 1)?;
                    self.path.pop();
                    self.place(list, index, self.node(Value::Map(inner)))
                }
            }
        }
    }

    /// `[index]=`: reads the value and stores it at `index`.
    fn list_value_at(&mut self, list: &mut List, index: i64) -> Result<(), Halt> {
        match self.kind {
            FlagKind::Literal => {
                let value = self.sc.take_rest().to_string();
                self.place(list, index, self.node(Value::String(value.into())))
            }
            FlagKind::Json => {
                if self.sc.empty_value() {
                    return self.place(list, index, self.node(Value::Null));
                }
                let node = self.json_value()?;
                self.place(list, index, node)?;
                self.sc.empty_value();
                Ok(())
            }
            FlagKind::Set | FlagKind::String | FlagKind::File => {
                let value = match self.list_value() {
                    Ok(items) => Value::List(items),
                    // Unlike after a key, Helm carries on here; the next key finds the end.
                    Err(ListHalt::End) => Value::String(String::new().into()),
                    Err(ListHalt::NotList) => {
                        let (text, _) = self.until(&[',']);
                        self.read_value(&text)?
                    }
                    Err(ListHalt::Fail(e)) => return Err(e.into()),
                };
                self.place(list, index, self.node(value))
            }
        }
    }

    /// Helm's `valList`: a `{a,b,c}` value, each item read like a single value.
    fn list_value(&mut self) -> Result<List, ListHalt> {
        match self.sc.read() {
            None => return Err(ListHalt::End),
            Some('{') => {}
            Some(c) => {
                self.sc.unread(c);
                return Err(ListHalt::NotList);
            }
        }
        let mut items = List::new();
        loop {
            let (text, last) = self.until(&[',', '}']);
            match last {
                None => return Err(ListHalt::Fail(PairError::UnterminatedList)),
                Some('}') => {
                    // A `,` right after the list belongs to it.
                    if let Some(c) = self.sc.read() {
                        if c != ',' {
                            self.sc.unread(c);
                        }
                    }
                    let value = self.read_value(&text).map_err(ListHalt::Fail)?;
                    items.push(self.node(value));
                    return Ok(items);
                }
                Some(_) => {
                    let value = self.read_value(&text).map_err(ListHalt::Fail)?;
                    items.push(self.node(value));
                }
            }
        }
    }

    /// The value a `--set`, `--set-string` or `--set-file` pair makes of `text`.
    fn read_value(&self, text: &str) -> Result<Value, PairError> {
        match self.kind {
            FlagKind::Set => Ok(typed_value(text)),
            FlagKind::File => self.files.read(text).map(|text| Value::String(text.into())),
            FlagKind::String | FlagKind::Json | FlagKind::Literal => Ok(Value::String(text.into())),
        }
    }

    /// Decodes the JSON value at the cursor and moves past it.
    fn json_value(&mut self) -> Result<Node, PairError> {
        let (node, used) = decode_json_prefix(self.sc.rest(), &self.origin)?;
        self.sc.skip(used);
        Ok(node)
    }

    /// Helm's `set`: stores `value` under `key`, replacing what was there; an empty key is
    /// ignored.
    fn set(&self, data: &mut Map, key: String, value: Value) {
        let node = self.node(value);
        self.set_node(data, key, node);
    }

    fn set_node(&self, data: &mut Map, key: String, node: Node) {
        if key.is_empty() {
            return;
        }
        match data.get_mut(key.as_str()) {
            Some(old) => replace(old, node),
            None => {
                data.insert(key.into(), node);
            }
        }
    }

    /// Helm's `setIndex`: stores `node` at `index`, padding the list with nulls.
    fn place(&self, list: &mut List, index: i64, node: Node) -> Result<(), Halt> {
        let at = check_index(index)?;
        if at < list.len() {
            replace(&mut list[at], node);
        } else {
            list.extend((list.len()..at).map(|_| self.node(Value::Null)));
            list.push(node);
        }
        Ok(())
    }
}

/// Checks an index against Helm's limits and returns it as a position.
fn check_index(index: i64) -> Result<usize, PairError> {
    if index < 0 {
        return Err(PairError::NegativeIndex { index });
    }
    if index > MAX_INDEX {
        return Err(PairError::IndexTooLarge { index });
    }
    // 0..=MAX_INDEX fits every usize strata builds for.
    Ok(usize::try_from(index).unwrap_or(usize::MAX))
}

/// Puts `new` in the place of `old`, recording `old`'s origins as overridden.
fn replace(old: &mut Node, mut new: Node) {
    let previous = std::mem::replace(old, Node::new(Value::Null, old.origin.clone()));
    let mut overrode = previous.overrode;
    overrode.push(previous.origin);
    overrode.append(&mut new.overrode);
    new.overrode = overrode;
    *old = new;
}

const GO_MAP: &str = "map[string]interface {}";
const GO_LIST: &str = "[]interface {}";

/// The Go type Helm holds a value of this kind as, for its type-assertion messages.
fn go_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "nil",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int64",
        Value::Float(_) => "float64",
        Value::String(_) => "string",
        Value::List(_) => GO_LIST,
        Value::Map(_) => GO_MAP,
    }
}
