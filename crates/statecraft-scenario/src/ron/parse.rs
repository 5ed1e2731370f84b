//! A parser for the RON used by scenario files: structs, tuples, enums, lists, maps, strings,
//! numbers, booleans, comments (line and nested block) and `#![enable(...)]` attributes (which
//! are accepted and ignored: this tree reads implicit `Some` and unwrapped newtypes anyway).

use std::collections::BTreeSet;

use super::tree::{Key, Node, Value};
use crate::quote::excerpt;
use crate::source::{SourceId, Span};

/// How deeply values may nest (a list in a struct in a list...). The deepest value a scenario
/// writes is about 6 levels down, and a replay adds one: 128 leaves room for any real file,
/// and keeps the parser, the merge and the reader, which recurse, far from the stack's end.
pub const MAX_DEPTH: usize = 128;

/// A syntax error: what was expected, where.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    pub message: String,
    pub span: Span,
    pub hint: Option<String>,
    /// The text ends before the value does: a file cut short (a truncated copy or download)
    /// more likely than a mistake in writing it.
    pub truncated: bool,
}

impl ParseError {
    fn truncated(mut self) -> ParseError {
        self.truncated = true;
        self
    }
}

/// Parse one complete RON value from `text`.
pub fn parse(text: &str, source: SourceId) -> Result<Node, ParseError> {
    parse_from(text, source, 0)
}

/// Parse one complete RON value from `text[start..]`, with spans relative to all of `text`.
pub fn parse_from(text: &str, source: SourceId, start: usize) -> Result<Node, ParseError> {
    // Editors on Windows may start a UTF-8 file with a byte-order mark.
    let start = if text[start..].starts_with('\u{feff}') { start + '\u{feff}'.len_utf8() } else { start };
    let mut parser = Parser { text, bytes: text.as_bytes(), pos: start, source, depth: 0 };
    parser.skip_trivia()?;
    parser.skip_attributes()?;
    if parser.pos >= text.len() {
        return Err(parser
            .error_here(
                "expected a value, found the end of the text",
                Some("a scenario file holds `Scenario(...)`; after `--set PATH=` comes a value, e.g. `0.5`"),
            )
            .truncated());
    }
    let node = parser.value()?;
    parser.skip_trivia()?;
    if parser.pos < text.len() {
        return Err(parser.error_here(
            "unexpected text after the end of the value",
            Some("the value is complete here: is a `)` closing it too early, or is this text stray?"),
        ));
    }
    Ok(node)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    source: SourceId,
    /// How many values enclose the one being read.
    depth: usize,
}

