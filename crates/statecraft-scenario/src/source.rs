//! Where text came from: files, the bundled catalogue, `--set` arguments. Spans point into them.

use std::fmt;

/// Identifies one source text in a [`Sources`] collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceId(pub u32);

/// A byte range in one source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub source: SourceId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(source: SourceId, start: usize, end: usize) -> Span {
        Span { source, start: start as u32, end: end.max(start) as u32 }
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One named text: a file path, or a description such as `--set us_admin.share`.
#[derive(Clone, Debug)]
pub struct Source {
    pub name: String,
    pub text: String,
}

/// Every text read while loading one scenario, so that any span can be shown to the user.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    list: Vec<Source>,
}

/// A 1-based line and column (columns count characters, as editors do).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

impl fmt::Display for LineCol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// The line and column of byte `offset` of `text` (a character boundary; clamped to the end).
pub fn line_col(text: &str, offset: usize) -> LineCol {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    LineCol { line, col }
}

impl Sources {
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> SourceId {
        self.list.push(Source { name: name.into(), text: text.into() });
        SourceId(self.list.len() as u32 - 1)
    }

    pub fn get(&self, id: SourceId) -> &Source {
        &self.list[id.0 as usize]
    }

    pub fn line_col(&self, id: SourceId, offset: usize) -> LineCol {
        line_col(&self.get(id).text, offset)
    }

    /// `path:line:col` for the start of a span.
    pub fn locate(&self, span: Span) -> String {
        format!("{}:{}", self.get(span.source).name, self.line_col(span.source, span.start as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_from_one() {
        let mut sources = Sources::default();
        let id = sources.add("a.ron", "ab\n(é: 1, x)\n");
        assert_eq!(sources.line_col(id, 0), LineCol { line: 1, col: 1 });
        assert_eq!(sources.line_col(id, 3), LineCol { line: 2, col: 1 });
        let x = sources.get(id).text.find('x').unwrap();
        assert_eq!(sources.line_col(id, x), LineCol { line: 2, col: 8 });
        assert_eq!(sources.locate(Span::new(id, x, x + 1)), "a.ron:2:8");
    }
}
