//! A line-by-line scan of the first document's layout for two problems the parser does not
//! report the way Helm's reader (libyaml's scanner in go-yaml v2) does:
//!
//! - **tabs where indentation is expected**: in block context, libyaml skips tabs between
//!   tokens only when no simple key may start there, so a tab at the start of a line (even
//!   a blank or comment line), or right after a `-`, `?` or `:` indicator, is an error
//!   ("found character that cannot start any token"); so is a tab in the indentation of a
//!   block scalar line. Tabs inside quoted and plain scalars, after other tokens, and in
//!   flow collections are fine. saphyr accepts some of these (`\ta: 1`) and rejects others
//!   with unrelated messages;
//! - **flow nesting deeper than a limit**: saphyr scans up to 255 levels of `[`/`{` ahead
//!   before producing any event and then fails with "recursion limit exceeded", so the
//!   builder's depth check never sees them; this scan names the bracket that crosses the
//!   limit.
//!
//! The scan models just enough of YAML to know where it is: quoted scalars (which may span
//! lines), block scalars and their indentation, comments, flow depth and token starts. It
//! stops at the end of the first document. It is an approximation: a tab after spaces at the
//! start of a plain scalar's continuation line is reported although libyaml accepts it.

/// A layout problem, at a 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LayoutIssue {
    /// A tab where libyaml expects indentation or token separation by spaces.
    Tab { line: u32, col: u32 },
    /// The bracket that opens flow level `limit + 1`.
    FlowTooDeep { line: u32, col: u32 },
}

/// Returns the first layout problem of the first document of `text`, with flow nesting
/// limited to `flow_limit` levels.
pub(crate) fn scan_layout(text: &str, flow_limit: usize) -> Option<LayoutIssue> {
    scan_layout_with_separators(text, flow_limit).0
}

/// Returns what [`scan_layout`] returns, and the positions (1-based line and column) of the
/// tabs that separate a key's `:` from its value (`a:\t1`). go-yaml accepts those, saphyr
/// does not; replacing each with a space keeps every position and every value the same.
pub(crate) fn scan_layout_with_separators(
    text: &str,
    flow_limit: usize,
) -> (Option<LayoutIssue>, Vec<(u32, u32)>) {
    let mut scanner = Scanner::new(flow_limit);
    let mut line_no: u32 = 0;
    for line in split_lines(text) {
        line_no = line_no.saturating_add(1);
        let chars: Vec<char> = line.chars().collect();
        match scanner.line(&chars, line_no) {
            Flow::Next => {}
            Flow::Stop => break,
            Flow::Issue(issue) => return (Some(issue), scanner.separator_tabs),
        }
    }
    (None, scanner.separator_tabs)
}

/// Spaces added at the start of lines that continue a flow collection or a quoted scalar
/// indented less than where it opened (`args: [` … `]` on a line of its own at column 1).
/// libyaml, and so Helm, accepts those; saphyr does not. The added spaces change no value
/// (whitespace between flow tokens and at the start of a quoted scalar's continuation line
/// is insignificant), and [`ContinuationPads::column`] maps columns back to the original
/// text for origins.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ContinuationPads {
    /// (1-based line, spaces added), by line.
    pads: Vec<(u32, u32)>,
}

impl ContinuationPads {
    /// Returns true when no line is padded.
    pub fn is_empty(&self) -> bool {
        self.pads.is_empty()
    }

    /// Returns the column in the original text of `col` on `line` of the padded text.
    pub fn column(&self, line: u32, col: u32) -> u32 {
        match self.pads.binary_search_by_key(&line, |&(l, _)| l) {
            Ok(i) => col.saturating_sub(self.pads[i].1).max(1),
            Err(_) => col,
        }
    }

    /// Returns `text` with the spaces added.
    pub fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + self.pads.len() * 8);
        let mut pads = self.pads.iter().peekable();
        for (index, line) in split_lines_keeping_breaks(text).enumerate() {
            let line_no = u32::try_from(index + 1).unwrap_or(u32::MAX);
            if let Some(&&(_, pad)) = pads.peek().filter(|(l, _)| *l == line_no) {
                pads.next();
                out.extend(std::iter::repeat_n(' ', pad as usize));
            }
            out.push_str(line);
        }
        out
    }
}

