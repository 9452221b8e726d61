//! The event pass: document boundaries and the byte span of every node by JSON pointer.

use serde_saphyr::granit_parser::{self, Event, Parser};
use std::collections::HashMap;
use std::ops::Range;

/// Byte spans of the nodes of one document, by JSON pointer (`/target/adoption`).
#[derive(Debug, Default)]
pub struct SpanMap {
    nodes: HashMap<String, NodeSpan>,
}

#[derive(Debug, Clone)]
struct NodeSpan {
    key: Option<Range<usize>>,
    value: Range<usize>,
}

impl SpanMap {
    /// The value's span at `pointer`, or of its nearest recorded ancestor.
    pub fn value(&self, pointer: &str) -> Range<usize> {
        self.lookup(pointer).value.clone()
    }

    /// The key's span of the member at `pointer` (its value's when it has no key).
    pub fn key(&self, pointer: &str) -> Range<usize> {
        let node = self.lookup(pointer);
        node.key.clone().unwrap_or_else(|| node.value.clone())
    }

    pub fn contains(&self, pointer: &str) -> bool {
        self.nodes.contains_key(pointer)
    }

    fn lookup(&self, pointer: &str) -> &NodeSpan {
        let mut p = pointer;
        loop {
            if let Some(node) = self.nodes.get(p) {
                return node;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => break,
            }
        }
        self.nodes.get("").unwrap_or(&EMPTY)
    }
}

static EMPTY: NodeSpan = NodeSpan {
    key: None,
    value: 0..0,
};

/// A document found by the event pass.
#[derive(Debug)]
pub struct RawDocument {
    /// Bytes of the document's text, from its start marker (or the file's start).
    pub bytes: Range<usize>,
    pub spans: SpanMap,
}

enum Frame {
    Map {
        pointer: String,
        /// The key read, waiting for its value; `None` when the next node is a key.
        pending: Option<(Option<String>, Range<usize>)>,
    },
    Seq {
        pointer: String,
        next: usize,
    },
    /// Inside a complex (non-scalar) mapping key, or the value of one: not addressable.
    Skip,
}

/// Escapes a key for a JSON pointer (RFC 6901).
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

struct Current {
    start_index: usize,
    spans: SpanMap,
    has_content: bool,
}

/// Scans a file: its non-empty documents, or the first syntax error (byte offset, message).
pub fn scan(text: &str) -> (Vec<RawDocument>, Option<(usize, String)>) {
    let mut found: Vec<(usize, SpanMap)> = Vec::new();
    let mut starts: Vec<usize> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut current: Option<Current> = None;
    for event in Parser::new_from_str(text) {
        let (event, span) = match event {
            Ok(ok) => ok,
            Err(e) => {
                let offset = e.marker().byte_offset().unwrap_or(0);
                return (Vec::new(), Some((offset, e.info())));
            }
        };
        let start = span.start.byte_offset().unwrap_or(0);
        let end = span.end.byte_offset().unwrap_or(start);
        match event {
            Event::DocumentStart(..) => {
                starts.push(if starts.is_empty() { 0 } else { start });
                current = Some(Current {
                    start_index: starts.len() - 1,
                    spans: SpanMap::default(),
                    has_content: false,
                });
                stack.clear();
            }
            Event::DocumentEnd => {
                if let Some(cur) = current.take()
                    && cur.has_content
                {
                    found.push((cur.start_index, cur.spans));
                }
            }
            Event::Scalar(value, style, anchor, _) => {
                // An empty document is a zero-width implicit null.
                let empty =
                    start == end && style == granit_parser::ScalarStyle::Plain && anchor == 0;
                if let Some(cur) = current.as_mut() {
                    place(&mut stack, cur, start..end, Node::Scalar(&value, empty));
                }
            }
            Event::Alias(_) => {
                if let Some(cur) = current.as_mut() {
                    place(&mut stack, cur, start..end, Node::Scalar("", false));
                }
            }
            Event::MappingStart(..) => {
                if let Some(cur) = current.as_mut() {
                    place(&mut stack, cur, start..end, Node::Map);
                }
            }
            Event::SequenceStart(..) => {
                if let Some(cur) = current.as_mut() {
                    place(&mut stack, cur, start..end, Node::Seq);
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(Frame::Map { pointer, .. } | Frame::Seq { pointer, .. }) = stack.pop()
                    && let Some(cur) = current.as_mut()
                    && let Some(n) = cur.spans.nodes.get_mut(&pointer)
                {
                    n.value.end = end.max(n.value.start);
                }
            }
            _ => {}
        }
    }
    // Each document runs until the next one starts (or the end of the file).
    let docs = found
        .into_iter()
        .map(|(i, spans)| RawDocument {
            bytes: starts[i]..starts.get(i + 1).copied().unwrap_or(text.len()),
            spans,
        })
        .collect();
    (docs, None)
}

enum Node<'a> {
    Scalar(&'a str, bool),
    Map,
    Seq,
}

/// Records a node at its place in the current container, pushing a frame for containers.
fn place(stack: &mut Vec<Frame>, cur: &mut Current, span: Range<usize>, node: Node<'_>) {
    let container = !matches!(node, Node::Scalar(..));
    let slot: Option<(String, Option<Range<usize>>)> = match stack.last_mut() {
        None => {
            cur.has_content = !matches!(node, Node::Scalar(_, true));
            Some((String::new(), None))
        }
        Some(Frame::Skip) => None,
        Some(Frame::Map { pointer, pending }) => match pending.take() {
            None => {
                // This node is a key.
                let name = match node {
                    Node::Scalar(s, _) => Some(s.to_string()),
                    _ => None,
                };
                *pending = Some((name, span));
                if container {
                    stack.push(Frame::Skip);
                }
                return;
            }
            Some((Some(k), key_span)) => {
                Some((format!("{pointer}/{}", escape(&k)), Some(key_span)))
            }
            Some((None, _)) => None,
        },
        Some(Frame::Seq { pointer, next }) => {
            *next += 1;
            Some((format!("{pointer}/{}", *next - 1), None))
        }
    };
    let Some((pointer, key)) = slot else {
        if container {
            stack.push(Frame::Skip);
        }
        return;
    };
    cur.spans
        .nodes
        .insert(pointer.clone(), NodeSpan { key, value: span });
    match node {
        Node::Map => stack.push(Frame::Map {
            pointer,
            pending: None,
        }),
        Node::Seq => stack.push(Frame::Seq { pointer, next: 0 }),
        Node::Scalar(..) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_by_pointer() {
        let text = "kind: behavior\ntarget:\n  at_least: 2\nlist: [a, {b: c}]\n---\n# empty\n---\nkind: x\n";
        let (docs, err) = scan(text);
        assert!(err.is_none());
        assert_eq!(docs.len(), 2);
        let d = &docs[0];
        assert_eq!(&text[d.spans.value("/target/at_least")], "2");
        assert_eq!(&text[d.spans.key("/target/at_least")], "at_least");
        assert_eq!(&text[d.spans.value("/list/1/b")], "c");
        assert_eq!(&text[d.spans.key("/kind")], "kind");
        // Unknown pointers fall back to the nearest ancestor.
        assert_eq!(&text[d.spans.value("/target/at_least/x")], "2");
        assert!(text[docs[1].bytes.clone()].contains("kind: x"));
        assert!(!text[docs[0].bytes.clone()].contains("kind: x"));
    }

    #[test]
    fn syntax_error_has_offset() {
        let (_, err) = scan("a: [1, 2\nb: 3\n");
        assert!(err.is_some());
    }
}
