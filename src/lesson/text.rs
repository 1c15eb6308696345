//! `{placeholder}`s in lesson texts: found at load time (to reject unknown names) and
//! filled at play time from the model's figures. `{{` and `}}` stand for literal braces.

/// A piece of a lesson text: literal text or the name inside a `{placeholder}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Piece<'a> {
    Literal(&'a str),
    Placeholder(&'a str),
}

/// Splits a text into literal pieces and placeholders; an unclosed `{` or a stray `}`
/// is an error message.
pub(super) fn pieces(text: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(['{', '}']) {
        let (before, from) = rest.split_at(at);
        if !before.is_empty() {
            pieces.push(Piece::Literal(before));
        }
        if let Some(after) = from.strip_prefix("{{") {
            pieces.push(Piece::Literal("{"));
            rest = after;
        } else if let Some(after) = from.strip_prefix("}}") {
            pieces.push(Piece::Literal("}"));
            rest = after;
        } else if from.starts_with('}') {
            return Err("a `}` without its `{` (write `}}` for a literal brace)".to_string());
        } else {
            let inner = &from[1..];
            let Some(end) = inner.find('}') else {
                return Err("a `{` without its `}` (write `{{` for a literal brace)".to_string());
            };
            pieces.push(Piece::Placeholder(inner[..end].trim()));
            rest = &inner[end + 1..];
        }
    }
    if !rest.is_empty() {
        pieces.push(Piece::Literal(rest));
    }
    Ok(pieces)
}

/// The text with every placeholder replaced by `fill(name)`; a placeholder `fill` does not
/// know is left as written (validation has rejected unknown names already).
pub(super) fn render(text: &str, mut fill: impl FnMut(&str) -> Option<String>) -> String {
    let Ok(pieces) = pieces(text) else {
        return text.to_string();
    };
    let mut out = String::with_capacity(text.len());
    for piece in pieces {
        match piece {
            Piece::Literal(literal) => out.push_str(literal),
            Piece::Placeholder(name) => match fill(name) {
                Some(value) => out.push_str(&value),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_literals_placeholders_and_escaped_braces() {
        assert_eq!(
            pieces("a {x} b {{c}} {y }").unwrap(),
            vec![
                Piece::Literal("a "),
                Piece::Placeholder("x"),
                Piece::Literal(" b "),
                Piece::Literal("{"),
                Piece::Literal("c"),
                Piece::Literal("}"),
                Piece::Literal(" "),
                Piece::Placeholder("y"),
            ]
        );
        assert!(pieces("open {x").is_err());
        assert!(pieces("stray } here").is_err());
    }

    #[test]
    fn renders_known_names_and_keeps_unknown_ones() {
        let text = "churn {abnormal_churn}, you said {predicted}, {{literal}}";
        let rendered = render(text, |name| (name == "abnormal_churn").then(|| "2%".into()));
        assert_eq!(rendered, "churn 2%, you said {predicted}, {literal}");
    }
}
