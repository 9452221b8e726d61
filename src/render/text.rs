//! Small text helpers shared by the people-facing renderers.

/// A share as a whole percentage (`41%`), or `–` when undefined.
pub fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), |v| format!("{:.0}%", v * 100.0))
}

/// "80% by 2026-04-30": a behavior's target for people.
pub fn target_text(b: &crate::engine::document::BehaviorReport) -> String {
    match (&b.target.adoption, &b.target.by) {
        (Some(t), Some(by)) => format!("{} by {by}", percent(Some(*t))),
        (Some(t), None) => percent(Some(*t)),
        _ => "–".into(),
    }
}

/// The adoption of a behavior's last 12 periods, oldest first.
pub fn recent(b: &crate::engine::document::BehaviorReport) -> Vec<Option<f64>> {
    let skip = b.periods.len().saturating_sub(12);
    b.periods[skip..].iter().map(|p| p.adoption).collect()
}

/// A unicode sparkline of shares in 0..1 (a space for undefined periods).
pub fn sparkline(values: &[Option<f64>]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    values
        .iter()
        .map(|v| match v {
            Some(v) => BARS[((v.clamp(0.0, 1.0) * 7.0).round()) as usize],
            None => ' ',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_spans_the_range() {
        assert_eq!(sparkline(&[Some(0.0), Some(0.5), Some(1.0), None]), "▁▅█ ");
        assert_eq!(percent(Some(0.415)), "42%");
        assert_eq!(percent(None), "–");
    }
}
