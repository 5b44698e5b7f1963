// newsgraph web UI: pan and zoom of the actor graph, and a name filter. Hand-written, no
// dependencies. The layout itself is computed on the server.
(function () {
  "use strict";
  // The actor graph, or the map page's world (the same pan and zoom).
  var svg = document.getElementById("graph");
  if (!svg) return;
  var vb = svg.viewBox.baseVal;
  var start = { x: vb.x, y: vb.y, w: vb.width, h: vb.height };
  function zoom(factor, cx, cy) {
    // Limits relative to the first view: a thirtieth of it to four times it.
    var w = Math.min(Math.max(vb.width * factor, start.w / 30), start.w * 4);
    var f = w / vb.width;
    vb.x = cx - (cx - vb.x) * f;
    vb.y = cy - (cy - vb.y) * f;
    vb.width = w;
    vb.height = vb.height * f;
  }
  function toSvg(evt) {
    var r = svg.getBoundingClientRect();
    return { x: vb.x + (evt.clientX - r.left) / r.width * vb.width,
             y: vb.y + (evt.clientY - r.top) / r.height * vb.height };
  }
  svg.addEventListener("wheel", function (evt) {
    evt.preventDefault();
    var p = toSvg(evt);
    zoom(evt.deltaY > 0 ? 1.15 : 1 / 1.15, p.x, p.y);
  }, { passive: false });
  var drag = null;
  svg.addEventListener("pointerdown", function (evt) {
    if (evt.target.closest && evt.target.closest("a")) return;
    drag = { x: evt.clientX, y: evt.clientY, vx: vb.x, vy: vb.y };
    svg.setPointerCapture(evt.pointerId);
  });
  svg.addEventListener("pointermove", function (evt) {
    if (!drag) return;
    var r = svg.getBoundingClientRect();
    vb.x = drag.vx - (evt.clientX - drag.x) / r.width * vb.width;
    vb.y = drag.vy - (evt.clientY - drag.y) / r.height * vb.height;
  });
  svg.addEventListener("pointerup", function () { drag = null; });
  function centre() { return { x: vb.x + vb.width / 2, y: vb.y + vb.height / 2 }; }
  function on(id, f) { var el = document.getElementById(id); if (el) el.addEventListener("click", f); }
  on("zoom-in", function () { var c = centre(); zoom(1 / 1.3, c.x, c.y); });
  on("zoom-out", function () { var c = centre(); zoom(1.3, c.x, c.y); });
  on("zoom-reset", function () { vb.x = start.x; vb.y = start.y; vb.width = start.w; vb.height = start.h; });
  var filter = document.getElementById("graph-filter");
  if (filter) filter.addEventListener("input", function () {
    var q = filter.value.trim().toLowerCase();
    var keep = {};
    svg.querySelectorAll(".node").forEach(function (n) {
      var hit = !q || n.getAttribute("data-name").toLowerCase().indexOf(q) >= 0;
      if (hit) keep[n.getAttribute("data-id")] = true;
      n.classList.toggle("dim", !hit);
    });
    svg.querySelectorAll(".edge").forEach(function (e) {
      var hit = !q || keep[e.getAttribute("data-a")] || keep[e.getAttribute("data-b")];
      e.classList.toggle("dim", !hit);
    });
  });
})();
