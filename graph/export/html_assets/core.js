/* glossgraph explorer, part 1 of 6: data, indexes, state, styling of map items.
 * The parts share one function scope (see graph/export/html.py SCRIPT_PARTS).
 * Every text from the data is written with textContent; nothing is parsed as markup. */
const DATA = JSON.parse(document.getElementById("gg-data").textContent);
const SEVERITY = ["error", "warning", "info"];
const SEVERITY_COLOURS = ["#d62728", "#ff7f0e", "#1f77b4"];
const SUGGESTED = { color: "#8c959f", highlight: "#0969da", inherit: false };
const SHAPES = { approved: "dot", reviewed: "hexagon", draft: "diamond", deprecated: "square" };
const GLYPHS = { approved: "\u25CF", reviewed: "\u2B22", draft: "\u25C6", deprecated: "\u25A0", "": "\u25CB" };
const GHOST = { background: "#ffd9d9", border: "#d62728" };
const BROADER = { color: "#6e7781", highlight: "#0969da", inherit: false };
const MISSING = { color: "#d62728", highlight: "#0969da", inherit: false };
/* A map this big draws related links as light solid lines (dashes cost most of a frame) and hides edges while
 * panning or zooming: from about 600 terms, so that the whole map pans at 30 fps and filters stay under 150 ms */
const LARGE = DATA.nodes.length + DATA.edges.length >= 2000;
const AGGREGATE = Boolean(DATA.aggregate);
const FONT = 14;
/* labels are drawn at FONT canvas units: at this scale they are 12.6 px on screen */
const LEGIBLE_SCALE = 0.9;
const api = { data: DATA, counts: DATA.counts, firstDrawMs: null, drawn: false, timings: { parsed: performance.now() } };
window.glossgraph = api;

/* ---- indexes ---------------------------------------------------------------------- */
const byId = new Map();
const adjacency = new Map();
const parentsOf = new Map();
const childrenOf = new Map();
const categoryColour = new Map();
DATA.categories.forEach((c) => categoryColour.set(c.name, c.color));
DATA.nodes.forEach((n) => { byId.set(n.id, n); adjacency.set(n.id, []); });
DATA.edges.forEach((e, i) => {
  adjacency.get(e.from).push(i);
  if (e.to !== e.from) adjacency.get(e.to).push(i);
  if (e.relation === "broader" && !e.ghost && e.from !== e.to) {
    if (!parentsOf.has(e.from)) parentsOf.set(e.from, []);
    if (!childrenOf.has(e.to)) childrenOf.set(e.to, []);
    parentsOf.get(e.from).push(e.to);
    childrenOf.get(e.to).push(e.from);
  }
});
function byLabel(a, b) { return labelOf(a).localeCompare(labelOf(b)) || (a < b ? -1 : (a > b ? 1 : 0)); }
const suggestedBy = new Map();
DATA.suggested.forEach((s, k) => {
  [s.from, s.to].forEach((id) => { if (!suggestedBy.has(id)) suggestedBy.set(id, []); suggestedBy.get(id).push(k); });
});

/* ---- state ------------------------------------------------------------------------ */
const state = {
  selected: null, depth: "1", problems: Boolean(DATA.problems), only: false,
  severities: new Set(["error"]), categories: new Set(), statuses: new Set(),
  relations: new Set(["broader", "related", "missing"]), lang: DATA.languages[0] || "",
};

function labelOf(id) {
  const n = byId.get(id);
  if (!n) return String(id);
  const labels = n.card && n.card.labels;
  if (state.lang !== DATA.languages[0] && labels && typeof labels[state.lang] === "string") return labels[state.lang];
  return n.label;
}
function groupsOf(n) {
  if (n.groups) return n.groups;
  return (n.card && n.card.categories && n.card.categories.length) ? n.card.categories.map(String) : [""];
}
function fillOf(n) {
  if (n.ghost) return GHOST.background;
  return categoryColour.get(groupsOf(n)[0]) || "#c7ccd1";
}
/* The worst severity among the findings of `item` that the reader selected, or -1. */
function markOf(item) {
  if (!state.problems || !item.findings) return -1;
  let worst = -1;
  item.findings.forEach((i) => {
    const rank = SEVERITY.indexOf(DATA.findings[i].severity);
    if (rank >= 0 && state.severities.has(SEVERITY[rank]) && (worst < 0 || rank < worst)) worst = rank;
  });
  return worst;
}
function isProblem(n) {
  if (n.ghost) return state.severities.has("error");
  if (markOf(n) >= 0) return true;
  return adjacency.get(n.id).some((i) => markOf(DATA.edges[i]) >= 0);
}

