//! The field's dictionaries in the event stage (`crates/newsgraph-cameo`): PETRARCH2's CAMEO
//! verb patterns as a fallback for verbs the project's own patterns lack, and the Phoenix actor
//! dictionary as world knowledge of whom a named person or group acts for.
//!
//! Choices, written down:
//! - **Project first.** A token a project pattern matched is never recoded by the dictionary;
//!   the dictionary codes only the remaining words, and only where the word stands in verb
//!   position ([`verb_position`]): the dictionary lists `force`, `aid`, `arm` and `deal` as
//!   verbs, and in news they are mostly nouns.
//! - **Most specific pattern wins**, as in PETRARCH ([`VerbDictionary::best_match`]); a best
//!   pattern coded `---` (no event) vetoes the verb, and a best code PLOVER dropped (CAMEO
//!   01/02: statements and appeals) makes no event.
//! - **One pattern per CAMEO code.** A dictionary trigger points at a pattern appended to the
//!   project's list for its code, whose options (partner needed, `bare`, `joint`) and score are
//!   copied from the project's first verb pattern of the same PLOVER type, so the rest of the
//!   stage treats both alike.
//! - **Actors.** A person or group the text names without saying whom it acts for (`Mahmoud
//!   Abbas said`, `the Taliban attacked`) gets the country of its Phoenix role valid on the
//!   article's publication date (today when unknown; the one country all its roles name when
//!   none holds then), as a country entity listed after it among the event's actors; the name
//!   must match the whole canonical name of the entity with some capital letter.

use super::patterns::{Pattern, Patterns, Pos, Trigger};
use super::*;
use newsgraph_cameo::{Actor, ActorDictionary, Source, VerbDictionary};
use std::collections::HashSet;

/// The dictionaries as the stage uses them.
#[derive(Debug, Clone, Default)]
pub struct CameoData {
    /// CAMEO verbs and their patterns.
    pub verbs: VerbDictionary,
    /// Phoenix actors (persons, organisations, countries) by whole name.
    pub actors: Option<Arc<ActorNames>>,
    /// CAMEO code → the pattern standing for it in [`Patterns`].
    by_code: HashMap<String, usize>,
    /// PLOVER type → how the dictionary may code it (`data/events/dictionary.tsv`).
    uses: HashMap<String, Use>,
    /// Lemmas some entry of which can yield a trigger under `uses` (its bare code with
    /// [`Use::Verb`], or a pattern pinning words besides the verb with [`Use::Verb`] or
    /// [`Use::Pattern`]). A word none of whose lemmas is here is skipped before the matcher:
    /// with most types off, that is nearly every word, and the matcher dominated the stage.
    live_lemmas: HashSet<String>,
}

/// Phoenix actors by whole normalised name ([`newsgraph_cameo::normalise`]): the stage only
/// asks whether an entity's whole name is an actor's, which a hash map answers without the
/// automaton over 34,000 names that [`ActorDictionary::parse`] builds.
#[derive(Debug, Clone, Default)]
pub struct ActorNames {
    actors: Vec<Actor>,
    /// Normalised words joined by one blank → indices into `actors`, in file order.
    by_name: HashMap<String, Vec<u32>>,
}

