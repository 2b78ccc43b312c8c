/* glossgraph explorer, part 5 of 6: what the map draws.
 *  - "map": every term at its precomputed (or physics-relaxed) position; filters hide items in place.
 *  - "overview" (from DATA.aggregate terms): subtrees of the broader hierarchy drawn as cluster nodes
 *    sized by their members, opened on click; never every node at once.
 *  - "local": the neighbourhood of the selected term (1-3 links) and its whole broader chain to the
 *    top, laid out again in layers (broader above, narrower below) and fitted with legible labels.
 * The vis DataSets of local graphs and the overview only ever hold what is drawn, so every change costs
 * what is on screen. The whole map is drawn on a surface of its own, built once and kept while a local
 * graph is shown on the other: going back to it (reset, "whole map") costs one frame, not re-adding
 * every item (0.3-0.4 s at 1,000-1,500 terms). */
const LOCAL_LIMIT = 160;
const OVERVIEW_TARGET = 28;
const OVERVIEW_MAX = 90;
const ROW_GAP = 110;
const ROW_GAP_MIN = 62;
const view = { kind: null, expanded: new Set(), openGroups: new Set() };
/* The surface on screen ("map" or "view"): its vis network and DataSets (see makeSurface in part 6). */
const surfaces = {};
let network = null;
let nodes = null;
let edges = null;
let mapStyled = null;  /* the style key the map's items were last styled with */
const hiddenNodes = new Set();  /* map items hidden by a filter */
const hiddenEdges = new Set();

function showSurface(name) {
  if (!surfaces[name]) surfaces[name] = makeSurface(name, [], []);
  Object.keys(surfaces).forEach((k) => surfaces[k].box.classList.toggle("gg-off", k !== name));
  const s = surfaces[name];
  network = s.network; nodes = s.nodes; edges = s.edges;
  Object.assign(api, { network: network, nodes: nodes, edges: edges });
}

function labelWidth(text, font) { return Math.max(70, String(text).length * (font || FONT) * 0.56 + 34); }
function canvasSize() {
  const box = byIdEl("gg-network").getBoundingClientRect();
  return { width: Math.max(200, box.width), height: Math.max(200, box.height) };
}
/* Layers top to bottom; in each, items ordered by where their placed neighbours are, and wrapped in
 * rows no wider than the canvas at a legible scale. Returns id -> [x, y]. */
function layered(ids, levelOf, widthOf, neighbours) {
  const levels = new Map();
  ids.forEach((id) => { const l = levelOf(id); if (!levels.has(l)) levels.set(l, []); levels.get(l).push(id); });
  const size = canvasSize();
  const maxWidth = size.width / LEGIBLE_SCALE - 40;
  const pos = new Map();
  const lines = [];
  Array.from(levels.keys()).sort((a, b) => a - b).forEach((level) => {
    const row = levels.get(level);
    const key = new Map(row.map((id, k) => {
      const xs = neighbours(id).filter((o) => pos.has(o)).map((o) => pos.get(o)[0]);
      return [id, xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 1e9 + k];
    }));
    row.sort((a, b) => key.get(a) - key.get(b));
    const mine = [[]];
    let width = 0;
    row.forEach((id) => {
      const w = widthOf(id);
      if (width + w > maxWidth && mine[mine.length - 1].length) { mine.push([]); width = 0; }
      mine[mine.length - 1].push(id); width += w;
    });
    mine.forEach((line) => {  /* x now, so that the next level can order itself under this one */
      const total = line.reduce((s, id) => s + widthOf(id), 0);
      let x = -total / 2;
      line.forEach((id) => { const w = widthOf(id); pos.set(id, [Math.round(x + w / 2), 0]); x += w; });
      lines.push(line);
    });
  });
  /* rows as close as labels allow when that lets everything fit at a legible scale */
  const gap = Math.max(ROW_GAP_MIN, Math.min(ROW_GAP, (size.height / LEGIBLE_SCALE - 80) / Math.max(1, lines.length - 1)));
  lines.forEach((line, k) => line.forEach((id) => { pos.get(id)[1] = Math.round(k * gap); }));
  return pos;
}
/* Fit what is drawn, but never below a legible scale (then keep the middle, or `centre` if it would be
 * off screen) nor above 1.6. */
