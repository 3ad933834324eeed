//! Just enough of the POSIX shell to read a CI step: commands split at
//! newlines, `;`, `&&`, `||`, `|` and `&`; `\` continuations; `#`
//! comments; single and double quotes; `$VAR`, `${VAR}`, `${VAR:-default}`;
//! and command substitutions (`$(…)`, `` `…` ``), whose commands are read
//! too. Nothing is ever run or expanded here: a variable stays a
//! [`Piece::Var`] until the caller fills it.

/// One part of a word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    /// `$NAME` or `${NAME}`, with the `${NAME:-default}` default if any.
    Var {
        name: String,
        default: Option<String>,
    },
    /// The output of a command substitution: known only at run time.
    Output,
}

/// A shell word: the pieces that make up one argument.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    pub pieces: Vec<Piece>,
}

impl Word {
    /// The word's text when it has no variable or substitution in it.
    pub fn literal(&self) -> Option<String> {
        let mut out = String::new();
        for p in &self.pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                _ => return None,
            }
        }
        Some(out)
    }

    /// The word with variables shown as the script wrote them (`$BUCKET`).
    pub fn display(&self) -> String {
        let mut out = String::new();
        for p in &self.pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Var { name, .. } => {
                    out.push('$');
                    out.push_str(name);
                }
                Piece::Output => out.push_str("$(…)"),
            }
        }
        out
    }

    fn push_char(&mut self, c: char) {
        match self.pieces.last_mut() {
            Some(Piece::Text(t)) => t.push(c),
            _ => self.pieces.push(Piece::Text(c.to_string())),
        }
    }
}

/// One simple command of the script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    /// The 1-based line it starts on.
    pub line: usize,
    /// Its source text, continuations joined, for messages.
    pub text: String,
    pub words: Vec<Word>,
}

/// Splits a script into its simple commands, in order. A command inside a
/// substitution (`ID=$(aws cloudfront create-invalidation …)`) comes
/// before the command that holds it.
pub fn split(script: &str) -> Vec<Command> {
    let chars: Vec<char> = script.chars().collect();
    let mut out = Vec::new();
    Reader {
        chars: &chars,
        pos: 0,
        line: 1,
    }
    .commands(None, &mut out);
    out
}