impl ActorNames {
    /// Index the actors' names.
    pub fn new(actors: Vec<Actor>) -> ActorNames {
        let mut by_name: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, a) in actors.iter().enumerate() {
            for n in &a.names {
                let words: Vec<&str> = n.split(' ').collect();
                let norm: Vec<String> = newsgraph_cameo::normalise(&words)
                    .into_iter()
                    .map(|(w, _)| w)
                    .collect();
                if norm.is_empty() {
                    continue;
                }
                by_name.entry(norm.join(" ")).or_default().push(i as u32);
            }
        }
        ActorNames { actors, by_name }
    }

    /// The actors whose name is the whole of `tokens`, with some token starting with a
    /// capital or digit (so `turkey` in running text is no country).
    ///
    /// Same answer as the longest match at the first token of
    /// [`ActorDictionary::find_actors`] (exact names, [`newsgraph_cameo::CaseRule::SomeCapital`])
    /// when it spans every token: the longest listed prefix of the normalised words is
    /// taken, and it must end where the last token ends.
    pub fn whole_name(&self, tokens: &[&str]) -> Vec<&Actor> {
        let words = newsgraph_cameo::normalise(tokens);
        if words.first().is_none_or(|w| w.1 != 0) {
            return Vec::new();
        }
        for k in (1..=words.len()).rev() {
            let key = words[..k]
                .iter()
                .map(|(w, _)| w.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let Some(ids) = self.by_name.get(&key) else {
                continue;
            };
            // the longest match decides: it must end where a token ends, and that token
            // must be the last
            let ends_token = k == words.len() || words[k].1 != words[k - 1].1 || words[k].0 == "'s";
            let capital = tokens.iter().any(|t| {
                t.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            });
            if !ends_token || words[k - 1].1 + 1 != tokens.len() || !capital {
                return Vec::new();
            }
            return ids.iter().map(|&i| &self.actors[i as usize]).collect();
        }
        Vec::new()
    }
}

/// How the dictionary may code a PLOVER type (`data/events/dictionary.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// The bare verb and its patterns.
    Verb,
    /// Only patterns with words besides the verb (the default).
    Pattern,
    /// Never.
    Off,
}

/// The file saying how the dictionary may code each type.
pub const USES_FILE: &str = "events/dictionary.tsv";

/// Words before a verb the dictionary's patterns may look at.
const BEFORE: usize = 8;
/// Words after it.
const AFTER: usize = 12;

fn load_err(data: &DataDir, e: newsgraph_cameo::Error) -> Error {
    match e {
        newsgraph_cameo::Error::Parse {
            file,
            line,
            message,
        } => Error::resource(file, line, message),
        other => Error::resource(data.path_of("cameo"), 0, other.to_string()),
    }
}

impl CameoData {
    /// Load the verb and actor dictionaries, and add one pattern per typed CAMEO code to
    /// `patterns`.
    pub fn load(data: &DataDir, patterns: &mut Patterns) -> Result<CameoData> {
        let read = |rel: &str| -> Result<(String, String)> {
            Ok((data.path_of(rel).display().to_string(), data.read(rel)?))
        };
        let f = newsgraph_cameo::VERB_FILES.map(read);
        let [p, s, v, pa] = f;
        let (p, s, v, pa) = (p?, s?, v?, pa?);
        let verbs = VerbDictionary::parse(
            Source::new(&p.0, &p.1),
            Source::new(&s.0, &s.1),
            Source::new(&v.0, &v.1),
            Source::new(&pa.0, &pa.1),
        )
        .map_err(|e| load_err(data, e))?;
        let files = newsgraph_cameo::ACTOR_FILES
            .iter()
            .map(|rel| read(rel))
            .collect::<Result<Vec<_>>>()?;
        let sources: Vec<Source<'_>> = files.iter().map(|(n, t)| Source::new(n, t)).collect();
        let actors = ActorNames::new(
            ActorDictionary::parse_actors(&sources).map_err(|e| load_err(data, e))?,
        );
        let mut by_code = HashMap::new();
        let codes: Vec<(String, String, Option<String>)> = verbs
            .plover_table()
            .iter()
            .filter_map(|(code, p)| {
                p.map(|p| (code.to_string(), p.event_type.clone(), p.mode.clone()))
            })
            .collect();
        for (code, ty, mode) in codes {
            let template = patterns
                .all()
                .iter()
                .find(|p| p.pos == Pos::Verb && p.event_type.as_deref() == Some(ty.as_str()))
                .cloned();
            let needs_partner = matches!(ty.as_str(), "CONSULT" | "SUPPORT" | "COOPERATE" | "AID");
            let mut pat = template.unwrap_or(Pattern {
                phrase: String::new(),
                pos: Pos::Verb,
                event_type: None,
                mode: None,
                cameo: String::new(),
                score: 0.0,
                relation: None,
                requires: None,
                min: if needs_partner { 2 } else { 1 },
                sym: false,
                mod_recipient: false,
                clause: false,
                bare: false,
                unless: None,
                unless_within: 3,
                within: 7,
                joint: false,
                reported: false,
            });
            pat.phrase = format!("cameo {code}");
            pat.event_type = Some(ty);
            pat.mode = mode;
            pat.cameo = code.chars().take(2).collect();
            // the template's conditions are about its own words
            pat.requires = None;
            pat.unless = None;
            pat.relation = None;
            by_code.insert(code, patterns.push_unindexed(pat));
        }
        let mut uses = HashMap::new();
        for row in data.tsv(USES_FILE)? {
            let u = match row.get(1) {
                "verb" => Use::Verb,
                "pattern" => Use::Pattern,
                "off" => Use::Off,
                other => {
                    return Err(Error::resource(
                        data.path_of(USES_FILE),
                        row.line,
                        format!("use must be verb, pattern or off, not {other:?}"),
                    ))
                }
            };
            uses.insert(row.get(0).to_string(), u);
        }
        let live_lemmas = live_lemmas(&verbs, &uses, &by_code);
        Ok(CameoData {
            verbs,
            actors: Some(Arc::new(actors)),
            by_code,
            uses,
            live_lemmas,
        })
    }
}

