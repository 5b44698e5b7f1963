//! Small text helpers every stage shares, kept once: character classes of quotation marks,
//! capitalisation, and hashing. Below the stages, above nothing but the document model.

pub mod case;
pub mod hash;
pub mod marks;

pub use case::{capitalise, starts_upper, upper_share};
pub use marks::{is_quotation_mark, mark_kind, MarkKind, QUOTATION_MARKS};
