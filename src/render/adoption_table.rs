use super::{percent, sparkline};
use crate::engine::document::{AdoptionDocument, Status};

/// The adoption table for a terminal: one row per behavior, then the priorities.
pub fn table(doc: &AdoptionDocument, color: bool) -> String {
    let mut rows = vec![header(&[
        "BEHAVIOR",
        "AUDIENCE",
        "PRACTICING",
        "ADOPTION",
        "TARGET",
        "STATUS",
        "TREND",
        "WHY NOT",
    ])];
    for b in &doc.behaviors {
        let latest = b.latest.as_ref();
        let trend = super::recent(b);
        let target = super::target_text(b);
        let why = latest
            .and_then(|l| l.diagnosis.as_ref())
            .and_then(|d| d.primary.map(|p| (p, d)))
            .map(|(p, _)| format!("{} → {}", p.as_str(), short_lever(p.lever())))
            .unwrap_or_else(|| "–".into());
        rows.push(vec![
            Cell::plain(&b.id),
            Cell::plain(&latest.map_or("–".into(), |l| l.period.audience.to_string())),
            Cell::plain(&latest.map_or("–".into(), |l| l.period.practicing.to_string())),
            Cell::plain(&percent(latest.and_then(|l| l.period.adoption))),
            Cell::plain(&target),
            status_cell(latest.and_then(|l| l.status), color),
            Cell::plain(&trend_text(&trend)),
            Cell::plain(&why),
        ]);
    }
    let mut out = layout(&rows);
    if !doc.priorities.is_empty() {
        out.push('\n');
        let mut rows = vec![header(&[
            "PRIORITY",
            "ADOPTION",
            "STATUS",
            "REPORTED",
            "SAY-DO GAP",
        ])];
        for p in &doc.priorities {
            rows.push(vec![
                Cell::plain(&p.id),
                Cell::plain(&percent(p.adoption)),
                status_cell(p.status, color),
                Cell::plain(&percent(p.reported)),
                Cell::plain(
                    &p.say_do_gap
                        .map_or("–".into(), |g| format!("{:+.0} pts", g * 100.0)),
                ),
            ]);
        }
        out.push_str(&layout(&rows));
    }
    out.push_str(&format!("\nas of {}\n", doc.as_of));
    out
}

fn trend_text(values: &[Option<f64>]) -> String {
    if values.is_empty() {
        "–".into()
    } else {
        sparkline(values)
    }
}

fn short_lever(lever: &str) -> &str {
    lever.split(':').next().unwrap_or(lever)
}

/// One line per source with skipped rows, for stderr.
pub fn quality_summary(doc: &AdoptionDocument) -> Vec<String> {
    let mut lines = Vec::new();
    for q in &doc.data_quality {
        let skipped: Vec<String> = q
            .skipped
            .iter()
            .filter(|(_, s)| s.count > 0)
            .map(|(reason, s)| {
                let at: Vec<String> = s.lines.iter().map(u64::to_string).collect();
                format!("{} {reason} (line {})", s.count, at.join(", "))
            })
            .collect();
        if !skipped.is_empty() {
            lines.push(format!(
                "{}: {} rows read, {} used; skipped {}",
                q.source,
                q.rows_read,
                q.rows_used,
                skipped.join(", ")
            ));
        }
    }
    lines
}

struct Cell {
    text: String,
    width: usize,
}

impl Cell {
    fn plain(text: &str) -> Cell {
        Cell {
            text: text.to_string(),
            width: text.chars().count(),
        }
    }
}

fn header(names: &[&str]) -> Vec<Cell> {
    names.iter().map(|n| Cell::plain(n)).collect()
}

fn status_cell(status: Option<Status>, color: bool) -> Cell {
    let Some(s) = status else {
        return Cell::plain("–");
    };
    let text = s.as_str();
    if !color {
        return Cell::plain(text);
    }
    let code = match s {
        Status::Met | Status::OnTrack => "32",
        Status::AtRisk | Status::NotMet => "33",
        Status::OffTrack => "31",
    };
    Cell {
        text: format!("\x1b[{code}m{text}\x1b[0m"),
        width: text.chars().count(),
    }
}

/// Left-aligned columns two spaces apart; widths from the visible text, so colors do not
/// throw the columns off.
fn layout(rows: &[Vec<Cell>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|c| c.width)
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(&cell.text);
            if c + 1 < row.len() {
                line.push_str(&" ".repeat(widths[c] - cell.width + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