/// How the dictionary may code PLOVER type `ty` (`pattern` when the file does not say).
fn use_of(uses: &HashMap<String, Use>, ty: &str) -> Use {
    uses.get(ty).copied().unwrap_or(Use::Pattern)
}

/// The lemmas with an entry that can yield a trigger: its bare code or one of its block's
/// patterns has a PLOVER type with a pattern in [`Patterns`] and a use that admits it.
/// [`dictionary_triggers`] keeps only such candidates, so words without such a lemma can
/// be skipped unmatched.
fn live_lemmas(
    verbs: &VerbDictionary,
    uses: &HashMap<String, Use>,
    by_code: &HashMap<String, usize>,
) -> HashSet<String> {
    let admits = |code: Option<&str>, pinned: bool| {
        let Some(code) = code.filter(|c| by_code.contains_key(*c)) else {
            return false;
        };
        verbs
            .plover(Some(code))
            .is_some_and(|p| match use_of(uses, &p.event_type) {
                Use::Off => false,
                Use::Pattern => pinned,
                Use::Verb => true,
            })
    };
    verbs
        .verbs()
        .iter()
        .filter(|v| {
            admits(v.code.as_deref(), false)
                || verbs
                    .patterns_for(v)
                    .any(|p| admits(p.code.as_deref(), p.weight() > 0))
        })
        .map(|v| v.lemma.clone())
        .collect()
}

/// True when token `i` stands where a verb stands: after a subject-like mention, a pronoun, an
/// auxiliary, a negation, `to` or a relative pronoun (adverbs and times skipped), and not inside
/// a name, a speech verb, nor after a determiner or possessive.
///
/// `covered` marks the tokens of the sentence (from `s0`) inside a name or a project trigger.
pub(super) fn verb_position(ctx: &Ctx<'_>, covered: &[bool], i: usize, s0: usize) -> bool {
    // a speech verb (`said`, `announced`; class `boundary`) reports an event rather than
    // being one: the dictionary's patterns under `say` look at the words of the reported
    // clause (`said they will release`) and would code the verb of saying as that act
    if covered[i - s0] || ctx.in_time[i] || ctx.in_title[i] || i == s0 || ctx.is(i, Class::Boundary)
    {
        return false;
    }
    let mut j = i - 1;
    while j > s0 && (ctx.in_time[j] || ctx.is(j, Class::Adverb)) && ctx.ment_end[j].is_none() {
        j -= 1;
    }
    if ctx.is(j, Class::Det) || matches!(ctx.word(j), "'s" | "’s") {
        return false;
    }
    ctx.ment_end[j].is_some()
        || ctx.is(j, Class::Aux)
        || ctx.is(j, Class::Be)
        || ctx.is(j, Class::Neg)
        || ctx.is(j, Class::To)
        || ctx.is(j, Class::Relative)
        || ctx.is(j, Class::Pronoun)
        || ctx.is(j, Class::PronPerson)
        || ctx.is(j, Class::PronGroup)
}

