use super::range;
use crate::diag::{Finding, Severity};
use crate::files::Files;

/// GitHub Actions workflow commands: one annotation per finding.
pub fn github(findings: &[Finding], files: &Files) -> String {
    let mut out = String::new();
    for f in findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = Vec::new();
        if let Some(spot) = &f.spot {
            // Exactly DESIGN §2's shape: file, line, col, title.
            let (a, _) = range(files, spot);
            props.push(format!("file={}", property(&files.get(spot.file).display)));
            props.push(format!("line={}", a.line));
            props.push(format!("col={}", a.column));
        }
        props.push(format!("title={}", property(f.code.name())));
        let mut message = f.message.clone();
        if let Some(help) = &f.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{level} {}::{}\n",
            props.join(","),
            data(&message)
        ));
    }
    out
}

/// Escapes a workflow command's message.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes() {
        assert_eq!(super::data("50%\nx"), "50%25%0Ax");
        assert_eq!(super::property("a:b,c"), "a%3Ab%2Cc");
    }
}