/* ---- filters ------------------------------------------------------------------------ */
function inGroups(n) { return groupsOf(n).some((name) => state.categories.has(String(name))); }
function nodeVisible(n) {
  if (n.ghost) { if (!state.problems || !state.relations.has("missing")) return false; }
  else if (!(inGroups(n) && state.statuses.has(n.status || ""))) return false;
  return !(state.problems && state.only && !isProblem(n));
}
function edgeVisible(e) {
  if (!state.relations.has(e.ghost ? "missing" : e.relation)) return false;
  if (e.ghost && !(state.problems && state.relations.has(e.relation))) return false;
  if (state.problems && state.only && !(markOf(e) >= 0 || e.ghost)) return false;
  return nodeVisible(byId.get(e.from)) && nodeVisible(byId.get(e.to));
}

/* ---- vis items ---------------------------------------------------------------------- */
function nodeSize(n) { return Math.min(42, 7 + 3.2 * Math.sqrt(n.degree || 0)); }
/* The style of a node: only what differs from the defaults in `options` (vis parses every key of
 * every item, and at 10,000+ items that is most of the start-up time). */
function nodeStyle(n) {
  const mark = markOf(n);
  const fill = fillOf(n);
  const border = mark >= 0 ? SEVERITY_COLOURS[mark] : (n.ghost ? GHOST.border : "#30363d");
  const item = { id: n.id, label: labelOf(n.id), sk: mark + "|" + labelOf(n.id),
                 color: { background: fill, border: border, highlight: { background: fill, border: "#000000" } } };
  item.borderWidth = (mark >= 0 || n.ghost) ? 3 : (n.status === "approved" ? 2 : 1);
  return item;
}
function visNode(n, x, y) {
  const item = nodeStyle(n);
  item.x = x; item.y = y; item.size = nodeSize(n);
  if (item.borderWidth === 1) delete item.borderWidth;
  const shape = n.ghost ? "dot" : (SHAPES[n.status] || "dot");
  if (shape !== "dot") item.shape = shape;
  if (n.ghost || n.status === "deprecated") item.shapeProperties = { borderDashes: [4, 3] };
  if (n.status === "deprecated") item.opacity = 0.55;
  if (n.ghost) item.font = { color: "#a40e26" };
  return item;
}
function edgeStyle(e, i) {
  const mark = markOf(e);
  const item = { id: i, sk: String(mark) };
  item.color = e.ghost ? MISSING : (e.relation === "broader" ? BROADER : null);
  item.width = mark >= 0 ? 3 : 1;
  if (mark >= 0) item.color = { color: SEVERITY_COLOURS[mark], highlight: "#0969da", inherit: false };
  if (!item.color) delete item.color;
  return item;
}
function visEdge(e, i, dashed) {
  const item = edgeStyle(e, i);
  item.from = e.from; item.to = e.to;
  if (item.width === 1) delete item.width;
  if (e.relation === "broader") item.arrows = "to";
  else if (dashed) item.dashes = true; /* dashed lines cost ~8 s of drawing at 10,000 terms */
  return item;
}
/* The links findings of severity "suggestion" propose, as dotted grey lines (problems mode only). */
function suggestedEdges(shown) {
  if (!state.problems) return [];
  const out = [];
  DATA.suggested.forEach((s, k) => {
    if (shown.has(s.from) && shown.has(s.to)) {
      out.push({ id: "s" + k, from: s.from, to: s.to, dashes: [2, 5], color: SUGGESTED, width: 1.5,
                 title: DATA.findings[s.finding].message, suggested: true });
    }
  });
  return out;
}

/* ---- small DOM helpers (text only) ------------------------------------------------ */
function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
function byIdEl(id) { return document.getElementById(id); }
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
function termButton(id, cls) {
  const n = byId.get(id);
  const b = el("button", labelOf(id), (cls || "gg-link") + (n && n.ghost ? " gg-missing" : ""));
  b.type = "button"; b.dataset.target = id;
  b.addEventListener("click", () => select(id));
  return b;
}
