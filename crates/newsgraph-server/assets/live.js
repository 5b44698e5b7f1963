// newsgraph live page: asks /api/alerts for items fired after the newest one shown and puts
// them on top. Hand-written, no dependencies; the page works (reloaded) without it.
(function () {
  "use strict";
  var list = document.getElementById("live");
  if (!list) return;
  var after = Number(list.getAttribute("data-after")) || 0;
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function link(href, text) {
    var a = el("a", null, text);
    a.href = href;
    return a;
  }
  function render(i) {
    var li = el("li");
    li.setAttribute("data-seq", i.seq);
    li.appendChild(el("span", "tag", i.kind));
    li.appendChild(document.createTextNode(" "));
    li.appendChild(el("strong", null, i.summary));
    if (i.sentence) li.appendChild(el("blockquote", null, i.sentence));
    var meta = el("span", "muted", i.fired_at + " · alert ");
    meta.appendChild(el("code", null, i.alert));
    if (i.outlet) meta.appendChild(document.createTextNode(" · " + i.outlet));
    if (i.source_url) {
      meta.appendChild(document.createTextNode(" · "));
      var a = link(i.source_url, "source");
      a.rel = "noopener noreferrer";
      meta.appendChild(a);
    }
    if (i.evidence_href) {
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(link(i.evidence_href, "evidence"));
    }
    li.appendChild(meta);
    return li;
  }
  function poll() {
    fetch("/api/alerts?after=" + after, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (body) {
        var items = body.items || [];
        // Oldest first, each put on top, so the newest ends up first.
        for (var k = items.length - 1; k >= 0; k--) {
          list.insertBefore(render(items[k]), list.firstChild);
          after = Math.max(after, items[k].seq);
        }
        var empty = document.getElementById("live-empty");
        if (items.length && empty) empty.remove();
      })
      .catch(function () {})
      .then(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 3000);
})();
