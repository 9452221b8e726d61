use super::range;
use crate::diag::{Finding, Severity, codes};
use crate::files::Files;
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, Region,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif,
    Tool, ToolComponent,
};

/// SARIF 2.1.0 with a rule (and its documentation) for every code.
pub fn sarif(findings: &[Finding], files: &Files) -> String {
    let rules: Vec<ReportingDescriptor> = codes::ALL
        .iter()
        .map(|c| {
            ReportingDescriptor::builder()
                .id(c.name)
                .name(c.name)
                .short_description(MultiformatMessageString::builder().text(c.summary).build())
                .full_description(MultiformatMessageString::builder().text(c.doc).build())
                .help(
                    MultiformatMessageString::builder()
                        .text(format!(
                            "{}\n\nRun `praxis explain {}` for more.",
                            c.doc, c.name
                        ))
                        .build(),
                )
                .default_configuration(
                    ReportingConfiguration::builder()
                        .level(serde_json::json!(level(c.severity).to_string()))
                        .build(),
                )
                .build()
        })
        .collect();
    let results: Vec<SarifResult> = findings
        .iter()
        .map(|f| {
            let mut text = f.message.clone();
            if let Some(help) = &f.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            // `Code` discriminants are indexes into `codes::ALL`, the rules' order.
            let builder = SarifResult::builder()
                .rule_index(f.code as i64)
                .rule_id(f.code.name())
                .level(match f.severity {
                    Severity::Error => ResultLevel::Error,
                    Severity::Warning => ResultLevel::Warning,
                })
                .message(Message::builder().text(text).build());
            let locations = f.spot.as_ref().map(|spot| {
                let (a, b) = range(files, spot);
                vec![location(&files.get(spot.file).display, a, b, None)]
            });
            let related: Vec<Location> = f
                .labels
                .iter()
                .map(|l| {
                    let (a, b) = range(files, &l.spot);
                    location(&files.get(l.spot.file).display, a, b, Some(&l.message))
                })
                .collect();
            match (locations, related.is_empty()) {
                (Some(l), true) => builder.locations(l).build(),
                (Some(l), false) => builder.locations(l).related_locations(related).build(),
                (None, true) => builder.build(),
                (None, false) => builder.related_locations(related).build(),
            }
        })
        .collect();
    let driver = ToolComponent::builder()
        .name("praxis")
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri("https://praxis.dev")
        .rules(rules)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .build();
    let log = Sarif::builder()
        .schema("https://json.schemastore.org/sarif-2.1.0.json")
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build();
    let mut text = serde_json::to_string_pretty(&log).expect("invariant: SARIF serializes");
    text.push('\n');
    text
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn location(
    file: &str,
    a: crate::files::LineCol,
    b: crate::files::LineCol,
    message: Option<&str>,
) -> Location {
    let region = Region::builder()
        .start_line(a.line as i64)
        .start_column(a.column as i64)
        .end_line(b.line as i64)
        .end_column(b.column as i64)
        .build();
    let physical = PhysicalLocation::builder()
        .artifact_location(ArtifactLocation::builder().uri(file).build())
        .region(region)
        .build();
    match message {
        Some(m) => Location::builder()
            .physical_location(physical)
            .message(Message::builder().text(m).build())
            .build(),
        None => Location::builder().physical_location(physical).build(),
    }
}
