// brightspot serve's live-reload client: reloads on a good build; on a failed one shows each
// problem in an opaque panel above the page (built with DOM calls, styled by overlay.css, both
// within the site's CSP). The next good save reloads the page, which clears it.
(function () {
  "use strict";
  var overlay = null;
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }
  function stylesheet() {
    if (document.getElementById("brightspot-overlay-css")) { return; }
    var link = el("link");
    link.id = "brightspot-overlay-css";
    link.rel = "stylesheet";
    link.href = "/__brightspot/overlay.css";
    document.head.appendChild(link);
  }
  function parse(data) {
    try { return JSON.parse(data); } catch (e) {
      return { summary: "problems in the last save", problems: [{ severity: "error", message: data, text: "" }] };
    }
  }
  function show(data) {
    var report = parse(data);
    stylesheet();
    hide();
    overlay = el("div", "bs-overlay");
    overlay.id = "brightspot-error-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-labelledby", "bs-overlay-title");
    overlay.setAttribute("aria-describedby", "bs-overlay-lede");
    var panel = el("div", "bs-panel");
    var title = el("h2", "bs-title", "brightspot found " + report.summary);
    title.id = "bs-overlay-title";
    title.tabIndex = -1;
    var lede = el("p", "bs-lede", "The page behind this panel is the last good build. Fix each problem below and save: this page updates by itself.");
    lede.id = "bs-overlay-lede";
    panel.appendChild(title);
    panel.appendChild(lede);
    var list = el("ol", "bs-problems");
    report.problems.forEach(function (p) {
      var item = el("li", "bs-problem bs-" + p.severity);
      var where = el("p", "bs-where");
      where.appendChild(el("span", "bs-badge", p.severity === "note" ? "Note" : p.severity === "warning" ? "Warning" : "Error"));
      if (p.location) { where.appendChild(el("code", "bs-location", p.location)); }
      item.appendChild(where);
      item.appendChild(el("p", "bs-message", p.message));
      if (p.help) {
        var help = el("p", "bs-help");
        help.appendChild(el("strong", null, "How to fix: "));
        help.appendChild(document.createTextNode(p.help));
        item.appendChild(help);
      }
      if (p.frame) { item.appendChild(el("pre", "bs-text", p.frame)); }
      list.appendChild(item);
    });
    panel.appendChild(list);
    var close = el("button", "bs-close", "Hide until the next save");
    close.type = "button";
    close.addEventListener("click", hide);
    panel.appendChild(close);
    overlay.appendChild(panel);
    overlay.addEventListener("keydown", function (e) { if (e.key === "Escape") { hide(); } });
    document.body.appendChild(overlay);
    title.focus();
  }
  function hide() { if (overlay) { overlay.remove(); overlay = null; } }
  var source = new EventSource("/__brightspot/events");
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("error", function (e) { if (e.data) { show(e.data); } });
  source.addEventListener("ok", function () { hide(); });
})();
