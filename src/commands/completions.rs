//! `praxis completions SHELL` and `praxis man`, generated from the CLI definition.

use crate::ExitStatus;
use crate::cli::Cli;
use crate::output::Output;
use anyhow::Result;
use clap::CommandFactory;

pub fn completions(shell: clap_complete::Shell, out: &Output) -> Result<ExitStatus> {
    // Render into a buffer first: clap_complete panics when writing to a closed pipe.
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "praxis", &mut buf);
    out.print(&String::from_utf8_lossy(&buf))?;
    Ok(ExitStatus::Success)
}

pub fn man(out: &Output) -> Result<ExitStatus> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
    out.print(&String::from_utf8_lossy(&buf))?;
    Ok(ExitStatus::Success)
}
