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

impl Gazetteer {
    /// Load and compile every gazetteer list from `data`.
    pub fn load(data: &DataDir) -> Result<Gazetteer> {
        let mut parts = Parts::default();
        let bad = |file: &str, row: &TsvRow, msg: String| {
            Error::resource(data.path_of(file), row.line, msg)
        };

        for row in data.tsv(COUNTRIES_FILE)? {
            let code = row.get(0);
            if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(bad(
                    COUNTRIES_FILE,
                    &row,
                    format!("bad alpha-3 code {code:?}"),
                ));
            }
            parts.countries.push(Country {
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
        let codes: HashSet<String> = parts.countries.iter().map(|c| c.code.clone()).collect();
        let check_code = |file: &str, row: &TsvRow, code: &str| -> Result<Option<String>> {
            if code.is_empty() {
                Ok(None)
            } else if codes.contains(code) {
                Ok(Some(code.to_string()))
            } else {
                Err(bad(file, row, format!("unknown country code {code:?}")))
            }
        };

        for row in data.tsv(ORGANIZATIONS_FILE)? {
            let kind = OrgKind::from_name(row.get(1)).ok_or_else(|| {
                bad(
                    ORGANIZATIONS_FILE,
                    &row,
                    format!("unknown kind {:?}", row.get(1)),
                )
            })?;
            let org = Org {
                canonical: row.get(0).to_string(),
                kind,
                country: check_code(ORGANIZATIONS_FILE, &row, row.get(2))?,
            };
            let names = [owned(row.list(3)), owned(row.list(4)), owned(row.list(5))];
            parts.orgs.push((org, names));
        }

        for row in data.tsv(LOCATIONS_FILE)? {
            let place = Place {
                canonical: row.get(0).to_string(),
                country: check_code(LOCATIONS_FILE, &row, row.get(1))?,
            };
            parts.places.push((place, owned(row.list(3))));
        }

        for row in data.tsv(TITLES_FILE)? {
            let rule = match row.get(2) {
                "any" => CaseRule::Any,
                "cap" => CaseRule::Cap,
                "name" => CaseRule::Name,
                other => {
                    return Err(bad(
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
            parts.titles.push((info, rule, owned(row.list(3))));
        }

        for row in data.tsv(TITLE_PREFIXES_FILE)? {
            let keep = match row.get(1) {
                "yes" => true,
                "no" => false,
                other => {
                    return Err(bad(
                        TITLE_PREFIXES_FILE,
                        &row,
                        format!("keep must be yes or no, not {other:?}"),
                    ))
                }
            };
            parts.title_prefixes.insert(row.get(0).to_lowercase(), keep);
        }

        for row in data.tsv(BODIES_FILE)? {
            let kind = OrgKind::from_name(row.get(1))
                .ok_or_else(|| bad(BODIES_FILE, &row, format!("unknown kind {:?}", row.get(1))))?;
            parts
                .bodies
                .push((row.get(0).to_string(), kind, owned(row.list(2))));
        }

        for row in data.tsv(METONYM_CUES_FILE)? {
            let words = row.list(1);
            let c = &mut parts.cues;
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
                        METONYM_CUES_FILE,
                        &row,
                        format!("unknown cue kind {other:?}"),
                    ))
                }
            };
            set.extend(words.iter().map(|w| w.to_lowercase()));
        }

        for row in data.tsv(AMBIGUOUS_FILE)? {
            match row.get(0) {
                "person" => parts.person_risky.extend(owned(row.list(1))),
                "alt" => {
                    check_code(AMBIGUOUS_FILE, &row, row.get(3))?;
                    parts.alts.push((
                        row.get(1).to_string(),
                        row.get(2).to_string(),
                        row.get(3).to_string(),
                        owned(row.list(4)),
                    ));
                }
                other => return Err(bad(AMBIGUOUS_FILE, &row, format!("unknown kind {other:?}"))),
            }
        }

        Gazetteer::from_parts(parts)
    }

    pub(super) fn from_parts(p: Parts) -> Result<Gazetteer> {
        let mut group_of: HashMap<String, u32> = HashMap::new();
        let mut groups: Vec<Vec<Entry>> = Vec::new();
        let mut group_surface: Vec<String> = Vec::new();
        let mut add = |surface: &str, entry: Entry| {
            let surface = surface.strip_prefix("the ").unwrap_or(surface);
            if surface.is_empty() {
                return;
            }
            let g = *group_of.entry(surface.to_string()).or_insert_with(|| {
                groups.push(Vec::new());
                group_surface.push(surface.to_string());
                (groups.len() - 1) as u32
            });
            groups[g as usize].push(entry);
        };

        let mut by_code = HashMap::new();
        let mut country_surfaces = HashMap::new();
        for (i, c) in p.countries.iter().enumerate() {
            let ci = i as u16;
            by_code.insert(c.code.clone(), ci);
            let names = std::iter::once(&c.name).chain(&c.official).chain(&c.other);
            for n in names {
                add(
                    n,
                    Entry::Country {
                        country: ci,
                        form: MentionForm::Name,
                    },
                );
                country_surfaces.entry(n.clone()).or_insert(ci);
            }
            for a in &c.abbreviations {
                add(
                    a,
                    Entry::Country {
                        country: ci,
                        form: MentionForm::Abbreviation,
                    },
                );
                country_surfaces.entry(a.clone()).or_insert(ci);
            }
            for d in &c.demonyms {
                add(
                    d,
                    Entry::Country {
                        country: ci,
                        form: MentionForm::Demonym,
                    },
                );
                country_surfaces.entry(d.clone()).or_insert(ci);
            }
        }
        let mut places: Vec<Place> = Vec::new();
        for (i, c) in p.countries.iter().enumerate() {
            let ci = i as u16;
            if let Some(first) = c.capitals.first() {
                let canonical = places.len() as u32;
                places.push(Place {
                    canonical: first.clone(),
                    country: Some(c.code.clone()),
                });
                for cap in &c.capitals {
                    add(
                        cap,
                        Entry::Capital {
                            country: ci,
                            canonical,
                        },
                    );
                }
            }
            for s in &c.seats {
                add(s, Entry::Seat { country: ci });
            }
        }
        let mut orgs = Vec::new();
        for (org, [abbrevs, other, metonyms]) in p.orgs {
            let oi = orgs.len() as u32;
            add(
                &org.canonical,
                Entry::Org {
                    org: oi,
                    form: MentionForm::Name,
                },
            );
            for a in &abbrevs {
                add(
                    a,
                    Entry::Org {
                        org: oi,
                        form: MentionForm::Abbreviation,
                    },
                );
            }
            for o in &other {
                add(
                    o,
                    Entry::Org {
                        org: oi,
                        form: MentionForm::Name,
                    },
                );
            }
            for m in &metonyms {
                add(m, Entry::OrgMetonym { org: oi });
            }
            orgs.push(org);
        }
        let mut place_by_name = HashMap::new();
        for (place, vars) in p.places {
            let li = places.len() as u32;
            place_by_name.insert(place.canonical.clone(), li);
            add(&place.canonical, Entry::Location { loc: li });
            for v in &vars {
                add(v, Entry::Location { loc: li });
            }
            places.push(place);
        }
        let mut alts = HashMap::new();
        for (surface, canonical, code, cues) in p.alts {
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

        // Name automata: each surface (and its curly-apostrophe twin) is one pattern.
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
        let build = |pats: &[String], ci: bool, kind: MatchKind| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(ci)
                .match_kind(kind)
                .start_kind(StartKind::Both)
                .build(pats)
                .map_err(|e| {
                    Error::resource("<gazetteer>", 0, format!("cannot build automaton: {e}"))
                })
        };
        let names = build(&pats, false, MatchKind::Standard)?;
        let names_upper = build(&upats, false, MatchKind::Standard)?;

        let mut tpats = Vec::new();
        let mut title_entries = Vec::new();
        let mut title_infos = Vec::new();
        let mut title_by_canonical = HashMap::new();
        for (info, rule, vars) in p.titles {
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

        let mut bpats = Vec::new();
        let mut body_entries = Vec::new();
        for (canonical, kind, vars) in p.bodies {
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

        Ok(Gazetteer {
            countries: p.countries,
            by_code,
            orgs,
            places,
            groups,
            group_surface,
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
            group_of,
        })
    }
}