function fitLegible(centre) {
  network.fit({ animation: false });
  const scale = network.getScale();
  if (scale < LEGIBLE_SCALE) {
    network.moveTo({ position: network.getViewPosition(), scale: LEGIBLE_SCALE, animation: false });
    if (centre !== undefined && nodes.get(centre)) {
      const p = network.canvasToDOM(network.getPosition(centre));
      const size = canvasSize();
      if (p.x < 20 || p.y < 20 || p.x > size.width - 20 || p.y > size.height - 20) {
        network.moveTo({ position: network.getPosition(centre), scale: LEGIBLE_SCALE, animation: false });
      }
    }
  } else if (scale > 1.6) network.moveTo({ scale: 1.6, animation: false });
}
function replaceItems(nodeItems, edgeItems) {
  showSurface("view");
  nodes.clear(); edges.clear();
  nodes.add(nodeItems); edges.add(edgeItems);
}

/* ---- the whole map (vocabularies below the aggregation threshold) ---------------------------- */
function drawMap() {
  view.kind = "map";
  showSurface("map");
  syncMap();
  if (mapStyled !== styleKey()) restyle();
}
function leaveMap() {
  if (view.kind === "map") settle("left");
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
function syncMap(surface) {
  const map = surface || surfaces.map;
  sync(DATA.nodes, hiddenNodes, nodeVisible, map.nodes, (n) => n.id);
  sync(DATA.edges, hiddenEdges, edgeVisible, map.edges, (e, i) => i);
}
/* Restyle the map after the problems mode, the severities or the language changed. */
function styleKey() { return [state.problems, Array.from(state.severities).sort().join(), state.lang].join("|"); }
/* Only the items whose mark or label changed are updated (vis re-reads every updated item). */
function restyle() {
  mapStyled = styleKey();
  const drawnNodes = new Map(nodes.get({ fields: ["id", "sk"] }).map((x) => [x.id, x.sk]));
  const nodeChanges = [];
  drawnNodes.forEach((key, id) => {
    const n = byId.get(id);
    if (!n) return;
    const style = nodeStyle(n);
    if (style.sk !== key) nodeChanges.push(style);
  });
  if (nodeChanges.length) nodes.update(nodeChanges);
  const edgeChanges = [];
  edges.get({ fields: ["id", "sk"] }).forEach((x) => {
    if (typeof x.id !== "number") return;
    const style = edgeStyle(DATA.edges[x.id], x.id);
    if (style.sk !== x.sk) edgeChanges.push(style);
  });
  if (edgeChanges.length) edges.update(edgeChanges);
  const suggested = edges.getIds({ filter: (e) => e.suggested });
  if (suggested.length) edges.remove(suggested);
  if (state.problems) edges.add(suggestedEdges(new Set(drawnNodes.keys())));
}

/* ---- the local graph ------------------------------------------------------------------------ */
function neighbourhood(id, depth) {
  const level = new Map([[id, 0]]);
  let frontier = [id];
  for (let d = 0; d < depth && frontier.length && level.size < LOCAL_LIMIT; d++) {
    const next = [];
    frontier.forEach((at) => adjacency.get(at).forEach((i) => {
      const e = DATA.edges[i];
      if (!edgeVisible(e)) return;
      const other = e.from === at ? e.to : e.from;
      if (level.has(other) || level.size >= LOCAL_LIMIT) return;
      const step = e.relation === "related" || e.ghost ? 0 : (e.from === at ? -1 : 1);
      level.set(other, level.get(at) + step);
      next.push(other);
    }));
    frontier = next;
  }
  let up = [id];  /* the whole broader chain up to the top, whatever the depth */
  const walked = new Set(up);
  while (up.length) {
    const next = [];
    up.forEach((at) => (parentsOf.get(at) || []).forEach((p) => {
      if (walked.has(p) || !nodeVisible(byId.get(p))) return;
      walked.add(p); next.push(p);
      if (!level.has(p)) level.set(p, level.get(at) - 1);
    }));
    up = next;
  }
  return level;
}
function drawLocal(id, depth) {
  leaveMap();
  view.kind = "local";
  const level = neighbourhood(id, depth);
  const ids = Array.from(level.keys());
  const around = (x) => adjacency.get(x).map((i) => DATA.edges[i]).map((e) => (e.from === x ? e.to : e.from));
  const pos = layered(ids, (x) => level.get(x), (x) => labelWidth(labelOf(x)), around);
  const shown = new Set(ids);
  const edgeItems = [];
  ids.forEach((x) => adjacency.get(x).forEach((i) => {
    const e = DATA.edges[i];
    if (e.from === x && shown.has(e.to) && edgeVisible(e)) edgeItems.push(visEdge(e, i, true));
  }));
  const nodeItems = ids.map((x) => {
    const item = visNode(byId.get(x), pos.get(x)[0], pos.get(x)[1]);
    if (x === id) item.font = Object.assign({}, item.font, { size: FONT + 4, bold: true });
    return item;
  });
  replaceItems(nodeItems, edgeItems.concat(suggestedEdges(shown)));
  network.selectNodes([id]);
  fitLegible(id);
}

/* ---- the overview: the hierarchy cut into clusters ----------------------------------------------- */
let forest = null;
/* A spanning forest of the broader hierarchy (breadth first, roots by label), with subtree sizes. */
function spanningForest() {
  if (forest) return forest;
  const roots = treeRoots();
  const parent = new Map(); const kids = new Map(); const order = [];
  const seen = new Set(roots);
  roots.forEach((r) => { order.push(r); parent.set(r, null); });
  for (let k = 0; k < order.length; k++) {
    const at = order[k];
    (childrenOf.get(at) || []).slice().sort(byLabel).forEach((c) => {
      if (seen.has(c)) return;
      seen.add(c); order.push(c); parent.set(c, at);
      if (!kids.has(at)) kids.set(at, []);
      kids.get(at).push(c);
    });
  }
  forest = { roots: roots, parent: parent, kids: kids, order: order };
  return forest;
}
/* How many terms each subtree holds that the filters keep. */
function visibleSizes() {
  const f = spanningForest();
  const size = new Map();
  for (let k = f.order.length - 1; k >= 0; k--) {
    const id = f.order[k];
    let s = nodeVisible(byId.get(id)) ? 1 : 0;
    (f.kids.get(id) || []).forEach((c) => { s += size.get(c); });
    size.set(id, s);
  }
  return size;
}
/* Without a hierarchy worth cutting (many top concepts), the top level groups them by category. */
function topBuckets() {
  const f = spanningForest();
  if (f.roots.length <= OVERVIEW_MAX) return null;
  const buckets = new Map();
  f.roots.forEach((r) => {
    const name = DATA.grouping === "category" ? groupsOf(byId.get(r))[0] : initialOf(r);
    if (!buckets.has(name)) buckets.set(name, []);
    buckets.get(name).push(r);
  });
  return buckets;
}
function openOverview() {
  const f = spanningForest();
  const size = visibleSizes();
  view.expanded = new Set();
  view.openGroups = new Set();
  if (topBuckets()) return;
  let count = f.roots.length;
  const open = f.roots.filter((r) => (f.kids.get(r) || []).length);  /* clusters that could be opened */
  while (open.length) {  /* open the biggest cluster while the view stays small */
    let at = 0;
    open.forEach((id, k) => { if (size.get(id) > size.get(open[at])) at = k; });
    const best = open[at];
    const kids = f.kids.get(best);
    if (count >= OVERVIEW_TARGET || count + kids.length > OVERVIEW_MAX) break;
    open.splice(at, 1);
    view.expanded.add(best);
    count += kids.length;
    kids.forEach((c) => { if ((f.kids.get(c) || []).length) open.push(c); });
  }
}
function overviewItems() {
  const f = spanningForest();
  const size = visibleSizes();
  const items = []; const level = new Map(); const up = new Map();
  const visit = (id, depth, parentItem) => {
    if (!size.get(id)) return;
    const kids = f.kids.get(id) || [];
    const key = kids.length && !view.expanded.has(id) ? "c:" + id : id;
    items.push(key); level.set(key, depth); up.set(key, parentItem);
    if (key === id) kids.forEach((c) => visit(c, depth + 1, id));
  };
  const buckets = topBuckets();
  if (!buckets) f.roots.forEach((r) => visit(r, 0, null));
  else {
    Array.from(buckets.keys()).sort().forEach((name) => {
      const members = buckets.get(name).filter((r) => size.get(r));
      if (!members.length) return;
      if (!view.openGroups.has(name)) {
        const key = "g:" + name;
        items.push(key); level.set(key, 0); up.set(key, null);
      } else members.forEach((r) => visit(r, 1, null));
    });
  }
  return { items: items, level: level, up: up, size: size, buckets: buckets };
}
function clusterNode(key, members, x, y) {
  const group = key.startsWith("g:");
  const name = group ? key.slice(2) : labelOf(key.slice(2));
  const colour = group ? (categoryColour.get(name) || "#c7ccd1") : fillOf(byId.get(key.slice(2)));
  return { id: key, label: (name || "(no category)") + " \u00B7 " + members, x: x, y: y, shape: "dot",
           size: Math.min(30, 10 + 0.8 * Math.sqrt(members)), borderWidth: 2,
           color: { background: colour, border: "#30363d", highlight: { background: colour, border: "#000000" } },
           font: { size: FONT + 2, bold: true }, cluster: true, title: members + " terms: click to open" };
}
function drawOverview() {
  leaveMap();
  view.kind = "overview";
  const o = overviewItems();
  const members = (key) => (key.startsWith("g:") ? o.buckets.get(key.slice(2)).reduce((s, r) => s + o.size.get(r), 0)
    : o.size.get(key.slice(2)));
  const width = (key) => (key.includes(":") ? labelWidth(key.startsWith("g:") ? key : labelOf(key.slice(2)) + " 000000", FONT + 2)
    : labelWidth(labelOf(key)));
  const pos = layered(o.items, (k) => o.level.get(k), width, (k) => (o.up.get(k) ? [o.up.get(k)] : []));
  const shown = new Set(o.items);
  const nodeItems = o.items.map((k) => (k.includes(":") && !byId.has(k) ? clusterNode(k, members(k), pos.get(k)[0], pos.get(k)[1])
    : visNode(byId.get(k), pos.get(k)[0], pos.get(k)[1])));
  const edgeItems = [];
  o.items.forEach((k) => {
    const p = o.up.get(k);
    if (p && k.startsWith("c:")) edgeItems.push({ id: "t:" + k, from: k, to: p, arrows: "to", color: BROADER });
    if (byId.has(k)) {
      adjacency.get(k).forEach((i) => {
        const e = DATA.edges[i];
        if (e.from === k && shown.has(e.to) && edgeVisible(e)) edgeItems.push(visEdge(e, i, true));
      });
    }
  });
  replaceItems(nodeItems, edgeItems.concat(suggestedEdges(shown)));
  fitLegible();
}
function openCluster(key) {
  if (key.startsWith("g:")) view.openGroups.add(key.slice(2)); else view.expanded.add(key.slice(2));
  drawOverview();
  if (nodes.get(key.slice(2))) network.selectNodes([key.slice(2)]);
}
/* The term inside the overview: every cluster above it opened. */
function revealInOverview(id) {
  const f = spanningForest();
  let at = f.parent.get(id);
  let top = id;
  while (at !== undefined && at !== null) { view.expanded.add(at); top = at; at = f.parent.get(at); }
  const buckets = topBuckets();
  if (buckets) buckets.forEach((roots, name) => { if (roots.includes(top)) view.openGroups.add(name); });
  drawOverview();
}
