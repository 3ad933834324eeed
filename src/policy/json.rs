//! A small JSON parser that remembers where every value and key starts, so
//! grammar errors can point at a line and column. It rejects duplicate keys,
//! caps nesting depth and input size, runs in linear time and never panics.

use std::collections::HashSet;
use std::fmt;

use super::parse::ParseErrorKind;

/// Deepest nesting of arrays and objects accepted. A policy needs 5.
pub const MAX_DEPTH: usize = 64;
/// Largest document accepted, in bytes. The largest IAM policy is 10 KiB.
pub const MAX_BYTES: usize = 1 << 20;

/// A 1-based line and column; columns count characters, not bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// A value and where it starts.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Node {
    pub pos: Pos,
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    /// The number exactly as written.
    Number(String),
    String(String),
    Array(Vec<Node>),
    /// Members in document order; keys are unique.
    Object(Vec<Member>),
}

/// One `"key": value` pair of an object.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Member {
    pub key: String,
    pub key_pos: Pos,
    pub value: Node,
}

impl Node {
    /// The value as `serde_json` holds it, positions dropped. A number
    /// serde_json cannot hold exactly stays the text it was written as.
    pub(crate) fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(n) => serde_json::from_str::<serde_json::Number>(n)
                .map(J::Number)
                .unwrap_or_else(|_| J::String(n.clone())),
            Value::String(s) => J::String(s.clone()),
            Value::Array(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Object(members) => J::Object(
                members
                    .iter()
                    .map(|m| (m.key.clone(), m.value.to_json()))
                    .collect(),
            ),
        }
    }

    /// The member `key` of an object node.
    pub(crate) fn get(&self, key: &str) -> Option<&Member> {
        match &self.value {
            Value::Object(members) => members.iter().find(|m| m.key == key),
            _ => None,
        }
    }
}

impl Value {
    /// What the value is, in words for error messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// One step of a JSON path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Segment {
    Key(String),
    Index(usize),
}

/// Prints a path the way people write them: `Statement[1].Effect`; keys that
/// are not plain words are quoted: `Condition["a.b"]`.
pub(crate) struct PathDisplay<'a>(pub &'a [Segment]);

impl fmt::Display for PathDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Segment::Index(n) => write!(f, "[{n}]")?,
                Segment::Key(k) if is_plain_key(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(k)?;
                }
                Segment::Key(k) => write!(f, "[{k:?}]")?,
            }
        }
        Ok(())
    }
}

fn is_plain_key(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_' | '/'))
}

/// A syntax error: where, along which path, and what.
#[derive(Debug)]
pub(crate) struct SyntaxError {
    pub pos: Pos,
    pub path: Vec<Segment>,
    pub kind: ParseErrorKind,
}

/// Parses one JSON document of at most [`MAX_BYTES`].
pub(crate) fn parse(text: &str) -> Result<Node, SyntaxError> {
    parse_limited(text, MAX_BYTES)
}

/// Parses one JSON document of at most `max_bytes` (templates and plans
/// are larger than any policy).
pub(crate) fn parse_limited(text: &str, max_bytes: usize) -> Result<Node, SyntaxError> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        i: 0,
        pos: Pos { line: 1, column: 1 },
        path: Vec::new(),
    };
    if text.len() > max_bytes {
        return Err(p.error(ParseErrorKind::TooLarge {
            len: text.len(),
            max: max_bytes,
        }));
    }
    // Editors on Windows may save a byte order mark; it is not content.
    if text.starts_with('\u{feff}') {
        p.i = '\u{feff}'.len_utf8();
    }
    p.skip_whitespace();
    let node = p.value(0)?;
    p.skip_whitespace();
    if p.i < p.bytes.len() {
        return Err(p.error(ParseErrorKind::TrailingCharacters));
    }
    Ok(node)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    i: usize,
    pos: Pos,
    path: Vec<Segment>,
}

