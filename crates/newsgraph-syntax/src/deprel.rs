//! Dependency relations as one-byte ids, so that a parsed word carries its relation without a
//! string of its own. The names are UD v2's universal relations and the English subtypes of UD
//! English-EWT (and of the older UD English releases); a model's relation names are mapped onto
//! these ids when it is loaded ([`Deprel::lookup`]).

/// Relation names, by id: the universal relations (alphabetical), then the subtypes.
const NAMES: [&str; 55] = [
    "acl",
    "advcl",
    "advmod",
    "amod",
    "appos",
    "aux",
    "case",
    "cc",
    "ccomp",
    "clf",
    "compound",
    "conj",
    "cop",
    "csubj",
    "dep",
    "det",
    "discourse",
    "dislocated",
    "expl",
    "fixed",
    "flat",
    "goeswith",
    "iobj",
    "list",
    "mark",
    "nmod",
    "nsubj",
    "nummod",
    "obj",
    "obl",
    "orphan",
    "parataxis",
    "punct",
    "reparandum",
    "root",
    "vocative",
    "xcomp",
    "acl:relcl",
    "advcl:relcl",
    "aux:pass",
    "cc:preconj",
    "compound:prt",
    "csubj:outer",
    "csubj:pass",
    "det:predet",
    "nmod:desc",
    "nmod:poss",
    "nmod:unmarked",
    "nsubj:outer",
    "nsubj:pass",
    "obl:agent",
    "obl:unmarked",
    "nmod:tmod",
    "obl:tmod",
    "obl:npmod",
];

/// A UD dependency relation (with subtype), as a one-byte id; [`Deprel::as_str`] gives its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Deprel(u8);

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

impl Deprel {
    /// The relation of this name; a name that is not a known relation fails to compile when
    /// used in a constant, so the constants below cannot drift from [`NAMES`].
    const fn named(name: &str) -> Deprel {
        let mut i = 0;
        while i < NAMES.len() {
            if same(NAMES[i], name) {
                return Deprel(i as u8);
            }
            i += 1;
        }
        panic!("not a relation name")
    }

    /// Unspecified dependency: also what an unknown relation name maps to.
    pub const DEP: Deprel = Deprel::named("dep");
    /// The sentence's root.
    pub const ROOT: Deprel = Deprel::named("root");
    /// Nominal subject.
    pub const NSUBJ: Deprel = Deprel::named("nsubj");
    /// Passive nominal subject.
    pub const NSUBJ_PASS: Deprel = Deprel::named("nsubj:pass");
    /// Direct object.
    pub const OBJ: Deprel = Deprel::named("obj");
    /// Conjunct.
    pub const CONJ: Deprel = Deprel::named("conj");
    /// Open clausal complement.
    pub const XCOMP: Deprel = Deprel::named("xcomp");
    /// Clausal complement.
    pub const CCOMP: Deprel = Deprel::named("ccomp");
    /// Parataxis.
    pub const PARATAXIS: Deprel = Deprel::named("parataxis");
    /// Relative clause.
    pub const ACL_RELCL: Deprel = Deprel::named("acl:relcl");
    /// Flat multiword expression (names).
    pub const FLAT: Deprel = Deprel::named("flat");
    /// Compound.
    pub const COMPOUND: Deprel = Deprel::named("compound");
    /// Apposition.
    pub const APPOS: Deprel = Deprel::named("appos");
    /// Nominal modifier.
    pub const NMOD: Deprel = Deprel::named("nmod");
    /// Possessive nominal modifier.
    pub const NMOD_POSS: Deprel = Deprel::named("nmod:poss");
    /// Determiner.
    pub const DET: Deprel = Deprel::named("det");
    /// Punctuation.
    pub const PUNCT: Deprel = Deprel::named("punct");

    /// The relation as UD writes it (`nsubj:pass`).
    pub fn as_str(self) -> &'static str {
        NAMES.get(self.0 as usize).copied().unwrap_or("dep")
    }

    /// The relation of a UD name, if it is a known one.
    pub fn parse(name: &str) -> Option<Deprel> {
        NAMES
            .iter()
            .position(|&n| n == name)
            .map(|i| Deprel(i as u8))
    }

    /// The relation of a UD name: the name itself when known, else its universal part
    /// (`nmod:npmod` → `nmod`), else `dep`.
    pub fn lookup(name: &str) -> Deprel {
        Deprel::parse(name)
            .or_else(|| {
                name.split_once(':')
                    .and_then(|(base, _)| Deprel::parse(base))
            })
            .unwrap_or(Deprel::DEP)
    }

    /// The relation without its subtype (`nsubj` for `nsubj:pass`).
    pub fn universal(self) -> Deprel {
        let name = self.as_str();
        match name.split_once(':') {
            Some((base, _)) => Deprel::lookup(base),
            None => self,
        }
    }

    /// Every known relation, in id order.
    pub fn all() -> impl Iterator<Item = Deprel> {
        (0..NAMES.len() as u8).map(Deprel)
    }
}

impl std::fmt::Display for Deprel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_subtypes_fall_back() {
        for d in Deprel::all() {
            assert_eq!(Deprel::parse(d.as_str()), Some(d));
        }
        assert_eq!(Deprel::NSUBJ.as_str(), "nsubj");
        assert_eq!(Deprel::NMOD_POSS.as_str(), "nmod:poss");
        assert_eq!(Deprel::lookup("nmod:unknownsub"), Deprel::NMOD);
        assert_eq!(Deprel::lookup("nonsense"), Deprel::DEP);
        assert_eq!(Deprel::NSUBJ_PASS.universal(), Deprel::NSUBJ);
        let mut names: Vec<&str> = NAMES.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), NAMES.len(), "names are distinct");
    }
}
