//! Stage 1: the YAML source, loaded into a validated [`Briefing`].
//!
//! STUB: the source stage (issue 2) replaces `load` with diagnostics, validation and locations.

pub mod inline;
pub mod model;

pub use inline::{Inline, Run};
pub use model::*;

use crate::Error;

/// Loads and validates a briefing. `name` is the file name used in diagnostics.
pub fn load(name: &str, text: &str) -> Result<Briefing, Error> {
    serde_yaml::from_str(text).map_err(|err| Error::Source(format!("{name}: {err}")))
}
