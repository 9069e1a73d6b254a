/* pledgewatch review page. Plain JavaScript, no libraries, nothing loaded from outside.
   The records are one JSON block; the table is drawn a page at a time and a document's
   highlighted text only when it is opened, so thousands of documents open quickly. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("records").textContent);
  var docs = data.docs;
  var PAGE = 50;
  var KINDS = ["commitments", "quotes", "entities"]; // outermost first when spans tie
  var LETTER = { entities: "e", quotes: "q", commitments: "c" };
  var KIND_OF = { e: "entities", q: "quotes", c: "commitments" };
  var NAME = { entities: "entity", quotes: "quote", commitments: "commitment" };
  var state = { actor: "", type: "", status: "", mark: "", text: "", tablePage: 0, docPage: 0, current: -1 };

  var $ = function (id) { return document.getElementById(id); };
  if (data.gold) document.body.classList.add("has-gold");

  // One row per commitment (gold-only "missed" ones included), in document order.
  var rows = [];
  docs.forEach(function (doc, d) {
    doc.commitments.forEach(function (c, i) { rows.push({ d: d, i: i, c: c, hay: null }); });
  });
  var lowered = new Array(docs.length);

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) node.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function list(values) { return values && values.length ? values.join(", ") : ""; }
  function short(text, n) { return text.length > n ? text.slice(0, n - 1) + "\u2026" : text; }
  function evidence(doc, item) { return doc.text.slice(item.start, item.end); }

  // ---- filters -------------------------------------------------------------

  function facetsSet() { return !!(state.actor || state.type || state.status || state.mark); }

  function commitmentFacets(c) {
    if (state.actor && (c.actors || []).indexOf(state.actor) < 0) return false;
    if (state.type && c.type !== state.type) return false;
    if (state.status && c.status !== state.status) return false;
    if (state.mark && c.mark !== state.mark) return false;
    return true;
  }

  function rowMatches(row, needle) {
    if (!commitmentFacets(row.c)) return false;
    if (!needle) return true;
    if (row.hay === null) {
      var doc = docs[row.d], c = row.c;
      row.hay = [evidence(doc, c), c.condition || "", list(c.actors), list(c.recipients), doc.title]
        .join("\n").toLowerCase();
    }
    return row.hay.indexOf(needle) >= 0;
  }

  function docMatches(doc, d, needle) {
    if (facetsSet()) {
      var hit = doc.commitments.some(commitmentFacets);
      if (!hit && state.mark && !state.actor && !state.type && !state.status) {
        hit = doc.entities.concat(doc.quotes).some(function (it) { return it.mark === state.mark; });
      }
      if (!hit) return false;
    }
    if (!needle) return true;
    if (lowered[d] === undefined) lowered[d] = (doc.title + "\n" + doc.text).toLowerCase();
    return lowered[d].indexOf(needle) >= 0;
  }

  var filteredRows = rows, filteredDocs = docs.map(function (_, d) { return d; });

  function applyFilters() {
    var needle = state.text.trim().toLowerCase();
    filteredRows = rows.filter(function (row) { return rowMatches(row, needle); });
    filteredDocs = [];
    docs.forEach(function (doc, d) { if (docMatches(doc, d, needle)) filteredDocs.push(d); });
    state.tablePage = 0;
    state.docPage = 0;
    $("filter-count").textContent = filteredRows.length.toLocaleString() + " of " +
      rows.length.toLocaleString() + " commitments, " + filteredDocs.length.toLocaleString() +
      " of " + docs.length.toLocaleString() + " documents";
    renderTable();
    renderDocList();
    if (state.current >= 0) markDimmed($("doc-view"));
  }

  function setFilter(key, value) {
    state[key] = value;
    var field = $("f-" + key);
    if (field) field.value = value;
  }

  ["actor", "type", "status", "mark"].forEach(function (key) {
    var field = $("f-" + key);
    if (field) field.addEventListener("change", function () { state[key] = field.value; applyFilters(); });
  });
  var typing = null;
  $("f-text").addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(function () { state.text = $("f-text").value; applyFilters(); }, 150);
  });
  $("filter-form").addEventListener("submit", function (event) { event.preventDefault(); });
  $("f-reset").addEventListener("click", function () {
    ["actor", "type", "status", "mark"].forEach(function (key) { setFilter(key, ""); });
    $("f-text").value = "";
    state.text = "";
    applyFilters();
  });

  // Chart bars and grid cells are buttons that set filters.
  function chartFilter(target) {
    var keys = target.getAttribute("data-filter").split(" ");
    var values = target.getAttribute("data-value").split("|");
    keys.forEach(function (key, n) { setFilter(key, values[n]); });
    applyFilters();
  }
  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("[data-filter]");
    if (target) chartFilter(target);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { hideTip(); return; }
    var target = event.target.closest && event.target.closest("[data-filter]");
    if (target && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      chartFilter(target);
    }
  });

  // ---- pagers --------------------------------------------------------------

  function pager(box, page, total, label, go) {
    box.textContent = "";
    var pages = Math.max(1, Math.ceil(total / PAGE));
    var prev = el("button", { type: "button" }, "\u2190 Previous");
    var next = el("button", { type: "button" }, "Next \u2192");
    prev.disabled = page <= 0;
    next.disabled = page >= pages - 1;
    prev.addEventListener("click", function () { go(page - 1); });
    next.addEventListener("click", function () { go(page + 1); });
    var first = total ? page * PAGE + 1 : 0, last = Math.min(total, (page + 1) * PAGE);
    box.appendChild(prev);
    box.appendChild(el("span", null, label + " " + first.toLocaleString() + "\u2013" +
      last.toLocaleString() + " of " + total.toLocaleString()));
    box.appendChild(next);
  }

  // ---- commitments table ---------------------------------------------------

  function markCell(item) {
    var cell = el("td", { "class": "gold-col" });
    if (item.mark) {
      cell.appendChild(el("span", { "class": "mark-" + item.mark }, item.mark));
      if (item.why && item.why.length) cell.title = item.why.join("; ");
    }
    return cell;
  }

  function renderTable() {
    var body = document.querySelector("#table tbody");
    var rowsOut = document.createDocumentFragment();
    var start = state.tablePage * PAGE;
    filteredRows.slice(start, start + PAGE).forEach(function (row) {
      var c = row.c, doc = docs[row.d];
      var tr = el("tr", { "data-doc": String(row.d), "data-item": "c" + row.i });
      tr.appendChild(el("td", null, list(c.actors) || "\u2014"));
      tr.appendChild(el("td", null, list(c.recipients) || "\u2014"));
      tr.appendChild(el("td", null, c.type));
      tr.appendChild(el("td", null, c.status));
      tr.appendChild(el("td", null, c.condition || (c.conditional ? "(conditional)" : "")));
      var ev = el("td", { "class": "ev" });
      ev.appendChild(el("a", { href: "#d" + row.d + "-c" + row.i }, short(evidence(doc, c), 220)));
      ev.appendChild(el("small", null, doc.title));
      tr.appendChild(ev);
      tr.appendChild(markCell(c));
      rowsOut.appendChild(tr);
    });
    body.textContent = "";
    body.appendChild(rowsOut);
    if (!filteredRows.length) {
      var empty = el("tr");
      empty.appendChild(el("td", { colspan: "7" }, "No commitment matches the filters."));
      body.appendChild(empty);
    }
    pager($("table-pager"), state.tablePage, filteredRows.length, "Commitments",
      function (page) { state.tablePage = page; renderTable(); });
  }

  // ---- document list -------------------------------------------------------

  function renderDocList() {
    var out = document.createDocumentFragment();
    var start = state.docPage * PAGE;
    filteredDocs.slice(start, start + PAGE).forEach(function (d) {
      var doc = docs[d];
      var li = el("li");
      if (d === state.current) li.setAttribute("aria-current", "true");
      li.appendChild(el("a", { href: "#d" + d }, short(doc.title, 110)));
      li.appendChild(el("span", { "class": "n" }, doc.entities.length + " entities \u00b7 " +
        doc.quotes.length + " quotes \u00b7 " + doc.commitments.length + " commitments" +
        (doc.gold === "only" ? " \u00b7 gold only" : "")));
      out.appendChild(li);
    });
    var box = $("doc-list");
    box.textContent = "";
    box.appendChild(out);
    $("doc-count").textContent = filteredDocs.length.toLocaleString() + " of " +
      docs.length.toLocaleString() + " documents";
    pager($("doc-pager"), state.docPage, filteredDocs.length, "Documents",
      function (page) { state.docPage = page; renderDocList(); });
  }

  // ---- highlighting --------------------------------------------------------

  function order(a, b) {
    return a.s - b.s || b.e - a.e || a.rank - b.rank || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0);
  }

  // Nested spans for possibly overlapping items: the text is cut at every item boundary, each
  // piece is wrapped in the items that cover it (outermost first), and an item crossing another
  // one's edge is split into fragments. The container's text stays exactly the document text.
  function highlight(doc) {
    var n = doc.text.length, spans = [];
    doc.boilerplate.forEach(function (r, i) {
      spans.push({ s: r[0], e: r[1], kind: "boilerplate", ref: "b" + i, rank: 0 });
    });
    KINDS.forEach(function (kind, rank) {
      doc[kind].forEach(function (item, i) {
        var s = Math.max(0, item.start), e = Math.min(n, item.end);
        if (e > s) spans.push({ s: s, e: e, kind: kind, ref: LETTER[kind] + i, rank: rank + 1, item: item });
      });
    });
    spans.sort(order);
    var cuts = [0, n];
    spans.forEach(function (sp) { cuts.push(sp.s, sp.e); });
    cuts = Array.from(new Set(cuts)).sort(function (a, b) { return a - b; });

    var root = el("div", { "class": "text" });
    var stack = [], active = [], next = 0, seen = {};
    for (var k = 0; k + 1 < cuts.length; k++) {
      var from = cuts[k], to = cuts[k + 1];
      active = active.filter(function (sp) { return sp.e > from; });
      // Spans arrive in `order`, and removing some keeps it: active stays outermost first.
      while (next < spans.length && spans[next].s <= from) active.push(spans[next++]);
      var keep = 0;
      while (keep < stack.length && keep < active.length && stack[keep].span === active[keep]) keep++;
      stack.length = keep;
      for (var j = keep; j < active.length; j++) {
        var sp = active[j];
        var node = document.createElement("span");
        node.setAttribute("data-ref", sp.ref);
        var classes = sp.kind === "boilerplate" ? ["bp"] : ["hl", "k-" + NAME[sp.kind]];
        if (sp.item && sp.item.mark) classes.push("m-" + sp.item.mark);
        if (!seen[sp.ref]) {
          seen[sp.ref] = true;
          classes.push("first");
          if (sp.item) {
            node.tabIndex = 0;
            node.id = "i-" + sp.ref;
            node.setAttribute("aria-label", label(sp.kind, sp.item, doc));
          }
        }
        node.className = classes.join(" ");
        (stack.length ? stack[stack.length - 1].node : root).appendChild(node);
        stack.push({ span: sp, node: node });
      }
      var text = document.createTextNode(doc.text.slice(from, to));
      (stack.length ? stack[stack.length - 1].node : root).appendChild(text);
    }
    var last = {};
    root.querySelectorAll("[data-ref]").forEach(function (node) { last[node.getAttribute("data-ref")] = node; });
    Object.keys(last).forEach(function (ref) { last[ref].classList.add("last"); });
    return root;
  }

  function label(kind, item, doc) {
    var mark = item.mark ? " (gold: " + item.mark + ")" : "";
    if (kind === "entities") return "entity " + item.label + ": " + item.canonical + mark;
    if (kind === "quotes") return item.kind + " quote" + (item.speaker ? " by " + item.speaker : "") + mark;
    return "commitment " + item.type + ", " + item.status +
      (item.actors && item.actors.length ? ", by " + list(item.actors) : "") + mark;
  }

  function markDimmed(view) {
    var on = facetsSet();
    var doc = docs[state.current];
    view.querySelectorAll(".k-commitment").forEach(function (node) {
      var item = doc.commitments[+node.getAttribute("data-ref").slice(1)];
      node.classList.toggle("dim", on && !commitmentFacets(item));
    });
  }

  // ---- document view -------------------------------------------------------

  function show(d, ref, quiet) {
    var doc = docs[d];
    if (!doc) return;
    var view = $("doc-view");
    if (state.current !== d) {
      hideTip();
      state.current = d;
      view.textContent = "";
      view.appendChild(el("h3", { id: "doc-title" }, doc.title));
      var meta = [];
      if (doc.path) meta.push(doc.path);
      if (doc.published) meta.push(doc.published);
      if (doc.publisher) meta.push(doc.publisher);
      if (doc.author) meta.push(doc.author);
      meta.push(doc.entities.length + " entities, " + doc.quotes.length + " quotes, " +
        doc.commitments.length + " commitments");
      if (doc.gold === "only") meta.push("gold only: nothing was predicted for this text");
      else if (data.gold && !doc.gold) meta.push("no gold for this document");
      var line = el("p", { "class": "meta" }, meta.join(" \u00b7 "));
      if (doc.url) {
        line.appendChild(document.createTextNode(" \u00b7 "));
        line.appendChild(el("a", { href: doc.url, rel: "noopener noreferrer" }, doc.url));
      }
      view.appendChild(line);
      view.appendChild(highlight(doc));
      markDimmed(view);
      var pos = filteredDocs.indexOf(d);
      if (pos >= 0) state.docPage = Math.floor(pos / PAGE);
      renderDocList();
    }
    view.querySelectorAll(".current").forEach(function (node) { node.classList.remove("current"); });
    var target = ref ? document.getElementById("i-" + ref) : null;
    if (target) {
      view.querySelectorAll('[data-ref="' + ref + '"]').forEach(function (node) { node.classList.add("current"); });
      target.scrollIntoView({ block: "center" });
      target.focus({ preventScroll: true });
      showTip(target);
    } else if (!quiet) {
      view.scrollIntoView({ block: "start" });
      view.focus({ preventScroll: true });
    }
  }

  function route() {
    var m = /^#d(\d+)(?:-([eqc]\d+))?$/.exec(location.hash);
    if (m) show(+m[1], m[2]);
  }
  window.addEventListener("hashchange", route);

  // ---- details on hover and focus ------------------------------------------

  var tip = $("tip");

  function rowsOf(pairs) {
    var dl = el("dl");
    pairs.forEach(function (pair) {
      var value = pair[1];
      if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) return;
      dl.appendChild(el("dt", null, pair[0]));
      dl.appendChild(el("dd", null, Array.isArray(value) ? value.join(", ") : String(value)));
    });
    return dl;
  }

  function confidence(item) { return typeof item.confidence === "number" ? item.confidence.toFixed(2) : null; }

  function details(ref, doc) {
    var box = el("section");
    if (ref.charAt(0) === "b") {
      box.appendChild(el("h4", null, "Boilerplate"));
      box.appendChild(el("p", null, "Not part of the article; the stages skip it."));
      return box;
    }
    var kind = KIND_OF[ref.charAt(0)], item = doc[kind][+ref.slice(1)];
    var fields;
    if (kind === "entities") {
      box.appendChild(el("h4", null, "Entity \u00b7 " + item.label));
      fields = [["canonical", item.canonical], ["kb id", item.kb_id], ["role", item.role],
        ["confidence", confidence(item)], ["stage", item.stage]];
    } else if (kind === "quotes") {
      box.appendChild(el("h4", null, "Quote \u00b7 " + item.kind));
      var cue = item.cue_start !== undefined && item.cue_end !== undefined
        ? doc.text.slice(item.cue_start, item.cue_end) : item.cue;
      fields = [["speaker", item.speaker], ["role", item.speaker_role],
        ["affiliation", item.speaker_affiliation], ["cue", cue || item.cue],
        ["confidence", confidence(item)], ["stage", item.stage]];
    } else {
      box.appendChild(el("h4", null, "Commitment \u00b7 " + item.type));
      fields = [["type", item.type], ["status", item.status], ["actors", item.actors],
        ["recipients", item.recipients], ["conditional", item.conditional ? "yes" : "no"],
        ["condition", item.condition], ["PLOVER", item.plover], ["Kiel", item.kiel],
        ["confidence", confidence(item)], ["stage", item.stage]];
    }
    if (item.mark) {
      fields.push(["gold", item.mark === "missed" ? "missed: a gold item no prediction matched" : item.mark]);
    }
    box.appendChild(rowsOf(fields));
    if (item.why && item.why.length) box.appendChild(el("p", { "class": "why" }, item.why.join("; ")));
    return box;
  }

  var anchor = null;

  function showTip(node) {
    var doc = docs[state.current];
    if (!doc) return;
    anchor = node;
    tip.textContent = "";
    for (var at = node; at && at.id !== "doc-view"; at = at.parentElement) {
      var ref = at.getAttribute && at.getAttribute("data-ref");
      if (ref) tip.appendChild(details(ref, doc));
    }
    if (!tip.firstChild) { hideTip(); return; }
    tip.hidden = false;
    placeTip();
  }

  function placeTip() {
    if (!anchor || tip.hidden) return;
    var box = anchor.getBoundingClientRect();
    var width = Math.min(420, window.innerWidth - 16);
    tip.style.left = Math.max(8, Math.min(box.left, window.innerWidth - width - 8)) + "px";
    var below = box.bottom + 8, height = tip.offsetHeight;
    tip.style.top = (below + height < window.innerHeight ? below : Math.max(8, box.top - height - 8)) + "px";
  }

  function hideTip() { tip.hidden = true; anchor = null; }

  var view = $("doc-view");
  view.addEventListener("mouseover", function (event) {
    var node = event.target.closest && event.target.closest("[data-ref]");
    if (node) showTip(node);
    else if (!tip.hidden && anchor !== document.activeElement) hideTip();
  });
  view.addEventListener("mouseleave", hideTip);
  view.addEventListener("focusin", function (event) {
    var node = event.target.closest && event.target.closest("[data-ref]");
    if (node) {
      node.setAttribute("aria-describedby", "tip");
      showTip(node);
    }
  });
  view.addEventListener("focusout", hideTip);
  window.addEventListener("scroll", placeTip, { passive: true });

  // ---- start ---------------------------------------------------------------

  applyFilters();
  if (/^#d\d/.test(location.hash)) route();
  else if (docs.length) show(0, null, true);
  document.documentElement.setAttribute("data-ready", String(Math.round(performance.now())));
})();
