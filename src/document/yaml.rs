//! YAML templates (CLI only: yaml-rust2 is a native dependency), read into
//! the same span-aware tree as JSON, so one walker finds documents and
//! positions in both.
//!
//! CloudFormation's short-form tags become the long form: `!Ref X` reads
//! as `{"Ref": "X"}`, `!Sub …` as `{"Fn::Sub": …}`, `!GetAtt A.B` as
//! `{"Fn::GetAtt": "A.B"}`. Plain scalars follow YAML 1.2's core schema
//! (`null`, `true`, numbers); anything else is a string, so
//! `Version: 2012-10-17` is the string IAM expects. The first document of
//! the stream is read.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::{ReadError, ReadErrorKind};
use crate::policy::{Member, Node, NodeValue, Position, MAX_DEPTH};

/// Nodes built, aliases included: caps what `*alias` expansion can cost.
const MAX_NODES: usize = 1_000_000;

/// Parses the first YAML document of `text`.
pub(super) fn parse(text: &str) -> Result<Node, ReadError> {
    let mut parser = Parser::new_from_str(text);
    let mut b = Builder {
        stack: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        root: None,
    };
    loop {
        let (event, mark) = parser.next_token().map_err(|e| {
            error(
                *e.marker(),
                ReadErrorKind::Yaml {
                    message: e.info().to_string(),
                },
            )
        })?;
        match event {
            Event::StreamEnd | Event::DocumentEnd => break,
            Event::Nothing | Event::StreamStart | Event::DocumentStart => {}
            Event::Scalar(value, style, anchor, tag) => {
                let node = Node {
                    pos: position(mark),
                    value: scalar(value, style, tag.as_ref()),
                };
                let node = with_tag(node, tag.as_ref());
                b.finish(node, anchor, mark)?;
            }
            Event::SequenceStart(anchor, tag) => b.open(
                Frame::Sequence {
                    pos: position(mark),
                    anchor,
                    tag,
                    items: Vec::new(),
                },
                mark,
            )?,
            Event::MappingStart(anchor, tag) => b.open(
                Frame::Mapping {
                    pos: position(mark),
                    anchor,
                    tag,
                    members: Vec::new(),
                    key: None,
                },
                mark,
            )?,
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = b.stack.pop() else {
                    return Err(error(mark, yaml("unbalanced collection")));
                };
                let (node, anchor, tag) = match frame {
                    Frame::Sequence {
                        pos,
                        anchor,
                        tag,
                        items,
                    } => (
                        Node {
                            pos,
                            value: NodeValue::Array(items),
                        },
                        anchor,
                        tag,
                    ),
                    Frame::Mapping {
                        pos,
                        anchor,
                        tag,
                        members,
                        ..
                    } => (
                        Node {
                            pos,
                            value: NodeValue::Object(members),
                        },
                        anchor,
                        tag,
                    ),
                };
                b.finish(with_tag(node, tag.as_ref()), anchor, mark)?;
            }
            Event::Alias(id) => {
                let Some(node) = b.anchors.get(&id).cloned() else {
                    return Err(error(mark, yaml("an alias to an unknown anchor")));
                };
                b.finish(node, 0, mark)?;
            }
        }
        if b.root.is_some() && b.stack.is_empty() {
            break;
        }
    }
    b.root.ok_or_else(|| {
        error(
            Marker::new_default(),
            ReadErrorKind::Yaml {
                message: "the file is empty".to_string(),
            },
        )
    })
}

fn yaml(message: &str) -> ReadErrorKind {
    ReadErrorKind::Yaml {
        message: message.to_string(),
    }
}

trait DefaultMarker {
    fn new_default() -> Marker;
}

impl DefaultMarker for Marker {
    fn new_default() -> Marker {
        // Markers have no public constructor; parsing nothing yields one at
        // the start.
        Parser::new_from_str("")
            .next_token()
            .map(|(_, m)| m)
            .unwrap_or_else(|e| *e.marker())
    }
}

fn position(mark: Marker) -> Position {
    // yaml-rust2 counts lines from 1 and columns from 0, in characters.
    Position {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

fn error(mark: Marker, kind: ReadErrorKind) -> ReadError {
    ReadError::at("", position(mark), kind)
}

enum Frame {
    Sequence {
        pos: Position,
        anchor: usize,
        tag: Option<Tag>,
        items: Vec<Node>,
    },
    Mapping {
        pos: Position,
        anchor: usize,
        tag: Option<Tag>,
        members: Vec<Member>,
        /// The key read, waiting for its value.
        key: Option<(String, Position)>,
    },
}

struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    nodes: usize,
    root: Option<Node>,
}

impl Builder {
    fn open(&mut self, frame: Frame, mark: Marker) -> Result<(), ReadError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(error(
                mark,
                ReadErrorKind::Json {
                    path: String::new(),
                    kind: crate::policy::ParseErrorKind::TooDeep { max: MAX_DEPTH },
                },
            ));
        }
        self.stack.push(frame);
        Ok(())
    }

    /// A complete node: remember its anchor, then put it in its parent.
    fn finish(&mut self, node: Node, anchor: usize, mark: Marker) -> Result<(), ReadError> {
        self.nodes += count(&node);
        if self.nodes > MAX_NODES {
            return Err(error(
                mark,
                yaml("too many nodes (aliases expand to more than a million)"),
            ));
        }
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Sequence { items, .. }) => items.push(node),
            Some(Frame::Mapping { members, key, .. }) => match key.take() {
                None => {
                    let text = match node.value {
                        NodeValue::String(s) | NodeValue::Number(s) => s,
                        NodeValue::Bool(b) => b.to_string(),
                        NodeValue::Null => String::new(),
                        _ => return Err(error(mark, yaml("a key that is a list or a mapping"))),
                    };
                    if members.iter().any(|m| m.key == text) {
                        return Err(ReadError::at(
                            "",
                            node.pos,
                            ReadErrorKind::Json {
                                path: String::new(),
                                kind: crate::policy::ParseErrorKind::DuplicateKey { key: text },
                            },
                        ));
                    }
                    *key = Some((text, node.pos));
                }
                Some((k, key_pos)) => members.push(Member {
                    key: k,
                    key_pos,
                    value: node,
                }),
            },
        }
        Ok(())
    }
}

