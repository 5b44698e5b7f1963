//! The copy of `data/` compiled into the binary, so an installed `newsgraph` works anywhere.
//! Every file the stages read must be listed here.

macro_rules! embed {
    ($($rel:literal),* $(,)?) => {
        static FILES: &[(&str, &[u8])] = &[
            $(($rel, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/", $rel)))),*
        ];
    };
}

embed!["abbreviations.txt",];

/// The built-in copy of a resource file.
pub fn get(rel: &str) -> Option<&'static [u8]> {
    FILES.iter().find(|(name, _)| *name == rel).map(|(_, b)| *b)
}