struct Reader<'a> {
    chars: &'a [char],
    pos: usize,
    line: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    /// Reads commands until the end, or until `close` (`)` or `` ` ``) at
    /// the top level of this reader, which it consumes.
    fn commands(&mut self, close: Option<char>, out: &mut Vec<Command>) {
        let mut words: Vec<Word> = Vec::new();
        let mut start: Option<(usize, usize)> = None;
        // Where the command's last word ends: its text stops there, before
        // a comment or a redirection.
        let mut last = 0;
        let finish = |words: &mut Vec<Word>,
                      start: &mut Option<(usize, usize)>,
                      end: usize,
                      chars: &[char],
                      out: &mut Vec<Command>| {
            if let Some((line, from)) = start.take() {
                if !words.is_empty() {
                    out.push(Command {
                        line,
                        text: tidy(&chars[from..end.max(from)]),
                        words: std::mem::take(words),
                    });
                }
            }
            words.clear();
        };
        loop {
            let Some(c) = self.peek() else {
                finish(&mut words, &mut start, last, self.chars, out);
                return;
            };
            if Some(c) == close {
                finish(&mut words, &mut start, last, self.chars, out);
                self.bump();
                return;
            }
            match c {
                '\n' | ';' | '&' | '|' => {
                    finish(&mut words, &mut start, last, self.chars, out);
                    self.bump();
                }
                ' ' | '\t' | '\r' => {
                    self.bump();
                }
                '\\' if self.peek_at(1) == Some('\n') => {
                    self.bump();
                    self.bump();
                }
                '#' => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                '<' | '>' => {
                    // A redirection: its target is not an argument.
                    while self.peek().is_some_and(|c| "<>&".contains(c)) {
                        self.bump();
                    }
                    while self.peek().is_some_and(|c| c == ' ' || c == '\t') {
                        self.bump();
                    }
                    let _target = self.word(close, out);
                }
                '(' | ')' | '{' | '}' if words.is_empty() => {
                    // Subshells and groups: read what is inside as commands.
                    self.bump();
                }
                _ => {
                    if start.is_none() {
                        start = Some((self.line, self.pos));
                    }
                    let word = self.word(close, out);
                    last = self.pos;
                    // `2>&1`: the 2 names a file descriptor.
                    let fd = matches!(self.peek(), Some('<' | '>'))
                        && word.literal().is_some_and(|t| {
                            !t.is_empty() && t.chars().all(|c| c.is_ascii_digit())
                        });
                    if !fd {
                        words.push(word);
                    }
                }
            }
        }
    }

    /// Reads one word; commands in its substitutions go to `out`.
    fn word(&mut self, close: Option<char>, out: &mut Vec<Command>) -> Word {
        let mut word = Word::default();
        while let Some(c) = self.peek() {
            if Some(c) == close {
                break;
            }
            match c {
                ' ' | '\t' | '\r' | '\n' | ';' | '&' | '|' | '<' | '>' => break,
                '\\' => {
                    self.bump();
                    match self.bump() {
                        Some('\n') | None => {}
                        Some(e) => word.push_char(e),
                    }
                }
                '\'' => {
                    self.bump();
                    while let Some(c) = self.bump() {
                        if c == '\'' {
                            break;
                        }
                        word.push_char(c);
                    }
                    // `''` is an empty argument, not nothing.
                    if word.pieces.is_empty() {
                        word.pieces.push(Piece::Text(String::new()));
                    }
                }
                '"' => {
                    self.bump();
                    self.double_quoted(&mut word, out);
                    if word.pieces.is_empty() {
                        word.pieces.push(Piece::Text(String::new()));
                    }
                }
                '$' => self.dollar(&mut word, out),
                '`' => {
                    self.bump();
                    self.commands(Some('`'), out);
                    word.pieces.push(Piece::Output);
                }
                _ => {
                    self.bump();
                    word.push_char(c);
                }
            }
        }
        word
    }

    fn double_quoted(&mut self, word: &mut Word, out: &mut Vec<Command>) {
        while let Some(c) = self.peek() {
            match c {
                '"' => {
                    self.bump();
                    return;
                }
                '\\' => {
                    self.bump();
                    match self.peek() {
                        Some(e @ ('$' | '`' | '"' | '\\')) => {
                            self.bump();
                            word.push_char(e);
                        }
                        Some('\n') => {
                            self.bump();
                        }
                        _ => word.push_char('\\'),
                    }
                }
                '$' => self.dollar(word, out),
                '`' => {
                    self.bump();
                    self.commands(Some('`'), out);
                    word.pieces.push(Piece::Output);
                }
                _ => {
                    self.bump();
                    word.push_char(c);
                }
            }
        }
    }

    /// At a `$`: a variable, a substitution, or a plain `$`.
    fn dollar(&mut self, word: &mut Word, out: &mut Vec<Command>) {
        self.bump();
        match self.peek() {
            Some('(') if self.peek_at(1) == Some('(') => {
                // Arithmetic `$((…))`: a run-time number.
                let mut depth = 0usize;
                while let Some(c) = self.bump() {
                    match c {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                word.pieces.push(Piece::Output);
            }
            Some('(') => {
                self.bump();
                self.commands(Some(')'), out);
                word.pieces.push(Piece::Output);
            }
            Some('{') => {
                self.bump();
                let mut inner = String::new();
                while let Some(c) = self.bump() {
                    if c == '}' {
                        break;
                    }
                    inner.push(c);
                }
                let (name, default) = match inner.find([':', '-', '=', '?', '+']) {
                    Some(i) => {
                        let rest = inner[i..].trim_start_matches(':');
                        let default = rest
                            .strip_prefix('-')
                            .or_else(|| rest.strip_prefix('='))
                            .map(str::to_string);
                        (inner[..i].to_string(), default)
                    }
                    None => (inner, None),
                };
                word.pieces.push(Piece::Var { name, default });
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let mut name = String::new();
                while let Some(c) = self
                    .peek()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                {
                    self.bump();
                    name.push(c);
                }
                word.pieces.push(Piece::Var {
                    name,
                    default: None,
                });
            }
            Some(c) if c.is_ascii_digit() || "@*#?$!-".contains(c) => {
                self.bump();
                word.pieces.push(Piece::Var {
                    name: c.to_string(),
                    default: None,
                });
            }
            _ => word.push_char('$'),
        }
    }
}

/// Source text for messages: continuations joined, runs of blanks as one.
fn tidy(chars: &[char]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && chars.get(i + 1) == Some(&'\n') {
            i += 2;
            if !out.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
        i += 1;
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(c: &Command) -> Vec<String> {
        c.words.iter().map(Word::display).collect()
    }

    #[test]
    fn lines_continuations_and_comments() {
        let script = "# deploy\naws s3 sync dist/ \\\n    s3://b/site/ --delete  # mirror\n\necho done; aws cloudfront create-invalidation --distribution-id E1 --paths '/*'\n";
        let cmds = split(script);
        assert_eq!(cmds.len(), 3, "{cmds:?}");
        assert_eq!(cmds[0].line, 2);
        assert_eq!(
            words(&cmds[0]),
            ["aws", "s3", "sync", "dist/", "s3://b/site/", "--delete"]
        );
        assert_eq!(cmds[0].text, "aws s3 sync dist/ s3://b/site/ --delete");
        assert_eq!(
            (cmds[1].line, words(&cmds[1])),
            (5, vec!["echo".into(), "done".into()])
        );
        assert_eq!(cmds[2].line, 5);
        assert_eq!(cmds[2].words[6].literal().as_deref(), Some("/*"));
    }

    #[test]
    fn variables_in_every_spelling() {
        let cmds = split("aws s3 cp a \"s3://$BUCKET/${PREFIX}/x\" --region ${REGION:-eu-west-1}");
        let w = &cmds[0].words;
        assert_eq!(
            w[4].pieces,
            [
                Piece::Text("s3://".into()),
                Piece::Var {
                    name: "BUCKET".into(),
                    default: None
                },
                Piece::Text("/".into()),
                Piece::Var {
                    name: "PREFIX".into(),
                    default: None
                },
                Piece::Text("/x".into()),
            ]
        );
        assert_eq!(
            w[6].pieces,
            [Piece::Var {
                name: "REGION".into(),
                default: Some("eu-west-1".into())
            }]
        );
        assert_eq!(
            split("echo '$NOT' \\$NOT")[0].words[1].literal().as_deref(),
            Some("$NOT")
        );
        assert_eq!(
            split("echo '$NOT' \\$NOT")[0].words[2].literal().as_deref(),
            Some("$NOT")
        );
    }

    #[test]
    fn substitutions_are_read_as_commands() {
        let cmds = split(
            "ID=$(aws cloudfront create-invalidation --distribution-id \"$DIST\" \\\n  --paths '/*' --query Invalidation.Id --output text)\naws cloudfront wait invalidation-completed --distribution-id $DIST --id \"$ID\"",
        );
        assert_eq!(cmds.len(), 3, "{cmds:?}");
        assert_eq!(
            words(&cmds[0])[..3],
            ["aws", "cloudfront", "create-invalidation"]
        );
        assert_eq!(cmds[0].line, 1);
        assert_eq!(words(&cmds[1]), ["ID=$(…)"]);
        assert_eq!(cmds[2].line, 3);
    }

    #[test]
    fn operators_split_commands_and_quotes_span_lines() {
        let cmds = split("npm ci && aws s3 ls || exit 1 | tee log &\naws sns publish --message '{\n \"a\": 1\n}' --topic-arn t");
        let first: Vec<String> = cmds.iter().map(|c| c.words[0].display()).collect();
        assert_eq!(first, ["npm", "aws", "exit", "tee", "aws"]);
        assert_eq!(cmds[4].line, 2);
        assert_eq!(cmds[4].words[4].literal().unwrap(), "{\n \"a\": 1\n}");
        assert_eq!(cmds[4].words[6].literal().unwrap(), "t");
    }

    #[test]
    fn never_panics_on_unclosed_things() {
        for s in [
            "'",
            "\"",
            "$(",
            "${",
            "`",
            "\\",
            "$((1",
            "a \"$(b 'c",
            ")))",
            "$",
        ] {
            let _ = split(s);
        }
        assert_eq!(
            words(&split("aws s3 ls 's3://b")[0]),
            ["aws", "s3", "ls", "s3://b"]
        );
        assert_eq!(
            words(&split("aws s3 ls s3://b > out.txt 2>&1 </dev/null")[0]),
            ["aws", "s3", "ls", "s3://b"]
        );
    }
}