/// Nodes in a tree, for the alias cap (a leaf is one).
fn count(node: &Node) -> usize {
    match &node.value {
        NodeValue::Array(items) => 1 + items.iter().map(count).sum::<usize>(),
        NodeValue::Object(members) => 1 + members.iter().map(|m| count(&m.value)).sum::<usize>(),
        _ => 1,
    }
}

/// A scalar's value: quoted and block scalars are strings; plain ones
/// follow the core schema.
fn scalar(value: String, style: TScalarStyle, tag: Option<&Tag>) -> NodeValue {
    let explicit_string = tag
        .is_some_and(|t| t.handle == "tag:yaml.org,2002:" && t.suffix == "str")
        || tag.is_some_and(|t| t.handle == "!");
    if style != TScalarStyle::Plain || explicit_string {
        return NodeValue::String(value);
    }
    match value.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => NodeValue::Null,
        "true" | "True" | "TRUE" => NodeValue::Bool(true),
        "false" | "False" | "FALSE" => NodeValue::Bool(false),
        v if is_number(v) => NodeValue::Number(v.to_string()),
        _ => NodeValue::String(value),
    }
}

/// A decimal number as JSON writes it (YAML 1.2 core, without `.inf`,
/// `.nan`, octal and hex, which policies never hold).
fn is_number(v: &str) -> bool {
    crate::policy::parse_json(v).is_ok_and(|n| matches!(n.value, NodeValue::Number(_)))
}

/// CloudFormation's short form, `!Ref X`, as the long form `{"Ref": X}`.
fn with_tag(node: Node, tag: Option<&Tag>) -> Node {
    let Some(tag) = tag else {
        return node;
    };
    if tag.handle != "!" || tag.suffix.is_empty() {
        return node;
    }
    let key = match tag.suffix.as_str() {
        "Ref" => "Ref".to_string(),
        // `!Condition` names a condition inside Fn::And/Or/Not; no policy
        // element holds one.
        name => format!("Fn::{name}"),
    };
    let pos = node.pos;
    // A tagged plain scalar read with the `!` handle is a string.
    Node {
        pos,
        value: NodeValue::Object(vec![Member {
            key,
            key_pos: pos,
            value: node,
        }]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(node: &Node, key: &str) -> Node {
        node.get(key).map(|m| m.value.clone()).expect(key)
    }

    #[test]
    fn short_form_tags_become_the_long_form_with_positions() {
        let text = "Resources:\n  Policy:\n    Type: AWS::IAM::Policy\n    Properties:\n      Bucket: !Ref Site\n      Arn: !GetAtt Site.Arn\n      Sub: !Sub 'arn:aws:s3:::${Site}/*'\n      List: [a, !Ref B]\n";
        let root = parse(text).expect("yaml");
        let props = at(&at(&at(&root, "Resources"), "Policy"), "Properties");
        let bucket = at(&props, "Bucket");
        // The scalar after the tag: `Site`.
        assert_eq!(
            bucket.pos,
            Position {
                line: 5,
                column: 20
            }
        );
        assert_eq!(bucket.to_json(), serde_json::json!({"Ref": "Site"}));
        assert_eq!(
            at(&props, "Arn").to_json(),
            serde_json::json!({"Fn::GetAtt": "Site.Arn"})
        );
        assert_eq!(
            at(&props, "Sub").to_json(),
            serde_json::json!({"Fn::Sub": "arn:aws:s3:::${Site}/*"})
        );
        assert_eq!(
            at(&props, "List").to_json(),
            serde_json::json!(["a", {"Ref": "B"}])
        );
        let key = props.get("Arn").expect("Arn");
        assert_eq!(key.key_pos, Position { line: 6, column: 7 });
    }

    #[test]
    #[rustfmt::skip]
    fn plain_scalars_follow_the_core_schema() {
        let cases = [
            ("version stays a string", "v: 2012-10-17", serde_json::json!({"v": "2012-10-17"})),
            ("integer", "v: 12", serde_json::json!({"v": 12})),
            ("bool", "v: true", serde_json::json!({"v": true})),
            ("quoted bool is a string", "v: 'true'", serde_json::json!({"v": "true"})),
            ("null", "v: ~", serde_json::json!({"v": null})),
            ("account id", "v: 123456789012", serde_json::json!({"v": 123456789012_u64})),
            ("block scalar", "v: |\n  a\n  b\n", serde_json::json!({"v": "a\nb\n"})),
            ("anchor and alias", "a: &x [1]\nb: *x", serde_json::json!({"a": [1], "b": [1]})),
        ];
        for (name, text, want) in cases {
            assert_eq!(parse(text).expect(name).to_json(), want, "{name}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn bad_yaml_is_an_error_with_a_position() {
        let cases = [
            ("unclosed flow", "a: [1, 2", 2),
            ("duplicate key", "a: 1\na: 2", 2),
            ("too deep", &"[".repeat(200), 1),
            ("bad indentation", "a:\n  b: 1\n c: 2", 3),
        ];
        for (name, text, line) in cases {
            let err = parse(text).expect_err(name);
            assert_eq!(err.line, line, "{name}: {err}");
        }
    }
}
