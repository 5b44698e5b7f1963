//! Loading: reading `data/gazetteer/` and compiling its lists into automata.

use super::*;

/// The parsed lists before they are compiled into automata.
#[derive(Default)]
pub(super) struct Parts {
    pub(super) countries: Vec<Country>,
    /// An organisation with its abbreviations, other names and metonyms.
    pub(super) orgs: Vec<(Org, [Vec<String>; 3])>,
    pub(super) places: Vec<(Place, Vec<String>)>,
    pub(super) titles: Vec<(TitleInfo, CaseRule, Vec<String>)>,
    pub(super) title_prefixes: HashMap<String, bool>,
    pub(super) bodies: Vec<(String, OrgKind, Vec<String>)>,
    pub(super) cues: Cues,
    pub(super) person_risky: HashSet<String>,
    pub(super) alts: Vec<(String, String, String, Vec<String>)>,
}

pub(super) fn owned(list: Vec<&str>) -> Vec<String> {
    list.into_iter().map(str::to_string).collect()
}

/// The surface and, when it has a straight apostrophe, its curly twin (`People’s`).
pub(super) fn variants(surface: &str) -> impl Iterator<Item = String> {
    let curly = surface
        .contains('\'')
        .then(|| surface.replace('\'', "\u{2019}"));
    std::iter::once(surface.to_string()).chain(curly)
}

/// An error at `row` of the data file `file`.
fn bad(data: &DataDir, file: &str, row: &TsvRow, msg: String) -> Error {
    Error::resource(data.path_of(file), row.line, msg)
}

/// A country code column: empty is no country, anything else must be a code of
/// `countries.tsv` (a typo would otherwise silently detach an organisation or place).
fn check_code(
    data: &DataDir,
    codes: &HashSet<String>,
    file: &str,
    row: &TsvRow,
    code: &str,
) -> Result<Option<String>> {
    if code.is_empty() {
        Ok(None)
    } else if codes.contains(code) {
        Ok(Some(code.to_string()))
    } else {
        Err(bad(
            data,
            file,
            row,
            format!("unknown country code {code:?}"),
        ))
    }
}

impl Gazetteer {
    /// Load and compile every gazetteer list from `data`.
    pub fn load(data: &DataDir) -> Result<Gazetteer> {
        // Countries come first: the other lists name their country by its code.
        let countries = read_countries(data)?;
        let codes: HashSet<String> = countries.iter().map(|c| c.code.clone()).collect();
        let orgs = read_orgs(data, &codes)?;
        let places = read_places(data, &codes)?;
        let titles = read_titles(data)?;
        let title_prefixes = read_title_prefixes(data)?;
        let bodies = read_bodies(data)?;
        let cues = read_cues(data)?;
        let (person_risky, alts) = read_ambiguous(data, &codes)?;
        Gazetteer::from_parts(Parts {
            countries,
            orgs,
            places,
            titles,
            title_prefixes,
            bodies,
            cues,
            person_risky,
            alts,
        })
    }

    /// Compile the parsed lists: every surface becomes a group of readings, and the groups,
    /// titles and bodies become automata.
    pub(super) fn from_parts(p: Parts) -> Result<Gazetteer> {
        // Group numbers follow the order surfaces are first added, so the order of these passes
        // decides which reading of a shared surface comes first.
        let mut groups = Groups::default();
        let (by_code, country_surfaces) = groups.add_countries(&p.countries);
        let mut places = groups.add_capitals(&p.countries);
        let orgs = groups.add_orgs(p.orgs);
        let place_by_name = groups.add_places(p.places, &mut places);
        let alts = resolve_alts(p.alts, &place_by_name, &mut places);
        let (names, name_group, names_upper, upper_group) = name_automata(&groups.surface)?;
        let (titles, title_entries, title_infos, title_by_canonical) = title_automaton(p.titles)?;
        let (bodies, body_entries) = body_automaton(p.bodies)?;

        Ok(Gazetteer {
            countries: p.countries,
            by_code,
            orgs,
            places,
            groups: groups.entries,
            group_surface: groups.surface,
            names,
            name_group,
            names_upper,
            upper_group,
            titles,
            title_entries,
            title_infos,
            title_by_canonical,
            title_prefixes: p.title_prefixes,
            bodies,
            body_entries,
            cues: p.cues,
            person_risky: p.person_risky,
            alts,
            country_surfaces,
            group_of: groups.group_of,
        })
    }
}