/// Dictionary triggers for the words of sentence `r` that no project trigger covers, and the
/// project's verb triggers the dictionary vetoes (indices into `trig`).
pub(super) fn dictionary_triggers(
    ctx: &Ctx<'_>,
    data: &EventData,
    r: std::ops::Range<usize>,
    trig: &[Trigger],
) -> Vec<Trigger> {
    let Some(cameo) = data.cameo.as_ref() else {
        return Vec::new();
    };
    // only this sentence's tokens: a table over the whole document per sentence would make
    // the stage quadratic in the document's length
    let mut covered = vec![false; r.len()];
    let mut mark = |a: usize, b: usize| {
        for k in a.max(r.start)..b.min(r.end) {
            covered[k - r.start] = true;
        }
    };
    for m in ctx.ment_start[r.clone()].iter().flatten() {
        mark(m.0, m.1);
    }
    for t in trig {
        mark(t.start, t.end);
    }
    let mut out = Vec::new();
    for i in r.clone() {
        // the position test reads per-token tables; the lemma test hashes the word
        if !verb_position(ctx, &covered, i, r.start) {
            continue;
        }
        let w = ctx.word(i);
        let lemmas = cameo.verbs.lemmas_of_form(w);
        if !lemmas.iter().any(|l| cameo.live_lemmas.contains(l)) {
            continue;
        }
        let before: Vec<&str> = (i.saturating_sub(BEFORE).max(r.start)..i)
            .map(|k| ctx.word(k))
            .collect();
        let after: Vec<&str> = (i + 1..(i + 1 + AFTER).min(r.end))
            .map(|k| ctx.word(k))
            .collect();
        let best = lemmas
            .iter()
            .filter_map(|l| cameo.verbs.best_match(l, &before, &after))
            .max_by_key(|m| m.weight);
        let Some(best) = best else { continue };
        let (Some(code), Some(plover)) = (best.code, best.plover) else {
            continue;
        };
        let pinned = best.pattern.is_some_and(|p| p.weight() > 0);
        match use_of(&cameo.uses, &plover.event_type) {
            Use::Off => continue,
            Use::Pattern if !pinned => continue,
            _ => {}
        }
        if let Some(&pattern) = cameo.by_code.get(code) {
            out.push(Trigger {
                start: i,
                end: i + 1,
                pattern,
            });
        }
    }
    out
}

/// The one country all of an actor's roles name, whatever their dates: a person out of
/// office on the article's date (`Moody Awori` before his term) is still of that country.
fn only_country(a: &Actor) -> Option<String> {
    let mut countries = a.roles.iter().filter_map(|r| r.country.as_deref());
    let first = countries.next()?;
    countries.all(|c| c == first).then(|| first.to_string())
}

