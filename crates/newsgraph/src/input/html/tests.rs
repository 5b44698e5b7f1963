use super::*;
use proptest::prelude::*;

fn bp() -> Boilerplate {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    Boilerplate::load(&DataDir::new(Some(dir))).unwrap()
}

const STORY: &str = r#"<!DOCTYPE html>
<html><head>
<title>Ministers meet in Oslo | The Harbour Times</title>
<meta property="og:title" content="Ministers meet in Oslo &amp; agree on fish quotas">
<meta property="og:site_name" content="The Harbour Times">
<meta property="og:url" content="https://harbour.example/oslo-fish">
<meta property="article:published_time" content="2023-11-08T21:30:00-05:00">
<script>var x = "<p>not text</p>";</script>
<style>p { color: red }</style>
</head>
<body>
<header><a href="/">Home</a> <a href="/world">World</a></header>
<nav><ul><li>Politics</li><li>Sport</li></ul></nav>
<main>
<article>
  <h1>Ministers meet in Oslo</h1>
  <div class="byline">By Ola Nordmann</div>
  <figure><img src="a.jpg"><figcaption>The harbour at dawn. Photo: A. Person/Agency</figcaption></figure>
  <p>OSLO, Norway &mdash; Fisheries ministers from three countries met on Wednesday
 to agree on   quotas.</p>
  <p>Advertisement</p>
  <p>&ldquo;We have a deal,&rdquo; said the Norwegian minister, Kari Hansen.<br>She smiled.</p>
  <div class="share-tools"><p>Share this article on social media</p></div>
  <p>Sign up for our daily newsletter</p>
  <p>Talks will resume in March.</p>
  <p>We use cookies to improve your experience.</p>
  <p>Please read our comment policy before posting.</p>
  <p>Read more: Oslo port expands</p>
  <form action="/subscribe"><input type="email"><button>Subscribe</button></form>
</article>
<aside><p>Most read: a very long sidebar story that has nothing to do with fish at all and that goes on and on.</p></aside>
</main>
<section id="comments"><p>Comments are closed. Please read our comment policy.</p>
<p>User123: I disagree with all of this and I will keep writing to make this long enough.</p></section>
<footer><p>&copy; 2023 The Harbour Times. All rights reserved.</p></footer>
</body></html>"#;

#[test]
fn parse_extracts_article_paragraphs() {
    let page = parse_with(STORY, &bp());
    assert_eq!(
        page.text,
        "By Ola Nordmann\n\
         OSLO, Norway — Fisheries ministers from three countries met on Wednesday to agree on quotas.\n\
         “We have a deal,” said the Norwegian minister, Kari Hansen.\n\
         She smiled.\n\
         Talks will resume in March."
    );
}

#[test]
fn parse_reads_meta_tags() {
    let page = parse_with(STORY, &bp());
    assert_eq!(
        page.meta.title.as_deref(),
        Some("Ministers meet in Oslo & agree on fish quotas")
    );
    assert_eq!(page.meta.source.as_deref(), Some("The Harbour Times"));
    assert_eq!(
        page.meta.url.as_deref(),
        Some("https://harbour.example/oslo-fish")
    );
    // The date as written, not converted to UTC.
    assert_eq!(page.meta.published, Some(jiff::civil::date(2023, 11, 8)));
}

#[test]
fn parse_title_falls_back_to_h1_then_title_tag() {
    let page = parse_with(
        "<html><head><title>Rain in Lima | Andes Post</title>\
         <meta property='og:site_name' content='Andes Post'></head>\
         <body><p>It rained in Lima on Monday.</p></body></html>",
        &bp(),
    );
    assert_eq!(page.meta.title.as_deref(), Some("Rain in Lima"));
    let page = parse_with(
        "<title>T</title><body><h1> Big  news </h1><p>Text here.</p></body>",
        &bp(),
    );
    assert_eq!(page.meta.title.as_deref(), Some("Big news"));
}