/// Splits after each `\n`, `\r\n` or lone `\r`, keeping the breaks.
fn split_lines_keeping_breaks(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = match rest.find(['\n', '\r']) {
            Some(i) if rest[i..].starts_with("\r\n") => i + 2,
            Some(i) => i + 1,
            None => rest.len(),
        };
        let (line, tail) = rest.split_at(end);
        rest = tail;
        Some(line)
    })
}

/// Returns the continuation lines of the first document of `text` that saphyr would reject
/// for their indentation, and how far to move each.
pub(crate) fn continuation_pads(text: &str) -> ContinuationPads {
    ContinuationPads {
        pads: scan_first_document(text).pads,
    }
}

/// Escapes both YAML versions have, each giving one control character, that can stand in for
/// `\'` (same length) when saphyr reads a text libyaml reads: the escape letter and what it
/// gives.
pub(crate) const STAND_INS: [(char, char); 5] = [
    ('a', '\u{7}'),
    ('e', '\u{1b}'),
    ('v', '\u{b}'),
    ('f', '\u{c}'),
    ('b', '\u{8}'),
];

/// Returns the escapes of double-quoted scalars in the first document where libyaml and
/// saphyr disagree: `\'` (libyaml reads an apostrophe, saphyr refuses it), `\/` (the other
/// way round), and the [`STAND_INS`]: the 1-based line and column of each backslash, and
/// the escaped character.
pub(crate) fn quote_escapes(text: &str) -> Vec<(u32, u32, char)> {
    scan_first_document(text).quote_escapes
}

/// Runs the scanner over the first document, to the end of it, whatever it finds.
fn scan_first_document(text: &str) -> Scanner {
    let mut scanner = Scanner::new(usize::MAX);
    for (index, line) in split_lines(text).enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let line_no = u32::try_from(index + 1).unwrap_or(u32::MAX);
        match scanner.line(&chars, line_no) {
            Flow::Next | Flow::Issue(LayoutIssue::Tab { .. }) => {}
            Flow::Stop | Flow::Issue(LayoutIssue::FlowTooDeep { .. }) => break,
        }
    }
    scanner
}

/// Returns `text` with the character at each of `positions` (1-based line and column, in
/// order) replaced by `with`; lines and columns stay where they were.
pub(crate) fn replace_at(text: &str, positions: &[(u32, u32)], with: char) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut line, mut col) = (1u32, 1u32);
    let mut wanted = positions.iter().peekable();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if wanted.peek() == Some(&&(line, col)) {
            wanted.next();
            out.push(with);
        } else {
            out.push(c);
        }
        col += 1;
        if c == '\n' || (c == '\r' && chars.peek() != Some(&'\n')) {
            line += 1;
            col = 1;
        }
    }
    out
}

/// Splits at `\n`, `\r\n` and lone `\r`, as YAML counts lines.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    let mut done = text.is_empty();
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        match rest.find(['\n', '\r']) {
            Some(i) => {
                let line = &rest[..i];
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = &rest[i + skip..];
                Some(line)
            }
            None => {
                done = true;
                Some(rest)
            }
        }
    })
}

enum Flow {
    Next,
    Stop,
    Issue(LayoutIssue),
}

/// A block scalar whose content lines follow.
#[derive(Clone, Copy, Debug)]
struct BlockScalar {
    /// Indentation of the node the scalar belongs to (-1 at the top level).
    parent: isize,
    /// Indentation of the content, once known (explicit, or from the first content line).
    indent: Option<usize>,
    /// The most leading spaces on an empty line before the first content line.
    max_empty: usize,
}