/// Give persons and groups that the text names without a country the country of their
/// Phoenix role on the article's date: `(entity, country entity)` pairs, adding country
/// entities (without mentions) to `doc` where the text names none.
pub fn known_countries(doc: &mut Document, data: &EventData) -> HashMap<EntityIx, EntityIx> {
    let mut out = HashMap::new();
    let Some(actors) = data.cameo.as_ref().and_then(|c| c.actors.clone()) else {
        return out;
    };
    let date = doc.meta.published.and_then(|d| {
        newsgraph_cameo::Date::new(i32::from(d.year()), d.month() as u8, d.day() as u8)
    });
    let mut entities = doc.entities.take().unwrap_or_default();
    let has_country = |e: &crate::document::Entity| match e.etype {
        EntityType::Person => e.roles.iter().any(|r| r.of.is_some()),
        EntityType::Organization => e.owner.is_some(),
        _ => true,
    };
    let mut added: Vec<crate::document::Entity> = Vec::new();
    for (ix, e) in entities.iter().enumerate() {
        if has_country(e) || e.mentions.is_empty() {
            continue;
        }
        let words: Vec<&str> = e.name.split_whitespace().collect();
        let found = actors.whole_name(&words);
        let Some(code) = found
            .iter()
            .filter(|a| a.kind != newsgraph_cameo::ActorKind::Country)
            .find_map(|a| {
                a.role_at(date)
                    .and_then(|r| r.country.clone())
                    .or_else(|| only_country(a))
            })
        else {
            continue;
        };
        let existing = entities
            .iter()
            .chain(added.iter())
            .position(|c| c.etype == EntityType::Country && c.code.as_deref() == Some(&code));
        let country = match existing {
            Some(c) => c,
            None => {
                let Some(name) = data.country_names.get(&code) else {
                    continue;
                };
                added.push(crate::document::Entity {
                    name: name.clone(),
                    etype: EntityType::Country,
                    kind: None,
                    code: Some(code.clone()),
                    owner: None,
                    roles: Vec::new(),
                    mentions: Vec::new(),
                });
                entities.len() + added.len() - 1
            }
        };
        out.insert(EntityIx(ix as u32), EntityIx(country as u32));
    }
    entities.extend(added);
    doc.entities = Some(entities);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pattern_per_typed_cameo_code_copies_its_type_options() {
        let data = EventData::load(&DataDir::from_env()).expect("event data");
        let cameo = data.cameo.as_ref().expect("dictionaries");
        // 042 is a visit: CONSULT, which needs a partner like the project's CONSULT verbs
        let p = data.patterns.get(cameo.by_code["042"]);
        assert_eq!(p.event_type.as_deref(), Some("CONSULT"));
        assert_eq!(p.cameo, "04");
        assert_eq!(p.min, 2);
        assert!(p.requires.is_none() && p.relation.is_none());
        // the appended patterns are found by no word
        assert!(!data.patterns.starts("cameo"));
    }

    #[test]
    fn whole_name_lookup_agrees_with_the_automaton() {
        let data = DataDir::from_env();
        let files: Vec<(String, String)> = newsgraph_cameo::ACTOR_FILES
            .iter()
            .map(|rel| (rel.to_string(), data.read(rel).expect("actor file")))
            .collect();
        let sources: Vec<Source<'_>> = files.iter().map(|(n, t)| Source::new(n, t)).collect();
        let agents = data.read(newsgraph_cameo::AGENT_FILE).expect("agents");
        let full = ActorDictionary::parse(&sources, Source::new("agents", &agents), false)
            .expect("dictionary");
        let names = ActorNames::new(ActorDictionary::parse_actors(&sources).expect("actors"));
        let mut tried = 0;
        let mut found = 0;
        let written = [
            "Mahmoud Abbas",
            "the Taliban",
            "Taliban",
            "taliban",
            "Ban Ki-moon",
            "Ban Ki - moon",
            "Ban Ki",
            "United Nations",
            "Abbas's",
            "Abbas ’s",
            "turkey",
            "Turkey",
            "-",
            "Hamas -",
            "Barack Obama",
            "obama",
            "Angela Merkel",
            "NATO",
            "Nobody Knownname",
        ];
        // the dictionary's own names, as written and in lower case, besides those above
        let listed = full
            .actors()
            .iter()
            .step_by(97)
            .flat_map(|a| a.names.iter().map(String::as_str));
        for name in written.into_iter().chain(listed) {
            // the files write names in lower case; text capitalises them
            let capitalised: String = name
                .split(' ')
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect::<String>())
                        .unwrap_or_default()
                })
                .collect::<Vec<_>>()
                .join(" ");
            for n in [name.to_string(), name.to_lowercase(), capitalised] {
                let words: Vec<&str> = n.split_whitespace().collect();
                let expected: Vec<&Actor> = full
                    .find_actors(&words, newsgraph_cameo::CaseRule::SomeCapital)
                    .into_iter()
                    .find(|m| m.start == 0 && m.end == words.len())
                    .map(|m| m.actors)
                    .unwrap_or_default();
                let got = names.whole_name(&words);
                assert_eq!(got, expected, "{n:?}");
                tried += 1;
                found += usize::from(!got.is_empty());
            }
        }
        assert!(tried > 300 && found > 100, "{tried} names, {found} found");
    }
}