#[test]
fn parse_date_from_time_in_article_and_json_ld() {
    let page = parse_with(
        "<body><article><time datetime='2022-01-31'>Jan 31</time><p>Body text.</p></article></body>",
        &bp(),
    );
    assert_eq!(page.meta.published, Some(jiff::civil::date(2022, 1, 31)));
    let page = parse_with(
        r#"<head><script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2021-06-02T08:00:00Z"}]}</script></head><body><p>Body.</p></body>"#,
        &bp(),
    );
    assert_eq!(page.meta.published, Some(jiff::civil::date(2021, 6, 2)));
    let page = parse_with(
        "<head><meta name='DC.date.issued' content='2020-05-06'><link rel='canonical' href='https://c.example/x'></head><body><p>B.</p></body>",
        &bp(),
    );
    assert_eq!(page.meta.published, Some(jiff::civil::date(2020, 5, 6)));
    assert_eq!(page.meta.url.as_deref(), Some("https://c.example/x"));
}

#[test]
fn parse_prefers_container_with_most_paragraph_text() {
    let html = "<body><div class='teaser'><p>Short teaser.</p></div>\
                <div id='story'><p>First real paragraph of the story, long enough.</p>\
                <p>Second real paragraph of the story, also long.</p></div></body>";
    let page = parse_with(html, &bp());
    assert_eq!(
        page.text,
        "First real paragraph of the story, long enough.\nSecond real paragraph of the story, also long."
    );
}

#[test]
fn parse_itemprop_article_body() {
    let html = "<body><div><p>Menu junk that is long long long long long long long.</p></div>\
                <div itemprop='articleBody'><p>The story itself is here, and it is the longest text.</p></div></body>";
    assert_eq!(
        parse_with(html, &bp()).text,
        "The story itself is here, and it is the longest text."
    );
}

#[test]
fn parse_page_wrapped_in_form_keeps_text() {
    let html = "<body><form id='aspnetForm'><div><p>Story text in a form.</p></div></form></body>";
    assert_eq!(parse_with(html, &bp()).text, "Story text in a form.");
}

#[test]
fn parse_class_fallback_when_wrapper_looks_like_boilerplate() {
    let html = "<body><div class='layout-sidebar'><p>Only story.</p></div></body>";
    assert_eq!(parse_with(html, &bp()).text, "Only story.");
}

#[test]
fn parse_deep_nesting_is_fast_and_keeps_text() {
    let html = format!("<body>{}<p>Deep text.</p></body>", "<div>".repeat(200_000));
    let t = std::time::Instant::now();
    let page = parse_with(&html, &bp());
    assert!(t.elapsed().as_secs() < 10, "took {:?}", t.elapsed());
    assert_eq!(page.text, "Deep text.");
}

#[test]
fn limit_depth_drops_only_deep_tags() {
    let html = "<div><div><div>x</div></div></div><p>y";
    assert_eq!(limit_depth(html, 5), html);
    assert_eq!(limit_depth(html, 1), "<div>x</div><p>y");
    // Raw text and comments are not counted.
    let html = "<script><div><div></script><!-- <div><div> --><b>z</b>";
    assert_eq!(limit_depth(html, 1), html);
}

#[test]
fn boilerplate_only_short_paragraphs() {
    let bp = bp();
    assert!(bp.is_boilerplate("ADVERTISEMENT"));
    assert!(bp.is_boilerplate("Read more: Talks collapse"));
    assert!(bp.is_boilerplate("Sign up for our newsletter!"));
    assert!(!bp.is_boilerplate("The minister said the talks would go on."));
    let long = format!("We use cookies {}", "and more words ".repeat(20));
    assert!(!bp.is_boilerplate(&long));
}

proptest! {
    #[test]
    fn parse_never_panics(s in "\\PC{0,300}") {
        let _ = parse(&s);
    }

    #[test]
    fn parse_never_panics_on_tag_soup(s in "(<(/)?(div|p|b|article|main|script|table|td|a)( class=\"share\")?>|[a-z ]{0,8}|&amp;|<!--|-->){0,60}") {
        let page = parse(&s);
        prop_assert!(!page.text.contains("\n\n"));
        let _ = limit_depth(&s, 3);
    }
}
