/* glossgraph explorer, part 6 of 6: the network, selection and history, the controls, start-up. */
const usePhysics = DATA.physics && !AGGREGATE;
function surfaceOptions(map) {
  return {
    autoResize: true,
    layout: { randomSeed: 7, improvedLayout: false },
    physics: map && usePhysics ? {
      enabled: true, solver: "barnesHut",
      barnesHut: { gravitationalConstant: -4000, springLength: 110, springConstant: 0.03, avoidOverlap: 0.1, damping: 0.3 },
      minVelocity: 1.5,
      /* a short relaxation before the first draw (fewer steps on bigger graphs), then animated */
      stabilization: { enabled: true, iterations: Math.min(200, Math.round(60000 / Math.max(1, DATA.nodes.length))),
                       updateInterval: 1000, fit: true },
    } : false,
    interaction: { hover: false, hideEdgesOnDrag: map && LARGE, hideEdgesOnZoom: map && LARGE, multiselect: false },
    nodes: { shape: "dot", borderWidth: 1,
             font: { size: FONT, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff" },
             scaling: { label: { enabled: false, drawThreshold: 7 } } },
    edges: { smooth: false, width: 1,
             color: { color: "#afb8c1", highlight: "#0969da", inherit: false },
             arrows: { to: { enabled: false, scaleFactor: 0.6 } }, selectionWidth: 2 },
  };
}
/* A vis network in a box of its own inside #gg-network ("map": the whole map; "view": the rest);
 * `prepare` sees the filled DataSets before the network is made (and lays them out). */
function makeSurface(name, nodeItems, edgeItems, prepare) {
  const box = el("div", null, "gg-surface gg-off");
  box.id = "gg-surface-" + name;
  byIdEl("gg-network").appendChild(box);
  const s = { box: box, nodes: new vis.DataSet(nodeItems), edges: new vis.DataSet(edgeItems) };
  if (prepare) prepare(s);
  s.network = new vis.Network(box, { nodes: s.nodes, edges: s.edges }, surfaceOptions(name === "map"));
  s.network.on("click", (params) => {
    if (!params.nodes.length) return;
    const id = params.nodes[0];
    if (byId.has(id)) select(id, { from: "map" }); else openCluster(id);
  });
  return s;
}
resetFilters();
if (!AGGREGATE) {  /* the whole map, drawn at once (below the aggregation threshold) */
  view.kind = "map";
  surfaces.map = makeSurface("map", DATA.nodes.map((n) => visNode(n, n.x, n.y)),
    DATA.edges.map((e, i) => visEdge(e, i, !LARGE)).concat(suggestedEdges(new Set(byId.keys()))), syncMap);
  showSurface("map");
}
api.timings.datasets = performance.now();
Object.assign(api, { view: view, settle: () => settle("api") });
function settle(how) {
  if (api.settled) return;
  api.settledBy = how || "stabilized";
  api.settled = true;
  surfaces.map.network.setOptions({ physics: false });
  if (state.selected === null && view.kind === "map") network.fit({ animation: false });
}
api.settled = !usePhysics;
if (usePhysics) {
  surfaces.map.network.once("stabilized", () => settle("stabilized"));
  setTimeout(() => settle("timeout"), 5000);
}

/* ---- selection, history, depth, problems, language, reset ---------------------------------- */
function select(id, how) {
  how = how || {};
  if (!byId.has(id)) return false;
  if (!nodeVisible(byId.get(id))) {  /* hidden by a filter: show everything again */
    state.only = false; byIdEl("gg-only-problems").checked = false; resetFilters();
    if (byId.get(id).ghost && !state.problems) setProblems(true, true);
  }
  state.selected = id;
  drawSelection();
  showCard(id);
  revealInTree(id);
  setHash(id);
  showCounts();
  if (how.from !== "tree" && how.from !== "hash" && how.from !== "map") byIdEl("gg-card-heading").focus({ preventScroll: true });
  return true;
}
function drawSelection() {
  const id = state.selected;
  if (state.depth !== "map") { drawLocal(id, Number(state.depth)); return; }
  if (AGGREGATE) revealInOverview(id); else drawMap();
  network.selectNodes([id]);
  network.focus(id, { scale: Math.max(network.getScale(), LEGIBLE_SCALE), animation: false });
}
function hashId() {
  const text = location.hash.slice(1);
  if (!text) return null;
  try { return decodeURIComponent(text); } catch (err) { return null; }
}
function setHash(id) {
  const want = id === null ? "" : "#" + encodeURIComponent(id);
  if (location.hash === want || (!want && !location.hash)) return;
  try { location.hash = want; } catch (err) { /* a sandboxed frame may refuse: the page still works */ }
}
function fromHash() {
  const id = hashId();
  if (id === state.selected) return;
  if (id === null || !byId.has(id)) reset(true); else select(id, { from: "hash" });
}
/* Redraw what the map shows after a filter changed. */
function refresh() {
  if (state.selected !== null && state.depth !== "map") drawLocal(state.selected, Number(state.depth));
  else if (AGGREGATE) drawOverview();
  else drawMap();
  showCounts();
}
function setProblems(on, quiet) {
  state.problems = Boolean(on);
  byIdEl("gg-show-problems").checked = state.problems;
  byIdEl("gg-tab-problems").hidden = !state.problems;
  if (state.problems) showTab("problems"); else if (byIdEl("gg-tab-problems").getAttribute("aria-selected") === "true") showTab("tree");
  if (quiet) return;
  refresh();
  if (state.selected !== null) showCard(state.selected); else showOverview();
}
function setLanguage(lang) {
  if (!DATA.languages.includes(lang)) return;
  state.lang = lang;
  byIdEl("gg-lang").value = lang;
  refresh();
  buildTree();
  alphabet = null;
  if (!byIdEl("gg-pane-az").hidden) buildIndex();
  if (state.selected !== null) { showCard(state.selected); revealInTree(state.selected); } else showOverview();
}
function setDepth(value) {
  state.depth = String(value);
  byIdEl("gg-depth").value = state.depth;
  if (state.selected !== null) drawSelection(); else refresh();
  showCounts();
}
function reset(fromHistory) {
  state.selected = null; state.depth = "1"; state.only = false;
  byIdEl("gg-depth").value = state.depth;
  byIdEl("gg-only-problems").checked = false;
  byIdEl("gg-search").value = "";
  showResults([]);
  resetFilters();
  if (state.problems !== Boolean(DATA.problems)) setProblems(DATA.problems, true);
  if (AGGREGATE) { openOverview(); drawOverview(); } else {
    drawMap();
    network.unselectAll(); network.fit({ animation: false });
  }
  revealInTree(null);
  showOverview();
  showCounts();
  if (fromHistory !== true) setHash(null);
}
function visibleCounts() {
  return { nodes: nodes.get({ filter: (n) => !n.hidden }).length, edges: edges.get({ filter: (e) => !e.hidden }).length };
}
function showCounts() {
  const c = DATA.counts;
  const shown = visibleCounts();
  const plural = (k, word) => k + " " + word + (k === 1 ? "" : "s");
  let text = plural(c.terms, "term") + " \u00B7 " + plural(c.links, "link") + " declared";
  if (state.problems) text += " \u00B7 " + c.ghosts + " missing \u00B7 " + plural(c.findings, "finding");
  if (view.kind !== "map" || shown.nodes !== c.nodes) text += " (showing " + shown.nodes + ")";
  const counts = byIdEl("gg-counts");
  counts.textContent = text;
  counts.dataset.nodes = String(shown.nodes);
  counts.dataset.edges = String(shown.edges);
}
function wireControls() {
  byIdEl("gg-depth").addEventListener("change", (event) => setDepth(event.target.value));
  byIdEl("gg-show-problems").addEventListener("change", (event) => setProblems(event.target.checked));
  byIdEl("gg-only-problems").addEventListener("change", (event) => { state.only = event.target.checked; refresh(); });
  byIdEl("gg-reset").addEventListener("click", () => reset());
  window.addEventListener("hashchange", fromHash);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const input = byIdEl("gg-search");
    if (byIdEl("gg-results").firstChild) { showResults([]); input.focus(); }
    else if (document.activeElement === input && input.value) input.value = "";
    else if (state.selected !== null) reset();
    else return;
    event.preventDefault();
  });
  if (DATA.languages.length > 1) {
    const pick = byIdEl("gg-lang");
    DATA.languages.forEach((lang) => { const o = el("option", lang || "(none)"); o.value = lang; pick.appendChild(o); });
    pick.addEventListener("change", () => setLanguage(pick.value));
    byIdEl("gg-lang-box").hidden = false;
  }
}

byIdEl("gg-title").textContent = DATA.title;
buildLegend();
wireSearch();
wireSide();
wireControls();
buildTree();
setProblems(state.problems, true);
byIdEl("gg-depth").value = state.depth;
if (AGGREGATE) { openOverview(); drawOverview(); }
mapStyled = styleKey();
api.timings.network = performance.now();
showCounts();
showOverview();
network.once("afterDrawing", () => {
  api.firstDrawMs = performance.now();
  api.drawn = true;
  document.body.dataset.drawn = "1";
  const start = hashId();
  if (start !== null && byId.has(start)) select(start, { from: "hash" });
  else if (DATA.focus) select(DATA.focus, { from: "hash" });
});
Object.assign(api, { select: select, search: search, reset: reset, visibleCounts: visibleCounts, state: state,
                     setDepth: setDepth, setProblems: setProblems, setLanguage: setLanguage, refresh: refresh,
                     openCluster: openCluster });
