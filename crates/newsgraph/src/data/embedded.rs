//! The copy of `data/` compiled into the binary, so an installed `newsgraph` works anywhere.
//! Every file the stages read must be listed here.

macro_rules! embed {
    ($($rel:literal),* $(,)?) => {
        static FILES: &[(&str, &[u8])] = &[
            $(($rel, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/", $rel)))),*
        ];
    };
}

embed![
    "events/dictionary.tsv",
    "cameo/plover.tsv",
    "cameo/synsets.tsv",
    "cameo/verbs.tsv",
    "cameo/verb_patterns.tsv",
    "actors/countries.tsv",
    "actors/persons.tsv",
    "actors/organizations.tsv",
    "actors/agents.tsv",
    "gazetteer/agents.tsv",
    "gazetteer/agent_not_before.txt",
    "tagger/weights.bin",
    "syntax/model.bin",
    "input/boilerplate.txt",
    "abbreviations.txt",
    "places/cities.tsv",
    "places/admin1.tsv",
    "places/countries.tsv",
    "places/regions.tsv",
    "places/locatives.tsv",
    "places/site_nouns.txt",
    "amounts/currencies.tsv",
    "amounts/scales.tsv",
    "amounts/qualifiers.txt",
    "amounts/counted.tsv",
    "amounts/number_words.tsv",
    "tone/lexicon.tsv",
    "tone/modifiers.tsv",
    "quotes/speech_verbs.tsv",
    "quotes/cue_phrases.tsv",
    "quotes/pronouns.tsv",
    "quotes/reporting_nouns.txt",
    "quotes/representatives.txt",
    "quotes/speaker_nouns.tsv",
    "quotes/verb_context.tsv",
    "segment/sentence_starters.txt",
    "segment/not_datelines.txt",
    "segment/list_markers.txt",
    "names/org_heads.tsv",
    "names/org_cues.tsv",
    "names/person_verbs.txt",
    "names/particles.txt",
    "names/org_connectors.txt",
    "names/legal_forms.txt",
    "names/not_names.txt",
    "names/honorifics.txt",
    "names/team_cues.txt",
    "names/generic_bodies.txt",
    "coref/nominals.tsv",
    "gazetteer/countries.tsv",
    "gazetteer/organizations.tsv",
    "gazetteer/locations.tsv",
    "gazetteer/titles.tsv",
    "gazetteer/title_prefixes.tsv",
    "gazetteer/bodies.tsv",
    "gazetteer/metonym_cues.tsv",
    "gazetteer/ambiguous.tsv",
    "time/months.tsv",
    "time/weekdays.tsv",
    "time/relative.tsv",
    "events/patterns.tsv",
    "events/words.tsv",
    "events/keywords.tsv",
    "events/relation_titles.tsv",
    "graph/given_names.tsv",
    "graph/title_ranks.txt",
    "aliases.tsv",
    "events/anaphors.tsv",
];

/// The built-in copy of a resource file.
pub fn get(rel: &str) -> Option<&'static [u8]> {
    FILES.iter().find(|(name, _)| *name == rel).map(|(_, b)| *b)
}

/// The relative paths of the built-in files, in the order listed above.
pub fn names() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(name, _)| *name)
}
