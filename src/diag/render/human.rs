use crate::diag::{Finding, Severity};
use crate::files::Files;
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan,
};
use std::fmt;

/// Findings rendered by miette: snippet, labels, help. Colors only when asked.
pub fn human(findings: &[Finding], files: &Files, color: bool, width: usize) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_context_lines(1)
        .with_show_related_as_nested(true);
    let mut out = String::new();
    for f in findings {
        let shown = Shown::new(f, files);
        if handler.render_report(&mut out, &shown).is_err() {
            out.push_str(&format!("{}: {}\n", f.code.name(), f.message));
        }
        out.push('\n');
    }
    out
}

/// A finding as a miette diagnostic. Labels in other files become related diagnostics.
struct Shown {
    code: &'static str,
    message: String,
    severity: Severity,
    /// A note attached to another diagnostic (a label in another file).
    note: bool,
    help: Option<String>,
    source: Option<NamedSource<String>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Shown>,
}

impl Shown {
    fn new(f: &Finding, files: &Files) -> Self {
        let mut labels = Vec::new();
        let mut related = Vec::new();
        let source = f.spot.as_ref().map(|s| {
            let file = files.get(s.file);
            NamedSource::new(&file.display, file.text.clone()).with_language("yaml")
        });
        if let Some(spot) = &f.spot {
            labels.push(LabeledSpan::new_primary_with_span(
                Some(short_label(f)),
                span(&spot.bytes),
            ));
            for l in &f.labels {
                if l.spot.file == spot.file {
                    labels.push(LabeledSpan::new_with_span(
                        Some(l.message.clone()),
                        span(&l.spot.bytes),
                    ));
                } else {
                    let file = files.get(l.spot.file);
                    related.push(Shown {
                        code: f.code.name(),
                        message: l.message.clone(),
                        severity: Severity::Warning,
                        note: true,
                        help: None,
                        source: Some(NamedSource::new(&file.display, file.text.clone())),
                        labels: vec![LabeledSpan::new_primary_with_span(
                            Some(l.message.clone()),
                            span(&l.spot.bytes),
                        )],
                        related: Vec::new(),
                    });
                }
            }
        }
        Shown {
            code: f.code.name(),
            message: f.message.clone(),
            severity: f.severity,
            note: false,
            help: f.help.clone(),
            source,
            labels,
            related,
        }
    }
}

fn span(bytes: &std::ops::Range<usize>) -> SourceSpan {
    SourceSpan::new(bytes.start.into(), bytes.end.saturating_sub(bytes.start))
}

/// The primary label under the snippet: short, the message is above it.
fn short_label(f: &Finding) -> String {
    match f.severity {
        Severity::Error => "here".into(),
        Severity::Warning => "this".into(),
    }
}

impl fmt::Debug for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Shown {}

impl Diagnostic for Shown {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        if self.note {
            return None;
        }
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        if self.note {
            return Some(miette::Severity::Advice);
        }
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h.as_str()) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
        }
    }
}
