//! The one integration-test binary: runs the real `praxis` binary and checks exit code,
//! stdout and stderr.

mod support;

mod adoption;
mod corpus;
mod diff;
mod init;
mod nudges;
mod oracle;
mod playbook;
mod properties;
mod report;
mod scenario;
mod transcripts;
