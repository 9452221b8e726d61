//! Where output goes: results on stdout, failures and logs on stderr; color decided once.

use crate::cli::ColorChoice;
use std::io::{IsTerminal, Write};

/// Output settings shared by every command.
#[derive(Debug, Clone)]
pub struct Output {
    /// Color on stdout.
    pub color: bool,
    /// Color on stderr.
    pub color_err: bool,
    pub quiet: bool,
    /// Width for rendered diagnostics.
    pub width: usize,
}

impl Output {
    pub fn new(choice: ColorChoice, quiet: bool) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let decide = |tty: bool| match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color,
        };
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(100);
        Output {
            color: decide(std::io::stdout().is_terminal()),
            color_err: decide(std::io::stderr().is_terminal()),
            quiet,
            width,
        }
    }

    /// Writes a result to stdout.
    pub fn print(&self, text: &str) -> std::io::Result<()> {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(text.as_bytes())?;
        stdout.flush()
    }

    /// A note for people on stderr, unless `--quiet`.
    pub fn note(&self, text: &str) {
        if !self.quiet {
            eprintln!("{text}");
        }
    }

    /// Reports a failure (exit 2) on stderr with its chain of causes.
    pub fn failure(&self, error: &anyhow::Error) {
        let head = if self.color_err {
            "\x1b[1;31merror\x1b[0m"
        } else {
            "error"
        };
        eprintln!("{head}: {error}");
        for cause in error.chain().skip(1) {
            eprintln!("  caused by: {cause}");
        }
    }
}

/// Whether an error is a closed stdout (`praxis … | head`), which is not a failure.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