struct Scanner {
    /// Tabs between a key's `:` and its value, which go-yaml accepts.
    separator_tabs: Vec<(u32, u32)>,
    /// Escapes in double-quoted scalars where libyaml and saphyr disagree (`\'`, `\/`) or
    /// that stand in for them (`\a`): 1-based line and column of the backslash.
    quote_escapes: Vec<(u32, u32, char)>,
    /// Lines that continue a flow collection or a quoted scalar indented less than where
    /// it opened, with the spaces to add so saphyr accepts them (see [`ContinuationPads`]).
    pads: Vec<(u32, u32)>,
    /// Column (0-based) of the bracket that opened the outermost flow collection.
    flow_open_col: usize,
    /// Column (0-based) of the quote that opened a quoted scalar continuing on later lines.
    quote_open_col: usize,
    flow_limit: usize,
    flow_depth: usize,
    /// The quote character of a quoted scalar that continues on the next line.
    quote: Option<char>,
    block: Option<BlockScalar>,
    /// Column (0-based) of the last block node start: the indentation a block scalar's
    /// content must exceed.
    node_col: usize,
    /// A token of the first document has been seen.
    content_seen: bool,
    /// A `---` has been seen.
    marker_seen: bool,
}

fn is_blank(c: Option<&char>) -> bool {
    matches!(c, None | Some(' ' | '\t'))
}

impl Scanner {
    fn new(flow_limit: usize) -> Scanner {
        Scanner {
            separator_tabs: Vec::new(),
            quote_escapes: Vec::new(),
            pads: Vec::new(),
            flow_open_col: 0,
            quote_open_col: 0,
            flow_limit,
            flow_depth: 0,
            quote: None,
            block: None,
            node_col: 0,
            content_seen: false,
            marker_seen: false,
        }
    }

    /// Finds the end of a quoted scalar on this line (see [`close_quote`]), noting the
    /// escapes in it that [`quote_escapes`] reports.
    fn close_quote(
        &mut self,
        chars: &[char],
        from: usize,
        quote: char,
        at: &impl Fn(usize) -> (u32, u32),
    ) -> Option<usize> {
        let mut escapes = Vec::new();
        let closed = close_quote(chars, from, quote, &mut escapes);
        for (i, c) in escapes {
            let (line, col) = at(i);
            self.quote_escapes.push((line, col, c));
        }
        closed
    }

    fn line(&mut self, chars: &[char], line_no: u32) -> Flow {
        let at = |col: usize| (line_no, u32::try_from(col + 1).unwrap_or(u32::MAX));
        // libyaml ignores the indentation of lines inside flow collections and quoted
        // scalars; saphyr wants them right of the enclosing block's indentation. The column
        // where the collection or scalar opened always is.
        let open_col = if self.quote.is_some() {
            Some(self.quote_open_col)
        } else if self.flow_depth > 0 && self.block.is_none() {
            Some(self.flow_open_col)
        } else {
            None
        };
        if let Some(open_col) = open_col {
            let leading = chars.iter().take_while(|c| matches!(c, ' ' | '\t')).count();
            if leading < chars.len() && leading < open_col {
                self.pads
                    .push((line_no, u32::try_from(open_col - leading).unwrap_or(0)));
            }
        }
        if let Some(block) = self.block {
            match self.block_line(block, chars) {
                BlockLine::Inside => return Flow::Next,
                BlockLine::Tab(col) => {
                    let (line, col) = at(col);
                    return Flow::Issue(LayoutIssue::Tab { line, col });
                }
                BlockLine::Outside => self.block = None,
            }
        }
        let marker = |m: &str| {
            chars.len() >= 3 && chars[..3].iter().copied().eq(m.chars()) && is_blank(chars.get(3))
        };
        if marker("...") {
            return Flow::Stop;
        }
        let mut start = 0;
        if marker("---") {
            if self.content_seen || self.marker_seen || self.quote.is_some() {
                return Flow::Stop;
            }
            self.marker_seen = true;
            self.flow_depth = 0;
            start = 3;
        } else if let Some(q) = self.quote {
            match self.close_quote(chars, 0, q, &at) {
                Some(after) => {
                    self.quote = None;
                    return self.tokens(chars, after, false, at);
                }
                None => return Flow::Next,
            }
        } else if chars.first() == Some(&'%') && !self.content_seen && !self.marker_seen {
            return Flow::Next;
        } else {
            // Leading whitespace of a line in block context must be spaces.
            let mut i = 0;
            while let Some(&c) = chars.get(i) {
                match c {
                    ' ' => i += 1,
                    '\t' if self.flow_depth == 0 => {
                        let (line, col) = at(i);
                        return Flow::Issue(LayoutIssue::Tab { line, col });
                    }
                    '\t' => i += 1,
                    _ => break,
                }
            }
        }
        self.tokens(chars, start, true, at)
    }