impl Parser<'_> {
    fn error(&self, kind: ParseErrorKind) -> SyntaxError {
        self.error_at(self.pos, kind)
    }

    fn error_at(&self, pos: Pos, kind: ParseErrorKind) -> SyntaxError {
        SyntaxError {
            pos,
            path: self.path.clone(),
            kind,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.i).copied()
    }

    /// The character at the cursor, for messages.
    fn peek_char(&self) -> Option<char> {
        self.text.get(self.i..).and_then(|s| s.chars().next())
    }

    /// Moves past one byte, keeping line and column (in characters).
    fn bump(&mut self) {
        if let Some(b) = self.peek() {
            self.i += 1;
            if b == b'\n' {
                self.pos.line += 1;
                self.pos.column = 1;
            } else if b & 0xC0 != 0x80 {
                self.pos.column += 1;
            }
        }
    }

    /// Moves past one whole character.
    fn bump_char(&mut self) {
        self.bump();
        while self.peek().is_some_and(|b| b & 0xC0 == 0x80) {
            self.i += 1;
        }
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.bump();
        }
    }

    fn unexpected(&self, expected: &'static str) -> SyntaxError {
        match self.peek_char() {
            Some(found) => self.error(ParseErrorKind::UnexpectedCharacter { found, expected }),
            None => self.error(ParseErrorKind::UnexpectedEnd { expected }),
        }
    }

    fn expect_byte(&mut self, b: u8, expected: &'static str) -> Result<(), SyntaxError> {
        if self.peek() == Some(b) {
            self.bump();
            Ok(())
        } else {
            Err(self.unexpected(expected))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        let pos = self.pos;
        let value = match self.peek() {
            Some(b'{') => self.object(depth + 1)?,
            Some(b'[') => self.array(depth + 1)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            _ => return Err(self.unexpected("a value")),
        };
        Ok(Node { pos, value })
    }

    fn literal(&mut self, word: &'static str, value: Value) -> Result<Value, SyntaxError> {
        let expected = match word {
            "true" => "`true`",
            "false" => "`false`",
            _ => "`null`",
        };
        for &b in word.as_bytes() {
            if self.peek() != Some(b) {
                return Err(self.unexpected(expected));
            }
            self.bump();
        }
        Ok(value)
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.i;
        let start_pos = self.pos;
        let invalid = |p: &Self| p.error_at(start_pos, ParseErrorKind::InvalidNumber);
        if self.peek() == Some(b'-') {
            self.bump();
        }
        match self.peek() {
            Some(b'0') => self.bump(),
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(invalid(self)),
        }
        if self.peek() == Some(b'.') {
            self.bump();
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(invalid(self));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.bump();
            if let Some(b'+' | b'-') = self.peek() {
                self.bump();
            }
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(invalid(self));
            }
            self.digits();
        }
        Ok(Value::Number(self.text[start..self.i].to_string()))
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.bump();
        }
    }

    /// Parses a string; the cursor is on its opening quote.
    fn string(&mut self) -> Result<String, SyntaxError> {
        self.bump();
        let mut out = String::new();
        // Runs of plain characters are copied as slices. Every slice starts
        // and ends next to an ASCII byte, so it lies on character boundaries.
        let mut run = self.i;
        loop {
            match self.peek() {
                None => return Err(self.error(ParseErrorKind::UnexpectedEnd { expected: "`\"`" })),
                Some(b'"') => {
                    out.push_str(&self.text[run..self.i]);
                    self.bump();
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run..self.i]);
                    let escape_pos = self.pos;
                    self.bump();
                    let c = self.escape(escape_pos)?;
                    out.push(c);
                    run = self.i;
                }
                Some(b) if b < 0x20 => {
                    return Err(self.error(ParseErrorKind::ControlCharacterInString));
                }
                Some(_) => self.bump_char(),
            }
        }
    }

    /// Parses what follows a backslash.
    fn escape(&mut self, escape_pos: Pos) -> Result<char, SyntaxError> {
        let invalid = |p: &Self| p.error_at(escape_pos, ParseErrorKind::InvalidEscape);
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.bump();
                let high = self.hex4().ok_or_else(|| invalid(self))?;
                let code = if (0xD800..0xDC00).contains(&high) {
                    // A high surrogate must be followed by `\u` and a low one.
                    if self.peek() != Some(b'\\') {
                        return Err(invalid(self));
                    }
                    self.bump();
                    if self.peek() != Some(b'u') {
                        return Err(invalid(self));
                    }
                    self.bump();
                    let low = self.hex4().ok_or_else(|| invalid(self))?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(invalid(self));
                    }
                    0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    high
                };
                return char::from_u32(code).ok_or_else(|| invalid(self));
            }
            _ => return Err(invalid(self)),
        };
        self.bump();
        Ok(c)
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut n = 0;
        for _ in 0..4 {
            let d = char::from(self.peek()?).to_digit(16)?;
            n = n * 16 + d;
            self.bump();
        }
        Some(n)
    }

    fn enter(&self, depth: usize) -> Result<(), SyntaxError> {
        if depth > MAX_DEPTH {
            Err(self.error(ParseErrorKind::TooDeep { max: MAX_DEPTH }))
        } else {
            Ok(())
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.enter(depth)?;
        self.bump();
        self.skip_whitespace();
        let mut items = Vec::new();
        if self.peek() == Some(b']') {
            self.bump();
            return Ok(Value::Array(items));
        }
        loop {
            self.path.push(Segment::Index(items.len()));
            let item = self.value(depth)?;
            self.path.pop();
            items.push(item);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    self.bump();
                    self.skip_whitespace();
                    if self.peek() == Some(b']') {
                        return Err(self.error(ParseErrorKind::TrailingComma));
                    }
                }
                Some(b']') => {
                    self.bump();
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.unexpected("`,` or `]`")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.enter(depth)?;
        self.bump();
        self.skip_whitespace();
        let mut members: Vec<Member> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        if self.peek() == Some(b'}') {
            self.bump();
            return Ok(Value::Object(members));
        }
        loop {
            let key_pos = self.pos;
            if self.peek() != Some(b'"') {
                return Err(self.unexpected("a key in double quotes"));
            }
            let key = self.string()?;
            self.path.push(Segment::Key(key.clone()));
            if !seen.insert(key.clone()) {
                return Err(self.error_at(key_pos, ParseErrorKind::DuplicateKey { key }));
            }
            self.skip_whitespace();
            self.expect_byte(b':', "`:`")?;
            self.skip_whitespace();
            let value = self.value(depth)?;
            self.path.pop();
            members.push(Member {
                key,
                key_pos,
                value,
            });
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    self.bump();
                    self.skip_whitespace();
                    if self.peek() == Some(b'}') {
                        return Err(self.error(ParseErrorKind::TrailingComma));
                    }
                }
                Some(b'}') => {
                    self.bump();
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.unexpected("`,` or `}`")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let node = parse("{\n  \"é\": [1, \"x\"]}").expect("valid");
        let Value::Object(members) = node.value else {
            panic!("object")
        };
        assert_eq!(members[0].key_pos, Pos { line: 2, column: 3 });
        assert_eq!(members[0].value.pos, Pos { line: 2, column: 8 });
        let Value::Array(items) = &members[0].value.value else {
            panic!("array")
        };
        assert_eq!(
            items[1].pos,
            Pos {
                line: 2,
                column: 12
            }
        );
    }

    #[test]
    #[rustfmt::skip]
    fn values() {
        let cases: &[(&str, &str, Value)] = &[
            ("escapes", r#""a\"\\\/\b\f\n\r\t""#, Value::String("a\"\\/\u{8}\u{c}\n\r\t".into())),
            ("unicode_escape", r#""\u00e9""#, Value::String("é".into())),
            ("surrogate_pair", r#""\ud83d\ude00""#, Value::String("😀".into())),
            ("raw_unicode", "\"日本\"", Value::String("日本".into())),
            ("number_as_written", "-1.50e+3", Value::Number("-1.50e+3".into())),
            ("zero", "0", Value::Number("0".into())),
            ("true", "true", Value::Bool(true)),
            ("null", " null ", Value::Null),
            ("bom", "\u{feff}null", Value::Null),
        ];
        for (name, text, want) in cases {
            let got = parse(text).map(|n| n.value);
            assert_eq!(got.as_ref().ok(), Some(want), "{name}: {got:?}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn syntax_errors() {
        use ParseErrorKind::*;
        let cases: &[(&str, &str, (usize, usize), ParseErrorKind)] = &[
            ("empty", "", (1, 1), UnexpectedEnd { expected: "a value" }),
            ("single_quotes", "{'a': 1}", (1, 2), UnexpectedCharacter { found: '\'', expected: "a key in double quotes" }),
            ("missing_colon", "{\"a\" 1}", (1, 6), UnexpectedCharacter { found: '1', expected: "`:`" }),
            ("missing_comma", "[1 2]", (1, 4), UnexpectedCharacter { found: '2', expected: "`,` or `]`" }),
            ("trailing_comma_array", "[1,\n ]", (2, 2), TrailingComma),
            ("trailing_comma_object", "{\"a\":1,}", (1, 8), TrailingComma),
            ("unclosed_string", "\"abc", (1, 5), UnexpectedEnd { expected: "`\"`" }),
            ("newline_in_string", "\"a\nb\"", (1, 3), ControlCharacterInString),
            ("bad_escape", r#""a\qb""#, (1, 3), InvalidEscape),
            ("lone_surrogate", r#""\ud800x""#, (1, 2), InvalidEscape),
            ("short_unicode", r#""\u12""#, (1, 2), InvalidEscape),
            ("leading_zero", "01", (1, 2), TrailingCharacters),
            ("bare_minus", "-", (1, 1), InvalidNumber),
            ("dot_without_digits", "1.", (1, 1), InvalidNumber),
            ("exponent_without_digits", "1e", (1, 1), InvalidNumber),
            ("bad_literal", "tru", (1, 4), UnexpectedEnd { expected: "`true`" }),
            ("python_none", "None", (1, 1), UnexpectedCharacter { found: 'N', expected: "a value" }),
            ("two_values", "{} {}", (1, 4), TrailingCharacters),
            ("duplicate_key", "{\"a\":1,\n \"a\":2}", (2, 2), DuplicateKey { key: "a".into() }),
            ("unclosed_object", "{\"a\":1", (1, 7), UnexpectedEnd { expected: "`,` or `}`" }),
            ("too_deep", &"[".repeat(65), (1, 65), TooDeep { max: 64 }),
            ("too_large", &" ".repeat(MAX_BYTES + 1), (1, 1), TooLarge { len: MAX_BYTES + 1, max: MAX_BYTES }),
        ];
        for (name, text, (line, column), kind) in cases {
            let err = parse(text).expect_err(name);
            assert_eq!((err.pos.line, err.pos.column), (*line, *column), "{name}");
            assert_eq!(&err.kind, kind, "{name}");
        }
    }

    #[test]
    fn depth_limit_allows_exactly_max_depth() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    #[rustfmt::skip]
    fn paths() {
        let cases: &[(&str, &[Segment], &str)] = &[
            ("root", &[], ""),
            ("key_then_index", &[Segment::Key("Statement".into()), Segment::Index(1), Segment::Key("Effect".into())], "Statement[1].Effect"),
            ("condition_key", &[Segment::Key("Condition".into()), Segment::Key("StringLike".into()), Segment::Key("s3:prefix".into())], "Condition.StringLike.s3:prefix"),
            ("odd_key", &[Segment::Key("a b".into())], "[\"a b\"]"),
        ];
        for (name, path, want) in cases {
            assert_eq!(PathDisplay(path).to_string(), *want, "{name}");
        }
    }
}
