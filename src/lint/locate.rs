//! From a finding's [`Location`] (statement, element, entry) to where it
//! starts in the file: the span tree the parser keeps, read back.
//!
//! A finding about one entry of a list (`Action[2]`) points at that entry;
//! about an element, at the element's key (`"Resource":`); about a
//! condition key, at that key; about a statement, at its `{`. When the
//! element is not in the document (a missing `Condition`, a missing
//! `Version`), the statement or the document itself is the closest place.

use super::Location;
use crate::policy::{Node, NodeValue, Position};

/// Where `location` is in the document `root`.
pub(crate) fn locate(root: &Node, location: &Location) -> Position {
    let Some(index) = location.statement else {
        return match location.element.as_deref().and_then(|e| root.get(e)) {
            Some(m) => m.key_pos,
            None => root.pos,
        };
    };
    let statement = root.get("Statement").and_then(|m| match &m.value.value {
        NodeValue::Array(items) => items.get(index),
        NodeValue::Object(_) if index == 0 => Some(&m.value),
        _ => None,
    });
    let Some(statement) = statement else {
        return root.pos;
    };
    let Some(element) = location.element.as_deref() else {
        return statement.pos;
    };
    let (head, rest) = element.split_once('.').unwrap_or((element, ""));
    let Some(member) = statement.get(head) else {
        return statement.pos;
    };
    if head == "Condition" && !rest.is_empty() {
        // `Condition.Operator.key`: operators hold no `.`, keys may
        // (`token.actions.githubusercontent.com:sub`).
        let (operator, key) = match rest.split_once('.') {
            Some((o, k)) => (o, Some(k)),
            None => (rest, None),
        };
        let Some(op) = member.value.get(operator) else {
            return member.key_pos;
        };
        let Some(key) = key else {
            return op.key_pos;
        };
        let found = match &op.value.value {
            NodeValue::Object(keys) => keys
                .iter()
                .find(|k| k.key == key)
                .or_else(|| keys.iter().find(|k| k.key.eq_ignore_ascii_case(key))),
            _ => None,
        };
        return found.map_or(op.key_pos, |k| k.key_pos);
    }
    match (location.index, &member.value.value) {
        (Some(i), NodeValue::Array(items)) => items.get(i).map_or(member.key_pos, |n| n.pos),
        (Some(0), NodeValue::String(_)) => member.value.pos,
        _ => member.key_pos,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::parse_json;

    fn loc(statement: Option<usize>, element: Option<&str>, index: Option<usize>) -> Location {
        Location {
            statement,
            sid: None,
            element: element.map(str::to_string),
            index,
        }
    }

    #[test]
    #[rustfmt::skip]
    fn locations_point_at_the_element() {
        // Positions counted on this text by hand (and re-counted with a
        // text editor's column display).
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", \"s3:Put*\"], \"Resource\": \"*\"},\n    {\"Effect\": \"Allow\", \"Action\": \"iam:PassRole\", \"Resource\": \"*\",\n     \"Condition\": {\"StringEquals\": {\"iam:PassedToService\": \"x\"}}}\n  ]\n}";
        let root = parse_json(text).expect("json");
        let cases = [
            ("policy-wide element", loc(None, Some("Version"), None), (2, 3)),
            ("policy-wide, element missing", loc(None, Some("Id"), None), (1, 1)),
            ("statement", loc(Some(1), Some("Statement"), None), (5, 5)),
            ("element key", loc(Some(0), Some("Resource"), None), (4, 64)),
            ("list entry", loc(Some(0), Some("Action"), Some(1)), (4, 52)),
            ("single string entry", loc(Some(1), Some("Action"), Some(0)), (5, 35)),
            ("entry past the end", loc(Some(0), Some("Action"), Some(9)), (4, 25)),
            ("condition key", loc(Some(1), Some("Condition.StringEquals.iam:PassedToService"), None), (6, 37)),
            ("condition operator", loc(Some(1), Some("Condition.StringEquals"), None), (6, 20)),
            ("missing element", loc(Some(0), Some("Condition"), None), (4, 5)),
            ("missing statement", loc(Some(7), Some("Action"), None), (1, 1)),
        ];
        for (name, location, (line, column)) in cases {
            assert_eq!(locate(&root, &location), Position { line, column }, "{name}");
        }
    }
}