    /// Scans the tokens of a line from `i`; `token_start` says whether a node may start
    /// there. After `---` tabs are fine (libyaml allows no simple key right after it).
    fn tokens(
        &mut self,
        chars: &[char],
        mut i: usize,
        mut token_start: bool,
        at: impl Fn(usize) -> (u32, u32),
    ) -> Flow {
        // True right after a block indicator (`-`, `?`, `:`), where a tab is an error.
        let mut after_indicator = false;
        let tab = |col: usize| {
            let (line, col) = at(col);
            Flow::Issue(LayoutIssue::Tab { line, col })
        };
        loop {
            while let Some(&c) = chars.get(i) {
                match c {
                    ' ' => i += 1,
                    '\t' if after_indicator && self.flow_depth == 0 => return tab(i),
                    '\t' => i += 1,
                    _ => break,
                }
            }
            let Some(&c) = chars.get(i) else {
                return Flow::Next;
            };
            if c == '#' && (i == 0 || is_blank(chars.get(i - 1))) {
                return Flow::Next;
            }
            self.content_seen = true;
            after_indicator = false;
            let next = chars.get(i + 1);
            match c {
                '[' | '{' if token_start || self.flow_depth > 0 => {
                    if self.flow_depth == 0 {
                        self.flow_open_col = i;
                    }
                    self.flow_depth += 1;
                    if self.flow_depth > self.flow_limit {
                        let (line, col) = at(i);
                        return Flow::Issue(LayoutIssue::FlowTooDeep { line, col });
                    }
                    token_start = true;
                    i += 1;
                }
                ']' | '}' if self.flow_depth > 0 => {
                    self.flow_depth -= 1;
                    token_start = false;
                    i += 1;
                }
                ',' if self.flow_depth > 0 => {
                    token_start = true;
                    i += 1;
                }
                ':' if self.flow_depth > 0 => {
                    token_start = true;
                    i += 1;
                }
                '-' | '?' | ':'
                    if self.flow_depth == 0 && is_blank(next) && (token_start || c == ':') =>
                {
                    if c != ':' {
                        self.node_col = i;
                    }
                    // go-yaml allows a tab after the `:` that follows a key (`a:\t1`), not
                    // after `-`, `?` or a `:` that starts the line (`? a` / `:\t1`).
                    after_indicator = c != ':' || token_start;
                    if !after_indicator && chars.get(i + 1) == Some(&'\t') {
                        self.separator_tabs.push(at(i + 1));
                    }
                    token_start = true;
                    i += 1;
                }
                '"' | '\'' if token_start => match self.close_quote(chars, i + 1, c, &at) {
                    Some(after) => {
                        token_start = false;
                        i = after;
                    }
                    None => {
                        self.quote = Some(c);
                        // Inside a flow collection, the collection's column rules.
                        self.quote_open_col = if self.flow_depth > 0 {
                            self.flow_open_col.min(i)
                        } else {
                            i
                        };
                        return Flow::Next;
                    }
                },
                '|' | '>' if token_start && self.flow_depth == 0 => {
                    if let Some(block) = self.block_header(chars, i + 1) {
                        self.block = Some(block);
                        return Flow::Next;
                    }
                    i = self.plain(chars, i);
                    token_start = false;
                }
                '&' | '!' | '*' => {
                    while !is_blank(chars.get(i)) && !self.ends_flow_token(chars.get(i)) {
                        i += 1;
                    }
                    // The node after an anchor or a tag may still start here.
                    token_start = c != '*';
                }
                _ => {
                    if token_start && self.flow_depth == 0 {
                        self.node_col = i;
                    }
                    i = self.plain(chars, i);
                    token_start = false;
                }
            }
        }
    }

