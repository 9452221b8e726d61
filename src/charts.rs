//! Inline SVG charts for the HTML report: no scripts, no fonts or images fetched, readable
//! when printed. Every chart has a title and a description as its text alternative.

use crate::engine::document::BehaviorReport;
use std::fmt::Write as _;

/// Escapes text for XML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const W: f64 = 560.0;
const H: f64 = 190.0;
const LEFT: f64 = 46.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 40.0;

fn x(i: usize, n: usize) -> f64 {
    if n <= 1 {
        LEFT + (W - LEFT - RIGHT) / 2.0
    } else {
        LEFT + (W - LEFT - RIGHT) * i as f64 / (n - 1) as f64
    }
}

fn y(v: f64) -> f64 {
    TOP + (H - TOP - BOTTOM) * (1.0 - v.clamp(0.0, 1.0))
}

/// A chart's opening tag with its accessible title and description (ids `{prefix}-{behavior}`,
/// unique per chart kind), then the axes.
fn open_chart(b: &BehaviorReport, ids: (&str, &str), label: &str, desc: &str) -> String {
    let mut svg = format!(
        r#"<svg viewBox="0 0 {W} {H}" width="100%" role="img" aria-labelledby="{t}-{id} {d}-{id}" xmlns="http://www.w3.org/2000/svg"><title id="{t}-{id}">{label}: {title}</title><desc id="{d}-{id}">{desc}</desc>"#,
        t = ids.0,
        d = ids.1,
        id = esc(&b.id),
        title = esc(&b.title),
        desc = esc(desc)
    );
    axes(&mut svg, b);
    svg
}

fn axes(svg: &mut String, b: &BehaviorReport) {
    for v in [0.0, 0.5, 1.0] {
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#e3e7ee"/><text x="{}" y="{:.1}" font-size="13" text-anchor="end" fill="#5a6372">{:.0}%</text>"##,
            W - RIGHT,
            LEFT - 4.0,
            y(v) + 3.0,
            v * 100.0,
            y = y(v)
        );
    }
    let n = b.periods.len();
    if let (Some(first), Some(last)) = (b.periods.first(), b.periods.last()) {
        let _ = write!(
            svg,
            r##"<text x="{LEFT}" y="{}" font-size="13" fill="#5a6372">{}</text><text x="{}" y="{}" font-size="13" text-anchor="end" fill="#5a6372">{}</text>"##,
            H - 18.0,
            esc(&first.start),
            x(n - 1, n),
            H - 18.0,
            esc(&last.end)
        );
    }
}

