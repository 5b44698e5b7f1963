//! robots.txt: a polite client asks each site which paths it may fetch, once per site and run,
//! and keeps to the answer (RFC 9309). Parsing is `texting_robots`'s; this module decides what
//! an unreadable robots.txt means and remembers each site's answer.

use std::collections::HashMap;

use texting_robots::Robot;

/// The product token matched against a robots.txt's `User-agent` lines.
pub const ROBOTS_AGENT: &str = "newsgraph";

/// What one site's robots.txt allows.
#[derive(Debug)]
pub enum Rules {
    /// No rules (no robots.txt, or a `4xx`): everything may be fetched (RFC 9309 §2.3.1.3).
    AllowAll,
    /// The site could not be asked (a `5xx` or no answer): nothing may be fetched until it can
    /// (RFC 9309 §2.3.1.4), so a site that is down is never crawled blind.
    DenyAll(String),
    /// The parsed file.
    Parsed(Box<Robot>),
}

impl Rules {
    /// Rules from a robots.txt body; an unparsable one is read as no rules, as crawlers do.
    pub fn parse(body: &[u8]) -> Rules {
        match Robot::new(ROBOTS_AGENT, body) {
            Ok(robot) => Rules::Parsed(Box::new(robot)),
            Err(_) => Rules::AllowAll,
        }
    }

    /// Whether `url` (absolute) may be fetched; `Err` says why not.
    pub fn check(&self, url: &str) -> Result<(), String> {
        match self {
            Rules::AllowAll => Ok(()),
            Rules::DenyAll(why) => Err(why.clone()),
            Rules::Parsed(robot) if robot.allowed(url) => Ok(()),
            Rules::Parsed(_) => Err("disallowed by robots.txt".to_string()),
        }
    }

    /// The sitemaps the file names.
    pub fn sitemaps(&self) -> &[String] {
        match self {
            Rules::Parsed(robot) => &robot.sitemaps,
            _ => &[],
        }
    }
}

/// Each site's rules, by origin (`scheme://host:port`), for one client's lifetime.
#[derive(Debug, Default)]
pub struct RobotsCache {
    sites: HashMap<String, Rules>,
}

impl RobotsCache {
    /// The rules known for `origin`.
    pub fn get(&self, origin: &str) -> Option<&Rules> {
        self.sites.get(origin)
    }

    /// Remember `origin`'s rules.
    pub fn insert(&mut self, origin: String, rules: Rules) {
        self.sites.insert(origin, rules);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_follow_the_group_for_newsgraph_or_the_star() {
        let txt =
            b"User-agent: *\nDisallow: /private/\n\nUser-agent: newsgraph\nDisallow: /drafts/\n";
        let rules = Rules::parse(txt);
        assert!(rules.check("http://a.test/news/1.html").is_ok());
        assert!(rules.check("http://a.test/drafts/1.html").is_err());
        // The named group replaces the star group.
        assert!(rules.check("http://a.test/private/x").is_ok());
        let star =
            Rules::parse(b"User-agent: *\nDisallow: /private/\nSitemap: http://a.test/s.xml\n");
        assert!(star.check("http://a.test/private/x").is_err());
        assert_eq!(star.sitemaps(), ["http://a.test/s.xml"]);
    }

    #[test]
    fn an_unreachable_site_is_not_fetched_and_a_missing_file_allows_all() {
        assert!(Rules::AllowAll.check("http://a.test/x").is_ok());
        let deny = Rules::DenyAll("robots.txt: HTTP 503".into());
        assert_eq!(
            deny.check("http://a.test/x").unwrap_err(),
            "robots.txt: HTTP 503"
        );
    }
}
