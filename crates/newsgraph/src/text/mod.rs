//! Small text helpers every stage shares, kept once: character classes of quotation marks,
//! capitalisation, hashing, and the shape of hard-wrapped text (which line breaks are inside a
//! paragraph, read by segmentation, input's headline rule, quotes and name matching). Below the stages, above nothing but the document model.

pub mod case;
pub mod hash;
pub mod marks;
pub mod reflow;

pub use case::{capitalise, starts_upper, upper_share};
pub use marks::{is_quotation_mark, mark_kind, MarkKind, QUOTATION_MARKS};
