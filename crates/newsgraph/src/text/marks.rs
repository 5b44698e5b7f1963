//! The one set of quotation marks. The tokenizer makes each of them a `Quote` token, and the
//! quote stage pairs them by their kind, so a mark is never a token without being pairable.

/// How a quotation mark pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// A double mark that usually opens (`“`, `„`, `«`, `「`).
    OpensDouble,
    /// A double mark that usually closes (`”`, `»`, `」`).
    ClosesDouble,
    /// A double mark whose side only its neighbours tell (`"`).
    EitherDouble,
    /// A single mark paired as such (`‘`, `’`, `'`), also an apostrophe between letters.
    Single,
    /// A single or typewriter mark that is a token but never paired (`‚`, `‛`, `‹`, `›`, `` ` ``):
    /// too rare, or too often something else, to decide a quote's extent.
    Unpaired,
}

/// Every quotation mark, with its kind.
pub const QUOTATION_MARKS: &[(char, MarkKind)] = &[
    ('"', MarkKind::EitherDouble),
    ('\u{FF02}', MarkKind::EitherDouble),
    ('\u{201C}', MarkKind::OpensDouble),
    ('\u{201E}', MarkKind::OpensDouble),
    ('\u{201F}', MarkKind::OpensDouble),
    ('\u{00AB}', MarkKind::OpensDouble),
    ('\u{300C}', MarkKind::OpensDouble),
    ('\u{201D}', MarkKind::ClosesDouble),
    ('\u{00BB}', MarkKind::ClosesDouble),
    ('\u{300D}', MarkKind::ClosesDouble),
    ('\'', MarkKind::Single),
    ('\u{2018}', MarkKind::Single),
    ('\u{2019}', MarkKind::Single),
    ('\u{201A}', MarkKind::Unpaired),
    ('\u{201B}', MarkKind::Unpaired),
    ('\u{2039}', MarkKind::Unpaired),
    ('\u{203A}', MarkKind::Unpaired),
    ('`', MarkKind::Unpaired),
];

/// The kind of a quotation mark, or `None` for any other character.
pub fn mark_kind(c: char) -> Option<MarkKind> {
    QUOTATION_MARKS
        .iter()
        .find(|(m, _)| *m == c)
        .map(|(_, kind)| *kind)
}

/// True for any quotation mark.
pub fn is_quotation_mark(c: char) -> bool {
    mark_kind(c).is_some()
}