/// Adoption per period against the ramp and the target, with launch and checkpoints.
pub fn trend(b: &BehaviorReport) -> String {
    let n = b.periods.len();
    let latest = b.latest.as_ref().and_then(|l| l.period.adoption);
    let desc = format!(
        "Adoption of {} over {n} periods, latest {}, target {}.",
        b.id,
        latest.map_or("unknown".into(), |v| format!("{:.0}%", v * 100.0)),
        b.target
            .adoption
            .map_or("none".into(), |t| format!("{:.0}%", t * 100.0))
    );
    let mut svg = open_chart(b, ("t", "d"), "Adoption trend", &desc);
    if let Some(t) = b.target.adoption {
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#1f7a3a" stroke-dasharray="2 3"/>"##,
            W - RIGHT,
            y = y(t)
        );
    }
    // Launch and 30/60/90-day checkpoints: the first period ending on or after each date.
    if let Some(launch) = &b.launch {
        let marks = [("launch", 0u64), ("30", 30), ("60", 60), ("90", 90)];
        for (label, days) in marks {
            let Ok(date) = chrono::NaiveDate::parse_from_str(launch, "%Y-%m-%d") else {
                break;
            };
            let at = (date + chrono::Days::new(days)).to_string();
            if let Some(i) = b.periods.iter().position(|p| p.end >= at) {
                let xi = x(i, n);
                let _ = write!(
                    svg,
                    r##"<line x1="{xi:.1}" x2="{xi:.1}" y1="{TOP}" y2="{}" stroke="#9aa3b2" stroke-dasharray="1 3"/><text x="{xi:.1}" y="{}" font-size="12" text-anchor="middle" fill="#5a6372">{label}</text>"##,
                    H - BOTTOM,
                    H - 6.0
                );
            }
        }
    }
    let line = |f: &dyn Fn(usize) -> Option<f64>| -> String {
        (0..n)
            .filter_map(|i| f(i).map(|v| format!("{:.1},{:.1}", x(i, n), y(v))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let expected = line(&|i| b.periods[i].expected);
    if !expected.is_empty() {
        let _ = write!(
            svg,
            r##"<polyline points="{expected}" fill="none" stroke="#9aa3b2" stroke-width="1.5" stroke-dasharray="5 4"/>"##
        );
    }
    let actual = line(&|i| b.periods[i].adoption);
    let _ = write!(
        svg,
        r##"<polyline points="{actual}" fill="none" stroke="#2f6fce" stroke-width="2.2"/>"##
    );
    let legend = [
        ("#2f6fce", "adoption", ""),
        ("#9aa3b2", "ramp", "5 4"),
        ("#1f7a3a", "target", "2 3"),
    ];
    for (k, (color, label, dash)) in legend.iter().enumerate() {
        let lx = LEFT + 8.0 + 110.0 * k as f64;
        let _ = write!(
            svg,
            r##"<line x1="{lx}" x2="{}" y1="9" y2="9" stroke="{color}" stroke-width="2" stroke-dasharray="{dash}"/><text x="{}" y="13" font-size="13" fill="#1d2430">{label}</text>"##,
            lx + 18.0,
            lx + 22.0
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Practicing / trying / lapsed / not started as stacked shares per period (adopt only).
pub fn states(b: &BehaviorReport) -> Option<String> {
    if b.direction != "adopt" || b.periods.is_empty() {
        return None;
    }
    let n = b.periods.len();
    let band = (W - LEFT - RIGHT) / n as f64;
    let latest = b.latest.as_ref()?;
    let desc = format!(
        "Latest period: {} practicing, {} trying, {} lapsed, {} not started of {}.",
        latest.period.practicing,
        latest.period.trying.unwrap_or(0),
        latest.period.lapsed.unwrap_or(0),
        latest.period.not_started.unwrap_or(0),
        latest.period.audience
    );
    let mut svg = open_chart(b, ("s", "sd"), "States over time", &desc);
    let colors = [
        ("#2f6fce", "practicing"),
        ("#8fb3e8", "trying"),
        ("#e0a458", "lapsed"),
        ("#d9dee5", "not started"),
    ];
    for (i, p) in b.periods.iter().enumerate() {
        if p.audience == 0 {
            continue;
        }
        let parts = [
            p.practicing,
            p.trying.unwrap_or(0),
            p.lapsed.unwrap_or(0),
            p.not_started.unwrap_or(0),
        ];
        let mut acc = 0.0;
        for (k, part) in parts.iter().enumerate() {
            let share = f64::from(*part) / f64::from(p.audience);
            let (top, bottom) = (y(acc + share), y(acc));
            let _ = write!(
                svg,
                r#"<rect x="{:.1}" y="{top:.1}" width="{:.1}" height="{:.1}" fill="{}"/>"#,
                LEFT + band * i as f64 + band * 0.1,
                band * 0.8,
                (bottom - top).max(0.0),
                colors[k].0
            );
            acc += share;
        }
    }
    for (k, (color, label)) in colors.iter().enumerate() {
        let lx = LEFT + 4.0 + 120.0 * k as f64;
        let _ = write!(
            svg,
            r##"<rect x="{lx}" y="3" width="11" height="11" fill="{color}"/><text x="{}" y="13" font-size="13" fill="#1d2430">{label}</text>"##,
            lx + 15.0
        );
    }
    svg.push_str("</svg>");
    Some(svg)
}
