//! Errors a user can act on: what is wrong, where (file:line:col with the offending text
//! underlined, or the path such as `actors[3].rule`), and a hint.

use std::fmt;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::source::{Sources, Span};

#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub message: String,
    pub span: Option<Span>,
    /// Where in the scenario, as a path (`actors[3].rule`), when known.
    pub path: Option<String>,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(message: impl Into<String>) -> Diagnostic {
        Diagnostic { message: message.into(), span: None, path: None, hint: None }
    }

    pub fn at(mut self, span: Option<Span>) -> Diagnostic {
        self.span = span;
        self
    }

    pub fn path(mut self, path: impl Into<String>) -> Diagnostic {
        self.path = Some(path.into());
        self
    }

    pub fn hint(mut self, hint: Option<String>) -> Diagnostic {
        self.hint = hint;
        self
    }
}

/// Everything wrong with one scenario, with the texts needed to show it.
#[derive(Clone, Debug)]
pub struct Diagnostics {
    pub sources: Sources,
    pub list: Vec<Diagnostic>,
}

impl Diagnostics {
    /// `file:line:col` of the first error, or its path: the short form for tests and logs.
    pub fn first_location(&self) -> Option<String> {
        let d = self.list.first()?;
        d.span.map(|s| self.sources.locate(s)).or_else(|| d.path.clone())
    }

    /// Render for a terminal (`styled` adds colour).
    pub fn render(&self, styled: bool) -> String {
        let renderer = if styled { Renderer::styled() } else { Renderer::plain() };
        let mut out = String::new();
        for d in &self.list {
            let mut groups: Vec<Group> = Vec::new();
            let title = Level::ERROR.primary_title(d.message.as_str());
            let mut group = match d.span {
                Some(span) => {
                    let source = self.sources.get(span.source);
                    let label = d.path.as_deref().map(|p| format!("in `{p}`")).unwrap_or_default();
                    let snippet = Snippet::source(source.text.as_str())
                        .path(source.name.as_str())
                        .annotation(AnnotationKind::Primary.span(span.range()).label(label));
                    title.element(snippet)
                }
                None => {
                    let where_ = match &d.path {
                        Some(p) => format!("in `{p}`"),
                        None => "in the scenario".to_string(),
                    };
                    Group::with_title(title).element(Level::NOTE.message(where_))
                }
            };
            if let Some(hint) = &d.hint {
                group = group.element(Level::HELP.message(hint.as_str()));
            }
            groups.push(group);
            out.push_str(&renderer.render(&groups));
            out.push('\n');
        }
        out
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl std::error::Error for Diagnostics {}
