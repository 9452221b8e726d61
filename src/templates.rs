//! minijinja templates: embedded in the binary, overridable one by one from the workspace's
//! `templates` folder or `--templates DIR`. Undefined variables are errors (a typo in a
//! template must not print an empty string); `.html` templates are auto-escaped; templates
//! can include others only by plain file name, so they never read outside their folders.

use minijinja::{Environment, UndefinedBehavior};
use std::path::{Path, PathBuf};

/// The templates praxis ships, by name.
pub const BUILTIN: &[(&str, &str)] = &[
    ("playbook.md", include_str!("../templates/playbook.md")),
    ("playbook.html", include_str!("../templates/playbook.html")),
    ("nudge.txt", include_str!("../templates/nudge.txt")),
    ("report.md", include_str!("../templates/report.md")),
    ("report.html", include_str!("../templates/report.html")),
];

/// A template problem, located in the template's file.
#[derive(Debug)]
pub struct TemplateError {
    pub message: String,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TemplateError {}

pub struct Templates {
    env: Environment<'static>,
    /// Where each template came from, for error messages.
    origins: Vec<(String, String)>,
}

fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        && !name.starts_with('.')
}

impl Templates {
    /// Built-in templates, replaced by same-named files of the override folders (earlier
    /// folders win).
    pub fn new(overrides: &[PathBuf]) -> Result<Self, TemplateError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        let mut origins = Vec::new();
        for (name, source) in BUILTIN {
            let (text, origin) = match find(overrides, name) {
                Some(path) => (
                    std::fs::read_to_string(&path).map_err(|e| TemplateError {
                        message: format!("reading {}: {e}", crate::files::display_path(&path)),
                    })?,
                    crate::files::display_path(&path),
                ),
                None => (
                    (*source).to_string(),
                    format!("templates/{name} (built in)"),
                ),
            };
            origins.push(((*name).to_string(), origin));
            env.add_template_owned(*name, text)
                .map_err(|e| located(&e, &origins))?;
        }
        let dirs = overrides.to_vec();
        // Includes and extends: plain file names in the override folders only.
        env.set_loader(move |name| {
            if !safe_name(name) {
                return Ok(None);
            }
            Ok(find(&dirs, name).and_then(|p| std::fs::read_to_string(p).ok()))
        });
        Ok(Templates { env, origins })
    }

    /// Renders a template with a serializable context.
    pub fn render(&self, name: &str, context: &serde_json::Value) -> Result<String, TemplateError> {
        let template = self
            .env
            .get_template(name)
            .map_err(|e| located(&e, &self.origins))?;
        template
            .render(minijinja::value::Serde(context))
            .map(|mut text| {
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                text
            })
            .map_err(|e| located(&e, &self.origins))
    }
}

impl Templates {
    /// Renders a template given as text (a behavior's nudge `message`); `origin` names
    /// where it was written, for errors.
    pub fn render_str(
        &self,
        origin: &str,
        source: &str,
        context: &serde_json::Value,
    ) -> Result<String, TemplateError> {
        self.env
            .render_str(source, minijinja::value::Serde(context))
            .map_err(|e| {
                let what = e
                    .detail()
                    .map_or_else(|| e.kind().to_string(), |d| format!("{}: {d}", e.kind()));
                TemplateError {
                    message: format!("{origin}: {what}"),
                }
            })
    }
}

fn find(dirs: &[PathBuf], name: &str) -> Option<PathBuf> {
    dirs.iter().map(|d| d.join(name)).find(|p| p.is_file())
}

/// `file:line: what` for a minijinja error, with the template's real file.
fn located(e: &minijinja::Error, origins: &[(String, String)]) -> TemplateError {
    let name = e.name().unwrap_or("template");
    let file = origins
        .iter()
        .find(|(n, _)| n == name)
        .map_or_else(|| name.to_string(), |(_, o)| o.clone());
    let line = e.line().map(|l| format!(":{l}")).unwrap_or_default();
    let what = e
        .detail()
        .map_or_else(|| e.kind().to_string(), |d| format!("{}: {d}", e.kind()));
    TemplateError {
        message: format!("{file}{line}: {what}"),
    }
}

/// The override folders: `--templates DIR` first, then the workspace's `templates`.
pub fn override_dirs(cli: Option<&Path>, workspace: Option<&Path>) -> Vec<PathBuf> {
    cli.into_iter()
        .chain(workspace)
        .map(Path::to_path_buf)
        .collect()
}
