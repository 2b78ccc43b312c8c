/* glossgraph explorer, part 2 of 6: the term card, the problems panel, the legend and filters. */
/* ---- the term card ------------------------------------------------------------------- */
const KNOWN = ["labels", "alt_labels", "status", "short_def", "long_def", "aliases", "categories", "roles", "part_of_speech", "audiences",
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
function linkList(ids) {
  const ul = el("ul", null, "gg-links");
  ids.forEach((id) => { const li = el("li"); li.appendChild(termButton(id)); ul.appendChild(li); });
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
      li.appendChild(termButton(id));
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
function findingItem(f) {
  const li = el("li", null, "gg-finding gg-" + f.severity);
  li.appendChild(el("span", f.code, "gg-code"));
  li.appendChild(el("span", f.message));
  if (f.suggestion) li.appendChild(el("div", "Fix: " + f.suggestion, "gg-muted"));
  if (f.file) li.appendChild(el("div", f.file + (f.line ? ":" + f.line : ""), "gg-muted"));
  return li;
}
function findingList(indices) {
  const ul = el("ul");
  indices.forEach((i) => ul.appendChild(findingItem(DATA.findings[i])));
  return ul;
}
function renderGhost(card, n) {
  card.appendChild(el("span", "missing term", "gg-badge gg-ghost-badge"));
  card.appendChild(el("p", "Named in these links, but no term has this label, alias or slug."));
  const sources = adjacency.get(n.id).map((i) => DATA.edges[i]).map((e) => (e.from === n.id ? e.to : e.from));
  section(card, "Named by", linkList(Array.from(new Set(sources))));
  if (state.problems && n.findings) section(card, "Findings", findingList(n.findings));
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
  renderLabels(card, c);
  Object.keys(c).filter((k) => !KNOWN.includes(k)).forEach((k) => section(card, k, c[k]));
  if (c.file) section(card, "Source", el("p", c.file, "gg-muted"));
  if (c.iri) section(card, "IRI", el("p", c.iri, "gg-muted"));
  if (state.problems && n.findings) section(card, "Findings", findingList(n.findings));
  if (state.problems && n.suggestions) section(card, "Suggestions", findingList(n.suggestions));
}
/* Labels in the other languages of the vocabulary, as a table (not a raw field). */
function renderLabels(card, c) {
  if (!c.labels || typeof c.labels !== "object") return;
  const dl = el("dl", null, "gg-labels");
  Object.keys(c.labels).sort().forEach((lang) => { dl.appendChild(el("dt", lang)); dl.appendChild(el("dd", c.labels[lang])); });
  if (c.alt_labels && typeof c.alt_labels === "object") {
    Object.keys(c.alt_labels).sort().forEach((lang) => {
      dl.appendChild(el("dt", lang + " (also)"));
      dl.appendChild(el("dd", [].concat(c.alt_labels[lang]).join(", ")));
    });
  }
  section(card, "Labels in other languages", dl);
}
function renderExamples(card, examples) {
  if (!examples || typeof examples !== "object") return;
  const names = { do: "Do", dont: "Don't" };
  Object.keys(examples).forEach((k) => section(card, names[k] || ("Examples: " + k), examples[k]));
}
function showCard(id) {
  const card = clear(byIdEl("gg-card"));
  const n = byId.get(id);
  card.dataset.term = id;
  const heading = el("h2", labelOf(id));
  heading.tabIndex = -1;
  heading.id = "gg-card-heading";
  card.appendChild(heading);
  if (n.ghost) renderGhost(card, n); else renderTerm(card, n);
  byIdEl("gg-panel").scrollTop = 0;
}
function showOverview() {
  const card = clear(byIdEl("gg-card"));
  delete card.dataset.term;
  card.appendChild(el("h2", DATA.title));
  card.appendChild(el("p", "Click a term, or find it by name, to read its card and see it among its neighbours; "
    + "its links move the focus. The tree on the left walks the hierarchy. Colour is the "
    + (DATA.grouping === "category" ? "category" : "top concept") + ", shape the status, size the number of links."));
  if (AGGREGATE) card.appendChild(el("p", "This vocabulary is large: the map groups terms under their broader terms. "
    + "Click a group to open it.", "gg-muted"));
  if (!state.problems) {
    card.appendChild(el("p", DATA.counts.findings ? "Problems are hidden: tick \u201Cshow problems\u201D to see the "
      + DATA.counts.findings + " findings of the checks." : "The checks found no problems.", "gg-muted"));
  } else if (DATA.general.length) section(card, "Not tied to a term", findingList(DATA.general));
  byIdEl("gg-panel").scrollTop = 0;
}

/* ---- the problems panel: findings grouped by severity and rule, each row selects its term ---- */
const PROBLEM_ROWS = 50;
function problemGroups() {
  const groups = new Map();
  DATA.findings.forEach((f, i) => {
    const key = f.severity + "\u0000" + f.code + "\u0000" + (f.rule || "");
    if (!groups.has(key)) groups.set(key, { severity: f.severity, code: f.code, rule: f.rule || "", rows: [] });
    groups.get(key).rows.push(i);
  });
  const rank = (s) => { const r = SEVERITY.indexOf(s); return r < 0 ? SEVERITY.length : r; };
  return Array.from(groups.values()).sort((a, b) => rank(a.severity) - rank(b.severity)
    || (a.code < b.code ? -1 : (a.code > b.code ? 1 : 0)));
}
function problemRow(i) {
  const f = DATA.findings[i];
  const li = el("li", null, "gg-finding gg-" + f.severity);
  const target = f.node !== undefined && byId.has(f.node) ? f.node : null;
  const b = el("button", target ? labelOf(target) : (f.file || "(no term)"), "gg-problem-term");
  b.type = "button"; b.dataset.finding = String(i);
  if (target) { b.dataset.target = target; b.addEventListener("click", () => select(target)); } else b.disabled = true;
  li.appendChild(b);
  li.appendChild(el("span", f.message, "gg-problem-message"));
  return li;
}
function fillRows(ul, rows, start) {
  const end = Math.min(rows.length, start + PROBLEM_ROWS);
  for (let k = start; k < end; k++) ul.appendChild(problemRow(rows[k]));
  if (end < rows.length) {
    const li = el("li");
    const more = el("button", "show " + Math.min(PROBLEM_ROWS, rows.length - end) + " more of " + (rows.length - end), "gg-more");
    more.type = "button";
    more.addEventListener("click", () => { ul.removeChild(li); fillRows(ul, rows, end); });
    li.appendChild(more); ul.appendChild(li);
  }
}
function buildProblemList() {
  const box = clear(byIdEl("gg-problem-list"));
  problemGroups().forEach((g) => {
    const details = el("details", null, "gg-problem-group gg-" + g.severity);
    details.dataset.severity = g.severity; details.dataset.code = g.code;
    const summary = el("summary");
    summary.appendChild(el("span", g.code, "gg-code"));
    summary.appendChild(el("span", g.rule + " "));
    summary.appendChild(el("span", g.rows.length + " " + g.severity, "gg-count"));
    details.appendChild(summary);
    const ul = el("ul", null, "gg-problem-rows");
    details.appendChild(ul);
    details.addEventListener("toggle", () => { if (details.open && !ul.firstChild) fillRows(ul, g.rows, 0); });
    box.appendChild(details);
  });
  if (!DATA.findings.length) box.appendChild(el("p", "The checks found no problems.", "gg-muted"));
}

/* ---- legend and filter controls ------------------------------------------------------ */
function checkbox(list, labelText, count, decorate, onChange) {
  const li = el("li");
  const label = el("label");
  const box = el("input");
  box.type = "checkbox"; box.checked = true;
  box.addEventListener("change", () => { onChange(box.checked); refresh(); });
  label.appendChild(box);
  decorate(label);
  label.appendChild(el("span", labelText));
  if (count !== undefined) label.appendChild(el("span", count, "gg-count"));
  li.appendChild(label);
  list.appendChild(li);
  return box;
}
function toggle(kind, name) { return (on) => { if (on) state[kind].add(name); else state[kind].delete(name); }; }
function swatch(colour) {
  return (label) => { const s = el("span", null, "gg-swatch"); s.style.background = colour; label.appendChild(s); };
}
function ring(colour) {
  return (label) => { const s = el("span", null, "gg-swatch gg-ring"); s.style.borderColor = colour; label.appendChild(s); };
}
function glyph(text, colour) {
  return (label) => { const g = el("span", text, "gg-glyph"); if (colour) g.style.color = colour; label.appendChild(g); };
}
function buildLegend() {
  byIdEl("gg-groups-title").textContent = DATA.grouping === "category" ? "Categories" : "Top concepts";
  const categories = byIdEl("gg-categories");
  DATA.categories.forEach((c) => checkbox(categories, c.name || "(no category)", c.count,
    swatch(c.color), toggle("categories", c.name)));
  const statuses = byIdEl("gg-statuses");
  DATA.statuses.forEach((s) => checkbox(statuses, s.name || "(no status)", s.count,
    glyph(GLYPHS[s.name] || GLYPHS[""]), toggle("statuses", s.name)));
  const relations = byIdEl("gg-relations");
  checkbox(relations, "broader (arrow to broader)", undefined, glyph("\u2192", "#6e7781"), toggle("relations", "broader"));
  checkbox(relations, LARGE ? "related (light grey)" : "related (dashed)", undefined, glyph("\u2504", "#8c959f"), toggle("relations", "related"));
  checkbox(relations, "missing terms (problems)", DATA.counts.ghosts, glyph("\u25CC", "#d62728"), toggle("relations", "missing"));
  const severities = byIdEl("gg-severities");
  const counts = {};
  DATA.findings.forEach((f) => { counts[f.severity] = (counts[f.severity] || 0) + 1; });
  SEVERITY.forEach((name, i) => {
    const box = checkbox(severities, name, counts[name] || 0, ring(SEVERITY_COLOURS[i]), toggle("severities", name));
    box.id = "gg-sev-" + name;
    box.checked = state.severities.has(name);
  });
  if (DATA.suggested.length || counts.suggestion) {
    const li = el("li");
    li.appendChild(el("span", "\u2508", "gg-glyph"));
    li.appendChild(el("span", "suggested link (dotted grey) " + (counts.suggestion || 0)));
    severities.appendChild(li);
  }
  buildProblemList();
  resetFilters();
}
function resetFilters() {
  state.categories = new Set(DATA.categories.map((c) => c.name));
  state.statuses = new Set(DATA.statuses.map((s) => s.name));
  state.relations = new Set(["broader", "related", "missing"]);
  document.querySelectorAll("#gg-pane-filters input[type=checkbox]").forEach((box) => { box.checked = true; });
}
