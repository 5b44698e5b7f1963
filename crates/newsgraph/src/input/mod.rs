//! Reading inputs (plain text, HTML, JSON Lines, manifests) into [`Document`]s. (Stub: being written.)

use crate::document::{Document, Meta};

/// Read plain text as a document.
pub fn from_text(text: String, meta: Meta) -> Document {
    Document::new(text, meta)
}
