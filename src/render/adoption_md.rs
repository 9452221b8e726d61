use super::{percent, sparkline};
use crate::engine::document::AdoptionDocument;

/// Markdown for a pull-request comment or a CI job summary.
pub fn markdown(doc: &AdoptionDocument) -> String {
    let mut out = format!("### Adoption as of {}\n\n", doc.as_of);
    out.push_str("| behavior | audience | adoption | target | status | trend | why not |\n");
    out.push_str("|---|---:|---:|---|---|---|---|\n");
    for b in &doc.behaviors {
        let l = b.latest.as_ref();
        let trend = super::recent(b);
        let target = super::target_text(b);
        let why = l
            .and_then(|l| l.diagnosis.as_ref())
            .and_then(|d| d.primary)
            .map_or("–".to_string(), |p| {
                format!("{} ({})", p.as_str(), p.lever())
            });
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} |\n",
            b.id,
            l.map_or("–".into(), |l| l.period.audience.to_string()),
            percent(l.and_then(|l| l.period.adoption)),
            target,
            l.and_then(|l| l.status).map_or("–", |s| s.as_str()),
            sparkline(&trend),
            why
        ));
    }
    if !doc.priorities.is_empty() {
        out.push_str("\n| priority | adoption | status | reported | say-do gap |\n|---|---:|---|---:|---:|\n");
        for p in &doc.priorities {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} | {} |\n",
                p.id,
                percent(p.adoption),
                p.status.map_or("–", |s| s.as_str()),
                percent(p.reported),
                p.say_do_gap
                    .map_or("–".into(), |g| format!("{:+.0} pts", g * 100.0))
            ));
        }
    }
    let issues = super::quality_summary(doc);
    if !issues.is_empty() {
        out.push_str("\n**Data quality**\n\n");
        for line in issues {
            out.push_str(&format!("- {line}\n"));
        }
    }
    out
}