/// `countries.tsv`: one country a row, with its alpha-3 code checked.
fn read_countries(data: &DataDir) -> Result<Vec<Country>> {
    let mut countries = Vec::new();
    for row in data.tsv(COUNTRIES_FILE)? {
        let code = row.get(0);
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(bad(
                data,
                COUNTRIES_FILE,
                &row,
                format!("bad alpha-3 code {code:?}"),
            ));
        }
        countries.push(Country {
            code: code.to_string(),
            name: row.get(1).to_string(),
            official: owned(row.list(2)),
            other: owned(row.list(3)),
            abbreviations: owned(row.list(4)),
            demonyms: owned(row.list(5)),
            capitals: owned(row.list(6)),
            seats: owned(row.list(7)),
        });
    }
    Ok(countries)
}

/// `organizations.tsv`: each organisation with its abbreviations, other names and metonyms.
fn read_orgs(data: &DataDir, codes: &HashSet<String>) -> Result<Vec<(Org, [Vec<String>; 3])>> {
    let mut orgs = Vec::new();
    for row in data.tsv(ORGANIZATIONS_FILE)? {
        let kind = OrgKind::from_name(row.get(1)).ok_or_else(|| {
            bad(
                data,
                ORGANIZATIONS_FILE,
                &row,
                format!("unknown kind {:?}", row.get(1)),
            )
        })?;
        let org = Org {
            canonical: row.get(0).to_string(),
            kind,
            country: check_code(data, codes, ORGANIZATIONS_FILE, &row, row.get(2))?,
        };
        let names = [owned(row.list(3)), owned(row.list(4)), owned(row.list(5))];
        orgs.push((org, names));
    }
    Ok(orgs)
}

/// `locations.tsv`: places that are not capitals, with their variants.
fn read_places(data: &DataDir, codes: &HashSet<String>) -> Result<Vec<(Place, Vec<String>)>> {
    let mut places = Vec::new();
    for row in data.tsv(LOCATIONS_FILE)? {
        let place = Place {
            canonical: row.get(0).to_string(),
            country: check_code(data, codes, LOCATIONS_FILE, &row, row.get(1))?,
        };
        places.push((place, owned(row.list(3))));
    }
    Ok(places)
}

/// `titles.tsv`: each title with its class, case rule and variants.
fn read_titles(data: &DataDir) -> Result<Vec<(TitleInfo, CaseRule, Vec<String>)>> {
    let mut titles = Vec::new();
    for row in data.tsv(TITLES_FILE)? {
        let rule = match row.get(2) {
            "any" => CaseRule::Any,
            "cap" => CaseRule::Cap,
            "name" => CaseRule::Name,
            other => {
                return Err(bad(
                    data,
                    TITLES_FILE,
                    &row,
                    format!("unknown case rule {other:?}"),
                ))
            }
        };
        let info = TitleInfo {
            canonical: row.get(0).to_string(),
            class: row.get(1).to_string(),
        };
        titles.push((info, rule, owned(row.list(3))));
    }
    Ok(titles)
}

/// `title_prefixes.tsv`: lower-cased prefix to whether it stays in the canonical title.
fn read_title_prefixes(data: &DataDir) -> Result<HashMap<String, bool>> {
    let mut prefixes = HashMap::new();
    for row in data.tsv(TITLE_PREFIXES_FILE)? {
        let keep = match row.get(1) {
            "yes" => true,
            "no" => false,
            other => {
                return Err(bad(
                    data,
                    TITLE_PREFIXES_FILE,
                    &row,
                    format!("keep must be yes or no, not {other:?}"),
                ))
            }
        };
        prefixes.insert(row.get(0).to_lowercase(), keep);
    }
    Ok(prefixes)
}

/// `bodies.tsv`: government bodies with kind and variants.
fn read_bodies(data: &DataDir) -> Result<Vec<(String, OrgKind, Vec<String>)>> {
    let mut bodies = Vec::new();
    for row in data.tsv(BODIES_FILE)? {
        let kind = OrgKind::from_name(row.get(1)).ok_or_else(|| {
            bad(
                data,
                BODIES_FILE,
                &row,
                format!("unknown kind {:?}", row.get(1)),
            )
        })?;
        bodies.push((row.get(0).to_string(), kind, owned(row.list(2))));
    }
    Ok(bodies)
}

/// `metonym_cues.tsv`: each row adds words to one cue set. Cue words are lower-cased (they are
/// compared with lower-cased text); place suffixes keep their case.
fn read_cues(data: &DataDir) -> Result<Cues> {
    let mut c = Cues::default();
    for row in data.tsv(METONYM_CUES_FILE)? {
        let words = row.list(1);
        let set = match row.get(0) {
            "gov_after" => &mut c.gov_after,
            "aux_after" => &mut c.aux_after,
            "place_after_aux" => &mut c.place_after_aux,
            "skip_after_aux" => &mut c.skip_after_aux,
            "gov_before" => &mut c.gov_before,
            "place_before" => &mut c.place_before,
            "place_after" => &mut c.place_after,
            "place_owned" => &mut c.place_owned,
            "motion_before_to" => &mut c.motion_before_to,
            "place_suffix" => {
                c.place_suffix.extend(words.iter().map(|w| w.to_string()));
                continue;
            }
            other => {
                return Err(bad(
                    data,
                    METONYM_CUES_FILE,
                    &row,
                    format!("unknown cue kind {other:?}"),
                ))
            }
        };
        set.extend(words.iter().map(|w| w.to_lowercase()));
    }
    Ok(c)
}

