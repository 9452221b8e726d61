//! Renderers of the adoption document for people and tools: `table`, `csv`, `md`.

mod adoption_csv;
mod adoption_md;
mod adoption_table;
mod text;

pub use adoption_csv::csv;
pub use adoption_md::markdown;
pub use adoption_table::{quality_summary, table};
pub use text::{percent, recent, sparkline, target_text};