    fn ends_flow_token(&self, c: Option<&char>) -> bool {
        self.flow_depth > 0 && matches!(c, Some(',' | '[' | ']' | '{' | '}'))
    }

    /// Skips a plain scalar's characters on this line from `i`: up to a `: ` indicator, a
    /// ` #` comment, or (in flow context) a flow indicator.
    fn plain(&self, chars: &[char], mut i: usize) -> usize {
        i += 1;
        while let Some(&c) = chars.get(i) {
            let next = chars.get(i + 1);
            let stop = match c {
                ':' => is_blank(next) || self.ends_flow_token(next),
                '#' => is_blank(chars.get(i - 1)),
                ',' | '[' | ']' | '{' | '}' => self.flow_depth > 0,
                _ => false,
            };
            if stop {
                break;
            }
            i += 1;
        }
        i
    }

    /// Reads a block scalar header after `|` or `>` (indicators, then only blanks and a
    /// comment); `None` if the rest of the line is not a header.
    fn block_header(&self, chars: &[char], mut i: usize) -> Option<BlockScalar> {
        let mut increment = None;
        while let Some(&c) = chars.get(i) {
            match c {
                '1'..='9' if increment.is_none() => increment = c.to_digit(10),
                '+' | '-' => {}
                _ => break,
            }
            i += 1;
        }
        if !is_blank(chars.get(i)) {
            return None;
        }
        while matches!(chars.get(i), Some(' ' | '\t')) {
            i += 1;
        }
        if !matches!(chars.get(i), None | Some('#')) {
            return None;
        }
        let parent = self.node_col as isize;
        let indent = increment.map(|n| (parent.max(0) as usize) + n as usize);
        Some(BlockScalar {
            parent,
            indent,
            max_empty: 0,
        })
    }

    /// Places a line relative to an open block scalar (libyaml's
    /// `scan_block_scalar_breaks`).
    fn block_line(&mut self, mut block: BlockScalar, chars: &[char]) -> BlockLine {
        let spaces = chars.iter().take_while(|&&c| c == ' ').count();
        let next = chars.get(spaces);
        let placed = match (block.indent, next) {
            (Some(_), None) => BlockLine::Inside,
            (Some(indent), Some(_)) if spaces >= indent => BlockLine::Inside,
            (_, Some('\t')) => BlockLine::Tab(spaces),
            (Some(_), Some(_)) => BlockLine::Outside,
            (None, None) => {
                block.max_empty = block.max_empty.max(spaces);
                BlockLine::Inside
            }
            (None, Some(_)) => {
                let indent = spaces
                    .max(block.max_empty)
                    .max((block.parent + 1).max(1) as usize);
                block.indent = Some(indent);
                if spaces >= indent {
                    BlockLine::Inside
                } else {
                    BlockLine::Outside
                }
            }
        };
        self.block = Some(block);
        placed
    }
}

enum BlockLine {
    Inside,
    Outside,
    Tab(usize),
}