/// The parsed `alt` rows of `ambiguous.tsv`: surface, canonical place, country code, cues.
type Alts = Vec<(String, String, String, Vec<String>)>;

/// `ambiguous.tsv`: names that are risky as persons, and names with an alternative place
/// reading (`alt`).
fn read_ambiguous(data: &DataDir, codes: &HashSet<String>) -> Result<(HashSet<String>, Alts)> {
    let mut person_risky = HashSet::new();
    let mut alts = Vec::new();
    for row in data.tsv(AMBIGUOUS_FILE)? {
        match row.get(0) {
            "person" => person_risky.extend(owned(row.list(1))),
            "alt" => {
                check_code(data, codes, AMBIGUOUS_FILE, &row, row.get(3))?;
                alts.push((
                    row.get(1).to_string(),
                    row.get(2).to_string(),
                    row.get(3).to_string(),
                    owned(row.list(4)),
                ));
            }
            other => {
                return Err(bad(
                    data,
                    AMBIGUOUS_FILE,
                    &row,
                    format!("unknown kind {other:?}"),
                ))
            }
        }
    }
    Ok((person_risky, alts))
}

/// Surfaces and their readings: every surface (less a leading `the `) is one group, and each
/// group lists every entry that surface may stand for.
#[derive(Default)]
struct Groups {
    group_of: HashMap<String, u32>,
    entries: Vec<Vec<Entry>>,
    surface: Vec<String>,
}

impl Groups {
    fn add(&mut self, surface: &str, entry: Entry) {
        let surface = surface.strip_prefix("the ").unwrap_or(surface);
        if surface.is_empty() {
            return;
        }
        let (entries, group_surface) = (&mut self.entries, &mut self.surface);
        let g = *self.group_of.entry(surface.to_string()).or_insert_with(|| {
            entries.push(Vec::new());
            group_surface.push(surface.to_string());
            (entries.len() - 1) as u32
        });
        self.entries[g as usize].push(entry);
    }

    /// Country names, abbreviations and demonyms. Returns the index of each code and of each
    /// such surface (the first country to claim a surface keeps it).
    fn add_countries(
        &mut self,
        countries: &[Country],
    ) -> (HashMap<String, u16>, HashMap<String, u16>) {
        let mut by_code = HashMap::new();
        let mut country_surfaces = HashMap::new();
        for (i, c) in countries.iter().enumerate() {
            let ci = i as u16;
            by_code.insert(c.code.clone(), ci);
            let names = std::iter::once(&c.name).chain(&c.official).chain(&c.other);
            let forms = names
                .map(|n| (n, MentionForm::Name))
                .chain(
                    c.abbreviations
                        .iter()
                        .map(|a| (a, MentionForm::Abbreviation)),
                )
                .chain(c.demonyms.iter().map(|d| (d, MentionForm::Demonym)));
            for (surface, form) in forms {
                self.add(surface, Entry::Country { country: ci, form });
                country_surfaces.entry(surface.clone()).or_insert(ci);
            }
        }
        (by_code, country_surfaces)
    }

    /// Capitals (one place per country, named by its first capital) and seats. Returns the
    /// places made, to which the other places are appended.
    fn add_capitals(&mut self, countries: &[Country]) -> Vec<Place> {
        let mut places: Vec<Place> = Vec::new();
        for (i, c) in countries.iter().enumerate() {
            let ci = i as u16;
            if let Some(first) = c.capitals.first() {
                let canonical = places.len() as u32;
                places.push(Place {
                    canonical: first.clone(),
                    country: Some(c.code.clone()),
                });
                for cap in &c.capitals {
                    self.add(
                        cap,
                        Entry::Capital {
                            country: ci,
                            canonical,
                        },
                    );
                }
            }
            for s in &c.seats {
                self.add(s, Entry::Seat { country: ci });
            }
        }
        places
    }

    /// Organisations by canonical name, abbreviations, other names and metonyms.
    fn add_orgs(&mut self, parsed: Vec<(Org, [Vec<String>; 3])>) -> Vec<Org> {
        let mut orgs = Vec::new();
        for (org, [abbrevs, other, metonyms]) in parsed {
            let oi = orgs.len() as u32;
            let name = Entry::Org {
                org: oi,
                form: MentionForm::Name,
            };
            self.add(&org.canonical, name.clone());
            for a in &abbrevs {
                self.add(
                    a,
                    Entry::Org {
                        org: oi,
                        form: MentionForm::Abbreviation,
                    },
                );
            }
            for o in &other {
                self.add(o, name.clone());
            }
            for m in &metonyms {
                self.add(m, Entry::OrgMetonym { org: oi });
            }
            orgs.push(org);
        }
        orgs
    }