impl Parser<'_> {
    fn span(&self, start: usize) -> Span {
        Span::new(self.source, start, self.pos)
    }

    fn error_at(&self, start: usize, end: usize, message: impl Into<String>, hint: Option<&str>) -> ParseError {
        ParseError {
            message: message.into(),
            span: Span::new(self.source, start, end),
            hint: hint.map(str::to_string),
            truncated: false,
        }
    }

    fn error_here(&self, message: impl Into<String>, hint: Option<&str>) -> ParseError {
        let end = self.text[self.pos..].chars().next().map_or(self.pos, |c| self.pos + c.len_utf8());
        let error = self.error_at(self.pos, end, message, hint);
        if self.pos >= self.text.len() { error.truncated() } else { error }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn skip_trivia(&mut self) -> Result<(), ParseError> {
        loop {
            match self.peek() {
                Some(b) if b.is_ascii_whitespace() => self.pos += 1,
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'/') => {
                    while self.peek().is_some_and(|b| b != b'\n') {
                        self.pos += 1;
                    }
                }
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'*') => {
                    let start = self.pos;
                    self.pos += 2;
                    let mut depth = 1;
                    while depth > 0 {
                        if self.bytes[self.pos..].starts_with(b"/*") {
                            depth += 1;
                            self.pos += 2;
                        } else if self.bytes[self.pos..].starts_with(b"*/") {
                            depth -= 1;
                            self.pos += 2;
                        } else if self.pos >= self.text.len() {
                            return Err(self
                                .error_at(start, start + 2, "unterminated block comment", Some("close it with `*/`"))
                                .truncated());
                        } else {
                            self.pos += 1;
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn skip_attributes(&mut self) -> Result<(), ParseError> {
        while self.text[self.pos..].starts_with("#!") {
            let start = self.pos;
            match self.text[self.pos..].find(']') {
                Some(close) => self.pos += close + 1,
                None => {
                    return Err(self
                        .error_at(start, start + 2, "unterminated attribute", Some("write `#![enable(...)]`"))
                        .truncated());
                }
            }
            self.skip_trivia()?;
        }
        Ok(())
    }

    fn value(&mut self) -> Result<Node, ParseError> {
        if self.depth == MAX_DEPTH {
            return Err(self.error_here(
                format!("values nest more than {MAX_DEPTH} levels deep here"),
                Some("no scenario, replay or game nests nearly so deep: is this a file of another kind?"),
            ));
        }
        self.depth += 1;
        let node = self.unnested_value();
        self.depth -= 1;
        node
    }

    /// A value, its nesting already counted.
    fn unnested_value(&mut self) -> Result<Node, ParseError> {
        let start = self.pos;
        match self.peek() {
            None => Err(self.error_here("expected a value, found the end of the text", None).truncated()),
            Some(b'"') => {
                let s = self.string()?;
                Ok(Node::new(Value::Str(s), self.span(start)))
            }
            // A raw identifier (`r#None`: how RON's writer spells a variant that could be read
            // as a keyword or an option) names what it would name unescaped.
            Some(b'r')
                if self.bytes.get(self.pos + 1) == Some(&b'#')
                    && self.bytes.get(self.pos + 2).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_') =>
            {
                self.pos += 2;
                let name = self.ident();
                self.named(name, start)
            }
            Some(b'r') if matches!(self.bytes.get(self.pos + 1), Some(b'"' | b'#')) => {
                let s = self.raw_string()?;
                Ok(Node::new(Value::Str(s), self.span(start)))
            }
            Some(b'\'') => self.char_literal(),
            Some(b'[') => self.list(),
            Some(b'{') => self.map(),
            Some(b'(') => self.parenthesised(None, start),
            Some(b) if b == b'-' || b == b'+' || b.is_ascii_digit() || b == b'.' => self.number(),
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
                let name = self.ident();
                match name.as_str() {
                    "true" => return Ok(Node::new(Value::Bool(true), self.span(start))),
                    "false" => return Ok(Node::new(Value::Bool(false), self.span(start))),
                    "inf" => return Ok(Node::new(Value::Float(f64::INFINITY), self.span(start))),
                    "NaN" => return Ok(Node::new(Value::Float(f64::NAN), self.span(start))),
                    _ => {}
                }
                self.named(name, start)
            }
            Some(_) => Err(self.error_here(
                "expected a value",
                Some("values are numbers, \"strings\", true/false, lists [..], structs (field: value) or variants like Name(..)"),
            )),
        }
    }

    /// After a name: a named struct or tuple if `(` follows, else a unit variant.
    fn named(&mut self, name: String, start: usize) -> Result<Node, ParseError> {
        let key = Key { name: name.clone(), span: self.span(start) };
        let after_name = self.pos;
        self.skip_trivia()?;
        if self.peek() == Some(b'(') {
            self.parenthesised(Some(key), start)
        } else {
            self.pos = after_name;
            Ok(Node::new(Value::Ident(name), self.span(start)))
        }
    }

    fn ident(&mut self) -> String {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
            self.pos += 1;
        }
        self.text[start..self.pos].to_string()
    }

    /// After `(` (optionally preceded by a name): a struct if the first entry is `ident:`,
    /// otherwise a tuple; `()` alone is the unit value (or an empty named tuple).
    fn parenthesised(&mut self, name: Option<Key>, start: usize) -> Result<Node, ParseError> {
        let open = self.pos;
        self.pos += 1; // '('
        self.skip_trivia()?;
        if self.eat(b')') {
            let value = match name {
                None => Value::Unit,
                Some(name) => Value::Tuple(Some(name), Vec::new()),
            };
            return Ok(Node::new(value, self.span(start)));
        }
        if self.at_field_name() {
            let mut fields: Vec<(Key, Node)> = Vec::new();
            let mut names: BTreeSet<String> = BTreeSet::new();
            loop {
                let key_start = self.pos;
                if !self.at_field_name() {
                    return Err(self.error_here("expected a field name followed by `:`", Some("write `field: value`")));
                }
                let field = self.ident();
                let key = Key { name: field, span: self.span(key_start) };
                self.skip_trivia()?;
                self.pos += 1; // ':' (checked by at_field_name)
                self.skip_trivia()?;
                let value = self.value()?;
                if !names.insert(key.name.clone()) {
                    return Err(self.error_at(
                        key.span.start as usize,
                        key.span.end as usize,
                        format!("field `{}` is written twice", excerpt(&key.name)),
                        Some("remove one of them"),
                    ));
                }
                fields.push((key, value));
                if self.separator(open, b')')? {
                    break;
                }
            }
            Ok(Node::new(Value::Struct(name, fields), self.span(start)))
        } else {
            let mut items = Vec::new();
            loop {
                items.push(self.value()?);
                if self.separator(open, b')')? {
                    break;
                }
            }
            Ok(Node::new(Value::Tuple(name, items), self.span(start)))
        }
    }

    fn at_field_name(&self) -> bool {
        let rest = &self.bytes[self.pos..];
        if !rest.first().is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_') {
            return false;
        }
        let len = rest.iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_').count();
        let after = rest[len..].iter().position(|b| !b.is_ascii_whitespace()).map(|i| rest[len + i]);
        after == Some(b':')
    }

    /// After an item: `,` then maybe the closing byte, or the closing byte. Returns whether the
    /// sequence (opened at byte `open`) is closed.
    fn separator(&mut self, open: usize, close: u8) -> Result<bool, ParseError> {
        self.skip_trivia()?;
        if self.eat(close) {
            return Ok(true);
        }
        if self.pos >= self.text.len() {
            let opener = self.text[open..].chars().next().unwrap_or('(');
            return Err(self
                .error_at(
                    open,
                    open + opener.len_utf8(),
                    format!("this `{opener}` is never closed: the text ends first"),
                    Some("a bracket opened after it may be missing its closing one"),
                )
                .truncated());
        }
        if !self.eat(b',') {
            let hint = format!("separate items with `,` and close with `{}`", close as char);
            return Err(self.error_here(format!("expected `,` or `{}`", close as char), Some(&hint)));
        }
        self.skip_trivia()?;
        Ok(self.eat(close))
    }

    fn list(&mut self) -> Result<Node, ParseError> {
        let start = self.pos;
        self.pos += 1;
        self.skip_trivia()?;
        let mut items = Vec::new();
        if !self.eat(b']') {
            loop {
                items.push(self.value()?);
                if self.separator(start, b']')? {
                    break;
                }
            }
        }
        Ok(Node::new(Value::List(items), self.span(start)))
    }

    fn map(&mut self) -> Result<Node, ParseError> {
        let start = self.pos;
        self.pos += 1;
        self.skip_trivia()?;
        let mut entries = Vec::new();
        if !self.eat(b'}') {
            loop {
                let key = self.value()?;
                self.skip_trivia()?;
                if !self.eat(b':') {
                    return Err(self.error_here("expected `:` after a map key", Some("write `{\"key\": value}`")));
                }
                self.skip_trivia()?;
                let value = self.value()?;
                entries.push((key, value));
                if self.separator(start, b'}')? {
                    break;
                }
            }
        }
        Ok(Node::new(Value::Map(entries), self.span(start)))
    }

    fn number(&mut self) -> Result<Node, ParseError> {
        let start = self.pos;
        if matches!(self.peek(), Some(b'-' | b'+')) {
            self.pos += 1;
        }
        if self.text[self.pos..].starts_with("inf") {
            self.pos += 3;
            let value = if self.text[start..].starts_with('-') { f64::NEG_INFINITY } else { f64::INFINITY };
            return Ok(Node::new(Value::Float(value), self.span(start)));
        }
        if self.text[self.pos..].starts_with("0x") {
            self.pos += 2;
            let digits_start = self.pos;
            while self.peek().is_some_and(|b| b.is_ascii_hexdigit() || b == b'_') {
                self.pos += 1;
            }
            let digits: String = self.text[digits_start..self.pos].chars().filter(|c| *c != '_').collect();
            let magnitude = i128::from_str_radix(&digits, 16)
                .map_err(|_| self.error_at(start, self.pos, "invalid hexadecimal number", None))?;
            let negative = self.text[start..].starts_with('-');
            return Ok(Node::new(Value::Int(if negative { -magnitude } else { magnitude }), self.span(start)));
        }
        let (mut is_float, mut seen_exponent) = (false, false);
        while let Some(b) = self.peek() {
            match b {
                b'0'..=b'9' | b'_' => self.pos += 1,
                b'.' if !is_float => {
                    is_float = true;
                    self.pos += 1;
                }
                b'e' | b'E' if !seen_exponent => {
                    (is_float, seen_exponent) = (true, true);
                    self.pos += 1;
                    if matches!(self.peek(), Some(b'-' | b'+')) {
                        self.pos += 1;
                    }
                }
                _ => break,
            }
        }
        let text: String = self.text[start..self.pos].chars().filter(|c| *c != '_').collect();
        if self.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
            let end = self.pos
                + self.text[self.pos..].chars().take_while(|c| c.is_alphanumeric()).map(char::len_utf8).sum::<usize>();
            return Err(self.error_at(
                start,
                end,
                format!("invalid number `{}`", excerpt(&self.text[start..end])),
                Some("numbers are written like 12, 0.25 or 1e6, without units"),
            ));
        }
        let invalid = || {
            self.error_at(
                start,
                self.pos,
                format!("invalid number `{}`", excerpt(&text)),
                Some("numbers are written like 12, 0.25 or 1e6"),
            )
        };
        let value = if is_float {
            Value::Float(text.parse::<f64>().map_err(|_| invalid())?)
        } else {
            Value::Int(text.parse::<i128>().map_err(|_| invalid())?)
        };
        Ok(Node::new(value, self.span(start)))
    }

    fn string(&mut self) -> Result<String, ParseError> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.text[self.pos..].chars().next() else {
                return Err(self
                    .error_at(start, start + 1, "unterminated string", Some("close it with `\"`"))
                    .truncated());
            };
            self.pos += c.len_utf8();
            match c {
                '"' => return Ok(out),
                '\\' => {
                    let escape_start = self.pos - 1;
                    let Some(e) = self.text[self.pos..].chars().next() else { continue };
                    self.pos += e.len_utf8();
                    match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        '0' => out.push('\0'),
                        '\\' => out.push('\\'),
                        '"' => out.push('"'),
                        '\'' => out.push('\''),
                        'u' => {
                            let rest = &self.text[self.pos..];
                            let close = rest.find('}').filter(|_| rest.starts_with('{'));
                            let code =
                                close.and_then(|c| u32::from_str_radix(&rest[1..c], 16).ok()).and_then(char::from_u32);
                            match (close, code) {
                                (Some(c), Some(ch)) => {
                                    out.push(ch);
                                    self.pos += c + 1;
                                }
                                _ => {
                                    return Err(self.error_at(
                                        escape_start,
                                        self.pos,
                                        "invalid unicode escape",
                                        Some("write `\\u{1F600}`"),
                                    ));
                                }
                            }
                        }
                        _ => {
                            return Err(self.error_at(
                                escape_start,
                                self.pos,
                                format!("unknown escape `\\{e}`"),
                                Some("known escapes: \\n \\t \\r \\0 \\\\ \\\" \\u{..}"),
                            ));
                        }
                    }
                }
                _ => out.push(c),
            }
        }
    }

    fn raw_string(&mut self) -> Result<String, ParseError> {
        let start = self.pos;
        self.pos += 1; // 'r'
        let hashes = self.bytes[self.pos..].iter().take_while(|b| **b == b'#').count();
        self.pos += hashes;
        if !self.eat(b'"') {
            return Err(self.error_here("expected `\"` to open a raw string", None));
        }
        let terminator = format!("\"{}", "#".repeat(hashes));
        match self.text[self.pos..].find(&terminator) {
            Some(end) => {
                let s = self.text[self.pos..self.pos + end].to_string();
                self.pos += end + terminator.len();
                Ok(s)
            }
            None => Err(self.error_at(start, start + 1, "unterminated raw string", None).truncated()),
        }
    }

    fn char_literal(&mut self) -> Result<Node, ParseError> {
        let start = self.pos;
        self.pos += 1;
        let c = self.text[self.pos..].chars().next();
        if let Some(c) = c {
            self.pos += c.len_utf8();
            if self.eat(b'\'') {
                return Ok(Node::new(Value::Char(c), self.span(start)));
            }
        }
        Err(self.error_at(start, self.pos, "invalid character literal", Some("write 'x', or use \"strings\"")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Sources;

    fn parse_str(text: &str) -> Result<Node, ParseError> {
        let mut sources = Sources::default();
        let id = sources.add("t.ron", text);
        parse(text, id)
    }

    fn value(text: &str) -> Value {
        parse_str(text).unwrap().value
    }

    /// Found by tests/hostile/hostile.py: a block comment was scanned a byte at a time by
    /// slicing the text, which panicked inside a character of more than one byte.
    #[test]
    fn a_block_comment_may_hold_any_character() {
        assert_eq!(value("/* ¥ 價格 😀 /* nested ¥ */ é */ 7"), Value::Int(7));
        let unterminated = parse_str("/* ¥").unwrap_err();
        assert!(unterminated.message.contains("unterminated block comment"), "{}", unterminated.message);
    }

    #[test]
    fn parses_scalars() {
        assert_eq!(value("true"), Value::Bool(true));
        assert_eq!(value("-12"), Value::Int(-12));
        assert_eq!(value("1_000"), Value::Int(1000));
        assert_eq!(value("0.25"), Value::Float(0.25));
        assert_eq!(value("1e6"), Value::Float(1e6));
        assert_eq!(value("-2.5e-3"), Value::Float(-2.5e-3));
        assert_eq!(value("0x1F"), Value::Int(31));
        assert_eq!(value("\"a\\\"b\\u{e9}\""), Value::Str("a\"bé".into()));
        assert_eq!(value("r#\"raw \"x\"\"#"), Value::Str("raw \"x\"".into()));
        assert_eq!(value("r#None"), Value::Ident("None".into()), "a raw identifier, as RON's writer spells `None`");
        assert_eq!(value("'c'"), Value::Char('c'));
        assert_eq!(value("()"), Value::Unit);
        assert_eq!(value("None"), Value::Ident("None".into()));
    }

    #[test]
    fn parses_structs_tuples_and_variants() {
        let node = parse_str("Scenario( // comment\n name: \"x\", /* a /* nested */ note */ seed: 4, rule: Logit(lambda: 2.0), pair: (1, 2), on: Some(3), list: [A, B(1),], map: {\"k\": 1},)").unwrap();
        let Value::Struct(Some(name), fields) = &node.value else { panic!("{node:?}") };
        assert_eq!(name.name, "Scenario");
        let names: Vec<_> = fields.iter().map(|(k, _)| k.name.as_str()).collect();
        assert_eq!(names, ["name", "seed", "rule", "pair", "on", "list", "map"]);
        assert!(
            matches!(&node.field("rule").unwrap().value, Value::Struct(Some(k), f) if k.name == "Logit" && f.len() == 1)
        );
        assert!(matches!(&node.field("pair").unwrap().value, Value::Tuple(None, items) if items.len() == 2));
        assert!(matches!(&node.field("on").unwrap().value, Value::Tuple(Some(k), _) if k.name == "Some"));
        assert!(matches!(&node.field("list").unwrap().value, Value::List(items) if items.len() == 2));
    }

    #[test]
    fn accepts_enable_attributes() {
        assert_eq!(value("#![enable(implicit_some)]\n#![enable(unwrap_variant_newtypes)]\n7"), Value::Int(7));
    }

    #[test]
    fn spans_cover_the_value() {
        let text = "(a: [1, 2], b: \"xy\")";
        let node = parse_str(text).unwrap();
        let b = node.field("b").unwrap();
        assert_eq!(&text[b.span.range()], "\"xy\"");
        let a = node.field("a").unwrap();
        assert_eq!(&text[a.span.range()], "[1, 2]");
    }

    #[test]
    fn reports_errors_with_position() {
        let text = "(a: 1 b: 2)";
        let err = parse_str(text).unwrap_err();
        assert_eq!(err.message, "expected `,` or `)`");
        assert_eq!(&text[err.span.range()], "b");
        let err = parse_str("(a: \"open)").unwrap_err();
        assert_eq!(err.message, "unterminated string");
        let err = parse_str("(a: 12kg)").unwrap_err();
        assert_eq!(err.message, "invalid number `12kg`");
        let err = parse_str("(a: 1, a: 2)").unwrap_err();
        assert_eq!(err.message, "field `a` is written twice");
        let err = parse_str("(a: 1) x").unwrap_err();
        assert_eq!(err.message, "unexpected text after the end of the value");
        assert!(parse_str("(a: /* open").is_err());
        assert!(parse_str("").is_err());
    }

    #[test]
    fn values_nest_up_to_the_limit_and_no_deeper() {
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(parse_str(&nested(MAX_DEPTH)).is_ok());
        let err = parse_str(&nested(MAX_DEPTH + 1)).unwrap_err();
        assert_eq!(err.message, "values nest more than 128 levels deep here");
        assert_eq!(err.span.start as usize, MAX_DEPTH, "at the first bracket too deep");
        // Far past the depth at which a recursive parser would overflow its stack.
        let err = parse_str(&"[".repeat(11_000)).unwrap_err();
        assert!(err.message.starts_with("values nest more than 128"), "{}", err.message);
        let mixed = "(a: Some({\"k\": [X(".repeat(40);
        assert!(parse_str(&mixed).unwrap_err().message.starts_with("values nest more than 128"));
    }

    #[test]
    fn an_error_at_the_end_of_the_text_says_the_text_is_cut_short() {
        for cut in ["(a: \"open", "(a: [1, 2", "(a: 1,", "(a: /* c", "(a: r#\"x", "", "{\"k\""] {
            assert!(parse_str(cut).unwrap_err().truncated, "{cut:?}");
        }
        for whole in ["(a: 1 b: 2)", "(a: 12kg)", "(a: 1, a: 2)", "(a: 1))"] {
            assert!(!parse_str(whole).unwrap_err().truncated, "{whole:?}");
        }
    }

    #[test]
    fn messages_quote_only_an_excerpt_of_a_long_value() {
        let long = format!("(a: 1{})", "x".repeat(1_000_000));
        let err = parse_str(&long).unwrap_err();
        assert!(err.message.len() < 100, "{} bytes", err.message.len());
        let twice = format!("({0}: 1, {0}: 2)", "f".repeat(100_000));
        assert!(parse_str(&twice).unwrap_err().message.len() < 100);
    }

    #[test]
    fn many_fields_are_checked_for_duplicates_in_n_log_n() {
        let fields: Vec<String> = (0..200_000).map(|i| format!("f{i}: {i}")).collect();
        let node = parse_str(&format!("({})", fields.join(", "))).unwrap();
        assert!(matches!(node.value, Value::Struct(None, ref f) if f.len() == 200_000));
    }
}
