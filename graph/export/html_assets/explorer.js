/* glossgraph explorer: draws the glossary map with vis-network and drives the panels.
 * Every text from the data is written with textContent; nothing is parsed as markup. */
(function () {
  "use strict";
  const DATA = JSON.parse(document.getElementById("gg-data").textContent);
  const SEVERITY = ["error", "warning", "info"];
  const SEVERITY_COLOURS = ["#d62728", "#ff7f0e", "#1f77b4"];
  const SHAPES = { approved: "dot", reviewed: "hexagon", draft: "diamond", deprecated: "square" };
  const GLYPHS = { approved: "\u25CF", reviewed: "\u2B22", draft: "\u25C6", deprecated: "\u25A0", "": "\u25CB" };
  const GHOST = { background: "#ffd9d9", border: "#d62728" };
  const LARGE = DATA.nodes.length >= 1500;
  const api = { data: DATA, counts: DATA.counts, firstDrawMs: null, drawn: false, timings: { parsed: performance.now() } };
  window.glossgraph = api;

  /* ---- indexes ---------------------------------------------------------------------- */
  const byId = new Map();
  const adjacency = new Map();
  const categoryColour = new Map();
  DATA.categories.forEach((c) => categoryColour.set(c.name, c.color));
  DATA.nodes.forEach((n) => { byId.set(n.id, n); adjacency.set(n.id, []); });
  DATA.edges.forEach((e, i) => {
    adjacency.get(e.from).push(i);
    if (e.to !== e.from) adjacency.get(e.to).push(i);
  });
  const problemNodes = new Set();
  DATA.nodes.forEach((n) => { if (n.ghost || n.findings) problemNodes.add(n.id); });
  DATA.edges.forEach((e) => { if (e.findings) { problemNodes.add(e.from); problemNodes.add(e.to); } });

  /* ---- small DOM helpers (text only) ------------------------------------------------ */
  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function safeUrl(value) {
    if (typeof value !== "string" || !/^https?:\/\//i.test(value.trim())) return null;
    try { const url = new URL(value.trim()); return /^https?:$/.test(url.protocol) ? url.href : null; }
    catch (err) { return null; }
  }
  function externalLink(url, text) {
    const a = el("a", text);
    a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
    return a;
  }

  /* ---- vis data --------------------------------------------------------------------- */
  function nodeSize(n) { return Math.min(42, 7 + 3.2 * Math.sqrt(n.degree || 0)); }
  /* Only what differs from the defaults in `options` goes on each item: vis parses every key of
   * every item, and at 10,000+ items that is most of the start-up time. */
  function visNode(n) {
    const item = { id: n.id, label: n.label, x: n.x, y: n.y, size: nodeSize(n) };
    const marked = n.severity !== undefined;
    const fill = n.ghost ? GHOST.background : (categoryColour.get(n.category || "") || "#9aa0a6");
    const border = marked ? SEVERITY_COLOURS[n.severity] : (n.ghost ? GHOST.border : "#30363d");
    item.color = { background: fill, border: border, highlight: { background: fill, border: "#000000" } };
    const shape = n.ghost ? "dot" : (SHAPES[n.status] || "dot");
    if (shape !== "dot") item.shape = shape;
    if (marked || n.ghost) item.borderWidth = 3;
    else if (n.status === "approved") item.borderWidth = 2;
    if (n.ghost || n.status === "deprecated") item.shapeProperties = { borderDashes: [4, 3] };
    if (n.status === "deprecated") item.opacity = 0.55;
    if (n.ghost) item.font = { color: "#a40e26" };
    return item;
  }
  function visEdge(e, i) {
    const item = { id: i, from: e.from, to: e.to };
    if (e.relation === "broader") { item.arrows = "to"; item.color = BROADER; }
    else if (!LARGE) item.dashes = true; /* dashed lines cost ~8 s of drawing at 10,000 terms */
    if (e.ghost) item.color = MISSING;
    if (e.findings) { item.width = 3; item.color = { color: SEVERITY_COLOURS[e.severity], highlight: "#0969da", inherit: false }; }
    return item;
  }
  const BROADER = { color: "#6e7781", highlight: "#0969da", inherit: false };
  const MISSING = { color: "#d62728", highlight: "#0969da", inherit: false };

  /* ---- the network -------------------------------------------------------------------- */
  const nodes = new vis.DataSet(DATA.nodes.map(visNode));
  const edges = new vis.DataSet(DATA.edges.map(visEdge));
  const options = {
    autoResize: true,
    layout: { randomSeed: 7, improvedLayout: false },
    physics: DATA.physics ? {
      enabled: true, solver: "barnesHut",
      barnesHut: { gravitationalConstant: -4000, springLength: 110, springConstant: 0.03, avoidOverlap: 0.1, damping: 0.3 },
      minVelocity: 1.5,
      /* a short relaxation before the first draw (fewer steps on bigger graphs), then animated */
      stabilization: { enabled: true, iterations: Math.min(200, Math.round(60000 / Math.max(1, DATA.nodes.length))),
                       updateInterval: 1000, fit: true },
    } : false,
    interaction: { hover: false, hideEdgesOnDrag: LARGE, hideEdgesOnZoom: LARGE, multiselect: false },
    nodes: { shape: "dot", borderWidth: 1,
             font: { size: 14, face: "system-ui, sans-serif", strokeWidth: LARGE ? 0 : 3, strokeColor: "#ffffff" },
             scaling: { label: { enabled: false, drawThreshold: 7 } } },
    edges: { smooth: LARGE ? false : { type: "continuous", roundness: 0.3 }, width: 1,
             color: { color: LARGE ? "#c8cfd6" : "#afb8c1", highlight: "#0969da", inherit: false },
             arrows: { to: { enabled: false, scaleFactor: 0.6 } }, selectionWidth: 2 },
  };
  api.timings.datasets = performance.now();
  const network = new vis.Network(document.getElementById("gg-network"), { nodes: nodes, edges: edges }, options);
  api.timings.network = performance.now();
  Object.assign(api, { network: network, nodes: nodes, edges: edges, settle: () => settle("api") });
  network.once("afterDrawing", () => {
    api.firstDrawMs = performance.now();
    api.drawn = true;
    document.body.dataset.drawn = "1";
    if (DATA.focus) select(DATA.focus);
  });
  function settle(how) {
    if (api.settled) return;
    api.settledBy = how || "stabilized";
    api.settled = true;
    network.setOptions({ physics: false });
    if (state.selected === null) network.fit({ animation: false });
  }
  api.settled = !DATA.physics;
  if (DATA.physics) { network.once("stabilized", () => settle("stabilized")); setTimeout(() => settle("timeout"), 5000); }
  network.on("click", (params) => { if (params.nodes.length) select(params.nodes[0]); });

  /* ---- filters ------------------------------------------------------------------------ */
  const state = { selected: null, depth: "all", problems: false, categories: new Set(), statuses: new Set(),
                  relations: new Set(["broader", "related", "missing"]) };
  let neighbourhood = null;
  const hiddenNodes = new Set();
  const hiddenEdges = new Set();

  function allCategories() { return DATA.categories.map((c) => c.name); }
  function allStatuses() { return DATA.statuses.map((s) => s.name); }
  function inCategories(n) {
    const names = (n.card && n.card.categories && n.card.categories.length) ? n.card.categories : [""];
    return names.some((name) => state.categories.has(String(name)));
  }
  function nodeVisible(n) {
    if (n.ghost ? !state.relations.has("missing")
      : !(inCategories(n) && state.statuses.has(n.status || ""))) return false;
    if (state.problems && !problemNodes.has(n.id)) return false;
    return !neighbourhood || neighbourhood.has(n.id);
  }
  function edgeVisible(e) {
    if (!state.relations.has(e.ghost ? "missing" : e.relation)) return false;
    if (e.ghost && !state.relations.has(e.relation)) return false;
    if (state.problems && !(e.findings || e.ghost)) return false;
    return !hiddenNodes.has(e.from) && !hiddenNodes.has(e.to);
  }
  function computeNeighbourhood() {
    if (state.depth === "all" || state.selected === null) { neighbourhood = null; return; }
    const limit = Number(state.depth);
    neighbourhood = new Set([state.selected]);
    let frontier = [state.selected];
    for (let d = 0; d < limit && frontier.length; d++) {
      const next = [];
      frontier.forEach((id) => adjacency.get(id).forEach((i) => {
        const e = DATA.edges[i];
        if (!state.relations.has(e.relation) || (e.ghost && !state.relations.has("missing"))) return;
        const other = e.from === id ? e.to : e.from;
        if (!neighbourhood.has(other)) { neighbourhood.add(other); next.push(other); }
      }));
      frontier = next;
    }
  }
  function sync(items, hidden, visible, dataset, key) {
    const changes = [];
    items.forEach((item, i) => {
      const id = key(item, i);
      const show = visible(item);
      if (show === hidden.has(id)) {
        if (show) hidden.delete(id); else hidden.add(id);
        changes.push({ id: id, hidden: !show });
      }
    });
    if (changes.length) dataset.update(changes);
  }
  function applyFilters() {
    computeNeighbourhood();
    sync(DATA.nodes, hiddenNodes, nodeVisible, nodes, (n) => n.id);
    sync(DATA.edges, hiddenEdges, edgeVisible, edges, (e, i) => i);
    showCounts();
  }
  function visibleCounts() {
    return { nodes: DATA.nodes.length - hiddenNodes.size, edges: DATA.edges.length - hiddenEdges.size };
  }
  function showCounts() {
    const c = DATA.counts;
    const shown = visibleCounts();
    let text = c.terms + " terms \u00B7 " + c.edges + " links \u00B7 " + c.ghosts + " missing \u00B7 " + c.findings + " findings";
    if (shown.nodes !== c.nodes) text += " (showing " + shown.nodes + " nodes, " + shown.edges + " links)";
    const counts = document.getElementById("gg-counts");
    counts.textContent = text;
    counts.dataset.nodes = String(shown.nodes);
    counts.dataset.edges = String(shown.edges);
  }

  /* ---- legend and filter controls ------------------------------------------------------ */
  function checkbox(list, labelText, count, decorate, onChange) {
    const li = el("li");
    const label = el("label");
    const box = el("input");
    box.type = "checkbox"; box.checked = true;
    box.addEventListener("change", () => { onChange(box.checked); applyFilters(); });
    label.appendChild(box);
    decorate(label);
    label.appendChild(el("span", labelText));
    if (count !== undefined) label.appendChild(el("span", count, "gg-count"));
    li.appendChild(label);
    list.appendChild(li);
    return box;
  }
  function toggle(kind, name) { return (on) => { if (on) state[kind].add(name); else state[kind].delete(name); }; }
  function swatch(colour, cls) {
    return (label) => { const s = el("span", null, cls || "gg-swatch"); s.style.background = colour; label.appendChild(s); };
  }
  function glyph(text, colour) {
    return (label) => { const g = el("span", text, "gg-glyph"); if (colour) g.style.color = colour; label.appendChild(g); };
  }
  function buildLegend() {
    const categories = document.getElementById("gg-categories");
    DATA.categories.forEach((c) => checkbox(categories, c.name || "(no category)", c.count,
      swatch(c.color), toggle("categories", c.name)));
    const statuses = document.getElementById("gg-statuses");
    DATA.statuses.forEach((s) => checkbox(statuses, s.name || "(no status)", s.count,
      glyph(GLYPHS[s.name] || GLYPHS[""]), toggle("statuses", s.name)));
    const relations = document.getElementById("gg-relations");
    checkbox(relations, "broader (arrow to broader)", undefined, glyph("\u2192", "#6e7781"), toggle("relations", "broader"));
    checkbox(relations, LARGE ? "related (light grey)" : "related (dashed)", undefined, glyph("\u2504", "#8c959f"), toggle("relations", "related"));
    checkbox(relations, "missing terms", DATA.counts.ghosts, glyph("\u25CC", "#d62728"), toggle("relations", "missing"));
    const marks = document.getElementById("gg-marks");
    SEVERITY.forEach((name, i) => {
      const li = el("li");
      const ring = el("span", null, "gg-swatch");
      ring.style.background = "#fff"; ring.style.border = "3px solid " + SEVERITY_COLOURS[i];
      li.appendChild(ring); li.appendChild(el("span", name + " (border)"));
      marks.appendChild(li);
    });
    resetState();
  }
  function resetState() {
    state.categories = new Set(allCategories());
    state.statuses = new Set(allStatuses());
    state.relations = new Set(["broader", "related", "missing"]);
    document.querySelectorAll("#gg-filters input[type=checkbox]").forEach((box) => { box.checked = true; });
  }

  /* ---- the term card ------------------------------------------------------------------- */
  const KNOWN = ["status", "short_def", "long_def", "aliases", "categories", "roles", "part_of_speech", "audiences",
                 "examples", "governance", "citations", "license", "last_reviewed", "file", "iri"];
  function renderValue(value, depth) {
    if (value === null || value === undefined) return el("span", "");
    if (Array.isArray(value)) {
      const ul = el("ul");
      value.forEach((v) => { const li = el("li"); li.appendChild(renderValue(v, depth + 1)); ul.appendChild(li); });
      return ul;
    }
    if (typeof value === "object") {
      if (depth > 6) return el("span", JSON.stringify(value));
      const dl = el("dl");
      Object.keys(value).forEach((k) => { dl.appendChild(el("dt", k)); const dd = el("dd"); dd.appendChild(renderValue(value[k], depth + 1)); dl.appendChild(dd); });
      return dl;
    }
    const url = safeUrl(value);
    return url ? externalLink(url, value) : el("span", value);
  }
  function section(card, title, content) {
    if (content === undefined || content === null) return;
    card.appendChild(el("h3", title));
    card.appendChild(content instanceof Node ? content : renderValue(content, 0));
  }
  function linkList(ids, labelOf) {
    const ul = el("ul", null, "gg-links");
    ids.forEach((id) => {
      const n = byId.get(id);
      const b = el("button", labelOf ? labelOf(id) : n.label, "gg-link" + (n.ghost ? " gg-missing" : ""));
      b.type = "button"; b.dataset.target = id;
      b.addEventListener("click", () => select(id));
      const li = el("li"); li.appendChild(b); ul.appendChild(li);
    });
    return ul;
  }
  function relationsOf(id) {
    const out = { broader: [], narrower: [], related: [] };
    adjacency.get(id).forEach((i) => {
      const e = DATA.edges[i];
      if (e.relation === "related") out.related.push(e.from === id ? e.to : e.from);
      else if (e.from === id) out.broader.push(e.to);
      else out.narrower.push(e.from);
    });
    const byLabel = (a, b) => byId.get(a).label.localeCompare(byId.get(b).label);
    Object.keys(out).forEach((k) => out[k].sort(byLabel));
    return out;
  }
  // Every chain of broader terms up to a top concept, nearest first (as `glossgraph show`):
  // depth first, smallest id first, a cycle ends a chain, at most `limit` chains.
  function broaderChains(id, limit) {
    const chains = [];
    const stack = [[id]];
    while (stack.length && chains.length < limit) {
      const path = stack.pop();
      const last = path[path.length - 1];
      const parents = new Set();
      adjacency.get(last).forEach((i) => {
        const e = DATA.edges[i];
        if (e.relation === "broader" && e.from === last && !e.ghost) parents.add(e.to);
      });
      const fresh = Array.from(parents).filter((p) => !path.includes(p)).sort().reverse();
      if (!fresh.length) {
        if (path.length > 1) chains.push(path.slice(1));
        continue;
      }
      fresh.forEach((parent) => stack.push(path.concat([parent])));
    }
    return chains;
  }
  function chainList(chains) {
    const ul = el("ul", null, "gg-chains");
    chains.forEach((chain) => {
      const li = el("li");
      chain.forEach((id, i) => {
        if (i) li.appendChild(el("span", " \u203A ", "gg-muted"));
        const b = el("button", byId.get(id).label, "gg-link");
        b.type = "button";
        b.dataset.target = id;
        b.addEventListener("click", () => select(id));
        li.appendChild(b);
      });
      ul.appendChild(li);
    });
    return ul;
  }
  function citation(c) {
    if (typeof c !== "object" || c === null) return renderValue(c, 1);
    const li = el("li");
    const url = safeUrl(c.url);
    const text = c.source || c.title || c.text || c.url || "";
    li.appendChild(url ? externalLink(url, text) : el("span", text));
    Object.keys(c).filter((k) => !["source", "title", "text", "url"].includes(k)).forEach((k) => {
      li.appendChild(el("span", " \u00B7 " + k + ": ", "gg-muted")); li.appendChild(renderValue(c[k], 2));
    });
    if (!url && c.url) li.appendChild(el("span", " (" + c.url + ")", "gg-muted"));
    return li;
  }
  function findingList(indices) {
    const ul = el("ul");
    indices.forEach((i) => {
      const f = DATA.findings[i];
      const li = el("li", null, "gg-finding gg-" + f.severity);
      li.appendChild(el("span", f.code, "gg-code"));
      li.appendChild(el("span", f.message));
      if (f.suggestion) li.appendChild(el("div", "Fix: " + f.suggestion, "gg-muted"));
      if (f.file) li.appendChild(el("div", f.file + (f.line ? ":" + f.line : ""), "gg-muted"));
      ul.appendChild(li);
    });
    return ul;
  }
  function renderGhost(card, n) {
    card.appendChild(el("span", "missing term", "gg-badge gg-ghost-badge"));
    card.appendChild(el("p", "Named in these links, but no term has this label, alias or slug."));
    const sources = adjacency.get(n.id).map((i) => DATA.edges[i]).map((e) => (e.from === n.id ? e.to : e.from));
    section(card, "Named by", linkList(Array.from(new Set(sources))));
    if (n.findings) section(card, "Findings", findingList(n.findings));
  }
  function renderTerm(card, n) {
    const c = n.card || {};
    card.appendChild(el("span", c.status || "no status", "gg-badge"));
    if (n.category) card.appendChild(el("span", n.category, "gg-badge"));
    if (c.short_def) card.appendChild(el("p", c.short_def, "gg-short"));
    if (c.long_def) card.appendChild(el("p", c.long_def));
    if (c.aliases) section(card, "Aliases", el("p", c.aliases.join(", ")));
    if (c.categories) section(card, "Categories", el("p", c.categories.join(", ")));
    if (c.roles) section(card, "Roles", el("p", c.roles.join(", ")));
    if (c.part_of_speech) section(card, "Part of speech", el("p", c.part_of_speech));
    const chains = broaderChains(n.id, 10);
    if (chains.length) section(card, chains.length > 1 ? "Broader chains" : "Broader chain", chainList(chains));
    const rel = relationsOf(n.id);
    ["broader", "narrower", "related"].forEach((k) => { if (rel[k].length) section(card, k, linkList(rel[k])); });
    if (c.audiences) section(card, "Audiences", c.audiences);
    renderExamples(card, c.examples);
    if (c.governance) section(card, "Governance", c.governance);
    if (Array.isArray(c.citations) && c.citations.length) {
      const ul = el("ul"); c.citations.forEach((x) => ul.appendChild(citation(x))); section(card, "Citations", ul);
    }
    if (c.license) section(card, "License", el("p", c.license));
    if (c.last_reviewed) section(card, "Last reviewed", el("p", c.last_reviewed));
    Object.keys(c).filter((k) => !KNOWN.includes(k)).forEach((k) => section(card, k, c[k]));
    if (c.file) section(card, "Source", el("p", c.file, "gg-muted"));
    if (c.iri) section(card, "IRI", el("p", c.iri, "gg-muted"));
    if (n.findings) section(card, "Findings", findingList(n.findings));
  }
  function renderExamples(card, examples) {
    if (!examples || typeof examples !== "object") return;
    const names = { do: "Do", dont: "Don't" };
    Object.keys(examples).forEach((k) => section(card, names[k] || ("Examples: " + k), examples[k]));
  }
  function showCard(id) {
    const card = clear(document.getElementById("gg-card"));
    const n = byId.get(id);
    card.dataset.term = id;
    card.appendChild(el("h2", n.label));
    if (n.ghost) renderGhost(card, n); else renderTerm(card, n);
  }
  function showOverview() {
    const card = clear(document.getElementById("gg-card"));
    delete card.dataset.term;
    card.appendChild(el("h2", DATA.title));
    card.appendChild(el("p", "Click a term to read its card; its links move the focus. Colour is the category, "
      + "shape the status, size the number of links. Red dashed nodes are terms named in links but missing."));
    const worst = [0, 0, 0];
    DATA.findings.forEach((f) => { worst[Math.max(0, SEVERITY.indexOf(f.severity))] += 1; });
    section(card, "Findings", el("p", SEVERITY.map((s, i) => worst[i] + " " + s).join(" \u00B7 ")));
    if (DATA.general.length) section(card, "Not tied to a term", findingList(DATA.general));
  }

  /* ---- search: Damerau-Levenshtein (optimal string alignment) over labels and aliases ---- */
  function fold(text) { return String(text).normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim(); }
  const names = [];
  DATA.nodes.forEach((n) => {
    if (n.ghost) return;
    names.push({ key: fold(n.label), id: n.id, via: null });
    ((n.card && n.card.aliases) || []).forEach((a) => names.push({ key: fold(a), id: n.id, via: String(a) }));
  });
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    let prev2 = null; let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const row = [i]; let best = i;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        row.push(v); if (v < best) best = v;
      }
      if (best > max) return max + 1;
      prev2 = prev; prev = row;
    }
    return prev[b.length];
  }
  function score(q, key) {
    if (key === q) return 0;
    if (key.startsWith(q)) return 0.1;
    if (key.includes(" " + q)) return 0.2;
    if (key.includes(q)) return 0.3;
    const max = allowed(q);
    const d = Math.min(distance(q, key, max), distance(q, key.slice(0, q.length), max) + 0.5);
    if (d <= max) return 1 + d;
    return q.includes(" ") || key.includes(" ") ? wordScore(q, key) : Infinity;
  }
  function allowed(q) { return q.length <= 3 ? 0 : (q.length <= 6 ? 1 : (q.length <= 10 ? 2 : 3)); }
  /* every query word close to some word of the name ("incidnt respons" finds "ai incident response") */
  function wordScore(q, key) {
    const words = key.split(" ");
    let total = 0;
    for (const w of q.split(" ")) {
      const max = Math.min(allowed(w), 2);
      let best = Infinity;
      for (const k of words) {
        const d = k.startsWith(w) ? 0 : Math.min(distance(w, k, max), distance(w, k.slice(0, w.length), max) + 0.5);
        if (d < best) best = d;
        if (best === 0) break;
      }
      if (best > max) return Infinity;
      total += best;
    }
    return 2 + total;
  }
  function search(text, limit) {
    const q = fold(text);
    if (!q) return [];
    const best = new Map();
    names.forEach((entry) => {
      const s = score(q, entry.key);
      if (s === Infinity) return;
      const seen = best.get(entry.id);
      if (!seen || s < seen.score) best.set(entry.id, { id: entry.id, score: s, via: entry.via });
    });
    return Array.from(best.values()).sort((a, b) => a.score - b.score
      || byId.get(a.id).label.localeCompare(byId.get(b.id).label)).slice(0, limit || 10);
  }
  function showResults(results) {
    const list = clear(document.getElementById("gg-results"));
    results.forEach((r) => {
      const b = el("button", byId.get(r.id).label);
      b.type = "button"; b.dataset.target = r.id;
      if (r.via) b.appendChild(el("span", "alias: " + r.via, "gg-via"));
      b.addEventListener("click", () => { select(r.id); clear(list); });
      const li = el("li"); li.appendChild(b); list.appendChild(li);
    });
  }
  function wireSearch() {
    const input = document.getElementById("gg-search");
    let timer = null;
    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => showResults(search(input.value, 8)), 120); });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { clearTimeout(timer); const hits = search(input.value, 1); if (hits.length) select(hits[0].id); showResults([]); }
      if (event.key === "Escape") { clearTimeout(timer); showResults([]); }
    });
  }

  /* ---- selection, depth, reset ------------------------------------------------------------ */
  function select(id) {
    if (!byId.has(id)) return false;
    state.selected = id;
    applyFilters();
    if (hiddenNodes.has(id)) { state.problems = false; document.getElementById("gg-problems").checked = false; resetState(); applyFilters(); }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), LARGE ? 0.8 : 1.0), animation: LARGE ? false : { duration: 300 } });
    showCard(id);
    return true;
  }
  function reset() {
    state.selected = null; state.depth = "all"; state.problems = false;
    document.getElementById("gg-depth").value = "all";
    document.getElementById("gg-problems").checked = false;
    document.getElementById("gg-search").value = "";
    showResults([]);
    resetState();
    applyFilters();
    network.unselectAll();
    network.fit({ animation: false });
    showOverview();
  }
  function wireControls() {
    document.getElementById("gg-depth").addEventListener("change", (event) => { state.depth = event.target.value; applyFilters(); });
    document.getElementById("gg-problems").addEventListener("change", (event) => { state.problems = event.target.checked; applyFilters(); });
    document.getElementById("gg-reset").addEventListener("click", reset);
  }

  document.getElementById("gg-title").textContent = DATA.title;
  buildLegend();
  wireSearch();
  wireControls();
  applyFilters();
  showOverview();
  Object.assign(api, { select: select, search: search, reset: reset, visibleCounts: visibleCounts, applyFilters: applyFilters,
                       state: state, setDepth: (d) => { state.depth = String(d); document.getElementById("gg-depth").value = String(d); applyFilters(); } });
})();