    /// Other places, appended to `places`. Returns each place's index by canonical name.
    fn add_places(
        &mut self,
        parsed: Vec<(Place, Vec<String>)>,
        places: &mut Vec<Place>,
    ) -> HashMap<String, u32> {
        let mut place_by_name = HashMap::new();
        for (place, vars) in parsed {
            let li = places.len() as u32;
            place_by_name.insert(place.canonical.clone(), li);
            self.add(&place.canonical, Entry::Location { loc: li });
            for v in &vars {
                self.add(v, Entry::Location { loc: li });
            }
            places.push(place);
        }
        place_by_name
    }
}

/// The alternative place readings by surface. An alternative names a known place or, when the
/// place is not listed, adds one.
fn resolve_alts(
    parsed: Alts,
    place_by_name: &HashMap<String, u32>,
    places: &mut Vec<Place>,
) -> HashMap<String, Alt> {
    let mut alts = HashMap::new();
    for (surface, canonical, code, cues) in parsed {
        let loc = match place_by_name.get(&canonical) {
            Some(&l) => l,
            None => {
                places.push(Place {
                    canonical: canonical.clone(),
                    country: Some(code),
                });
                (places.len() - 1) as u32
            }
        };
        alts.insert(surface, Alt { loc, cues });
    }
    alts
}

/// Build one automaton; every automaton reports overlapping matches from any start.
fn build(pats: &[String], ci: bool, kind: MatchKind) -> Result<AhoCorasick> {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(ci)
        .match_kind(kind)
        .start_kind(StartKind::Both)
        .build(pats)
        .map_err(|e| Error::resource("<gazetteer>", 0, format!("cannot build automaton: {e}")))
}

/// The name automata: each surface (and its curly-apostrophe twin) is one pattern of the
/// case-sensitive automaton; the upper-cased patterns (once each) make the all-caps one.
/// Returns each automaton with the group of each of its patterns.
fn name_automata(
    group_surface: &[String],
) -> Result<(AhoCorasick, Vec<u32>, AhoCorasick, Vec<u32>)> {
    let mut pats = Vec::new();
    let mut name_group = Vec::new();
    let mut upats = Vec::new();
    let mut upper_group = Vec::new();
    let mut seen_upper = HashSet::new();
    for (g, s) in group_surface.iter().enumerate() {
        for v in variants(s) {
            let up = v.to_uppercase();
            if seen_upper.insert(up.clone()) {
                upats.push(up);
                upper_group.push(g as u32);
            }
            pats.push(v);
            name_group.push(g as u32);
        }
    }
    let names = build(&pats, false, MatchKind::Standard)?;
    let names_upper = build(&upats, false, MatchKind::Standard)?;
    Ok((names, name_group, names_upper, upper_group))
}

/// The case-insensitive title automaton (case rules are checked per match), its pattern
/// entries, the title infos and their index by canonical form.
type Titles = (
    AhoCorasick,
    Vec<TitleEntry>,
    Vec<TitleInfo>,
    HashMap<String, u32>,
);

fn title_automaton(parsed: Vec<(TitleInfo, CaseRule, Vec<String>)>) -> Result<Titles> {
    let mut tpats = Vec::new();
    let mut title_entries = Vec::new();
    let mut title_infos = Vec::new();
    let mut title_by_canonical = HashMap::new();
    for (info, rule, vars) in parsed {
        let ti = title_infos.len() as u32;
        title_by_canonical.insert(info.canonical.clone(), ti);
        for v in std::iter::once(&info.canonical).chain(&vars) {
            for vv in variants(v) {
                tpats.push(vv);
                title_entries.push(TitleEntry { info: ti, rule });
            }
        }
        title_infos.push(info);
    }
    let titles = build(&tpats, true, MatchKind::Standard)?;
    Ok((titles, title_entries, title_infos, title_by_canonical))
}

/// The case-insensitive, leftmost-longest body automaton and the body of each pattern.
fn body_automaton(parsed: Vec<(String, OrgKind, Vec<String>)>) -> Result<(AhoCorasick, Vec<Body>)> {
    let mut bpats = Vec::new();
    let mut body_entries = Vec::new();
    for (canonical, kind, vars) in parsed {
        for v in vars {
            for vv in variants(&v) {
                body_entries.push(Body {
                    canonical: canonical.clone(),
                    kind,
                    words: vv.split_whitespace().count(),
                });
                bpats.push(vv);
            }
        }
    }
    let bodies = build(&bpats, true, MatchKind::LeftmostLongest)?;
    Ok((bodies, body_entries))
}