/// Returns the index after the quote closing a scalar opened with `quote`, searching from
/// `i`; `None` if it does not close on this line.
fn close_quote(
    chars: &[char],
    mut i: usize,
    quote: char,
    escapes: &mut Vec<(usize, char)>,
) -> Option<usize> {
    while let Some(&c) = chars.get(i) {
        if quote == '"' && c == '\\' {
            if let Some(&escaped) = chars.get(i + 1) {
                if matches!(escaped, '\'' | '/') || STAND_INS.iter().any(|s| s.0 == escaped) {
                    escapes.push((i, escaped));
                }
            }
            i += 2;
            continue;
        }
        if c == quote {
            if quote == '\'' && chars.get(i + 1) == Some(&'\'') {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tab(line: u32, col: u32) -> Option<LayoutIssue> {
        Some(LayoutIssue::Tab { line, col })
    }

    #[test]
    fn finds_tabs_where_libyaml_expects_spaces() {
        // (input, first problem)
        let rows: Vec<(&str, Option<LayoutIssue>)> = vec![
            ("a:\n\tb: 1\n", tab(2, 1)),
            ("\ta: 1\n", tab(1, 1)),
            ("a:\n  b: 1\n  \tc: 2\n", tab(3, 3)),
            ("a: 1\n\t\nb: 2\n", tab(2, 1)),
            ("a: 1\n\t# comment\n", tab(2, 1)),
            ("a:\tb\n", None),
            ("a: \tb\n", None),
            ("-\tb\n", tab(1, 2)),
            ("- \tb\n", tab(1, 3)),
            ("a:\n  - x\n\t- y\n", tab(3, 1)),
            ("a: |\n\tx\n", tab(2, 1)),
            ("a: |\n  \tx\n", tab(2, 3)),
            ("a: |\n  x\n \ty\n", tab(3, 2)),
            // tabs that are fine
            ("a: x\ty\n", None),
            ("a: \"x\ty\"\n", None),
            ("a: 'x\ty'\n", None),
            ("a: 1\t# comment\n", None),
            ("a: \"x\"\t\n", None),
            ("a: [1,\t2]\n", None),
            ("a: [\n\t1]\n", None),
            ("a: {\n\tb: 1}\n", None),
            ("a: \"x\n\ty\"\n", None),
            ("a: 'it''s\n\tfine'\n", None),
            ("a: |\n  x\n  \ty\n", None),
            ("a: |2\n  \tx\n", None),
            ("a: >-\n  x\n\n  \ty\nb: 1\n", None),
            ("a: &x\tb\n", None),
            ("a: !!str\tb\n", None),
            ("---\tx\n", None),
            ("a: 1\n", None),
            ("a: it's\n", None),
            ("a: x # it's\n\tb: 1\n", tab(2, 1)),
            // only the first document counts
            ("a: 1\n---\n\tb: 2\n", None),
            ("a: 1\n...\n\tb\n", None),
            ("---\na: 1\n---\n\tb\n", None),
            ("---\n\tb: 1\n", tab(2, 1)),
            ("%YAML 1.1\n---\na:\n\tb\n", tab(4, 1)),
        ];
        for (text, expected) in rows {
            assert_eq!(scan_layout(text, 255), expected, "{text:?}");
        }
    }

    #[test]
    fn block_scalars_end_where_their_indentation_ends() {
        // The block scalar ends at `b:`; the tab after it is indentation again.
        assert_eq!(scan_layout("a: |\n  x\nb:\n\tc\n", 255), tab(4, 1));
        // Content lines may contain anything, including brackets and quotes.
        assert_eq!(scan_layout("a: |\n  [[[\"'\nb: 1\n", 1), None);
        // `- key: |` needs content deeper than the key.
        assert_eq!(scan_layout("- k: |\n    x\n  \tj: 1\n", 255), tab(3, 3));
    }

    #[test]
    fn finds_flow_nesting_beyond_the_limit() {
        let deep = "[".repeat(100_000);
        assert_eq!(
            scan_layout(&deep, 200),
            Some(LayoutIssue::FlowTooDeep { line: 1, col: 201 })
        );
        let rows: Vec<(&str, Option<LayoutIssue>)> = vec![
            ("a: [[1]]\n", None),
            (
                "a: [[[1]]]\n",
                Some(LayoutIssue::FlowTooDeep { line: 1, col: 6 }),
            ),
            (
                "a: {b: [{c: 1}]}\n",
                Some(LayoutIssue::FlowTooDeep { line: 1, col: 9 }),
            ),
            ("a: x[[[\n", None),
            ("a: \"[[[\"\n", None),
            ("a: 1 # [[[\n", None),
            ("a: [1, 2]\nb: [[3]]\n", None),
            (
                "a:\n  - [\n    [\n      [1]]]\n",
                Some(LayoutIssue::FlowTooDeep { line: 4, col: 7 }),
            ),
        ];
        for (text, expected) in rows {
            assert_eq!(scan_layout(text, 2), expected, "{text:?}");
        }
    }

    #[test]
    fn splits_lines_like_yaml() {
        let lines: Vec<&str> = split_lines("a\r\nb\rc\n\nd").collect();
        assert_eq!(lines, ["a", "b", "c", "", "d"]);
        assert_eq!(split_lines("").count(), 0);
    }
}
