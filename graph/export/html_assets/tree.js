/* glossgraph explorer, part 4 of 6: the side panel's tabs, the hierarchy tree (an ARIA tree) and the
 * A-Z index. Both render lazily (only opened branches, a few hundred rows at a time), so they stay quick
 * on vocabularies of tens of thousands of terms. */
const TREE_ROWS = 200;
let treeRootList = null;

/* Top concepts (terms without a broader term), then one entry per broader cycle no top concept reaches. */
function treeRoots() {
  if (treeRootList) return treeRootList;
  const terms = DATA.nodes.filter((n) => !n.ghost).map((n) => n.id);
  const roots = terms.filter((id) => !parentsOf.has(id)).sort(byLabel);
  const reached = new Set();
  const reach = (start) => {
    const stack = [start]; reached.add(start);
    while (stack.length) {
      (childrenOf.get(stack.pop()) || []).forEach((k) => { if (!reached.has(k)) { reached.add(k); stack.push(k); } });
    }
  };
  roots.forEach(reach);
  terms.filter((id) => !reached.has(id)).sort(byLabel).forEach((id) => { if (!reached.has(id)) { roots.push(id); reach(id); } });
  treeRootList = roots;
  return roots;
}
function treeItem(id, level, parent) {
  const li = el("li", null, "gg-treeitem");
  li.setAttribute("role", "treeitem");
  li.setAttribute("aria-level", String(level));
  li.setAttribute("aria-selected", String(id === state.selected));
  li.dataset.term = id;
  li.tabIndex = -1;
  const kids = childrenOf.get(id) || [];
  if (kids.length) li.setAttribute("aria-expanded", "false");
  const row = el("div", null, "gg-tree-row");
  const twisty = el("span", kids.length ? "\u25B8" : "", "gg-twisty");
  twisty.setAttribute("aria-hidden", "true");
  twisty.addEventListener("click", (event) => { event.stopPropagation(); toggleItem(li); });
  row.appendChild(twisty);
  row.appendChild(el("span", labelOf(id), "gg-tree-label"));
  if (kids.length) row.appendChild(el("span", String(kids.length), "gg-count"));
  const others = (parentsOf.get(id) || []).filter((p) => p !== parent);
  if (parent !== null && others.length) {
    row.appendChild(el("span", "also under " + others.slice().sort(byLabel).map(labelOf).join(", "), "gg-poly"));
  }
  row.addEventListener("click", () => { focusItem(li); select(id, { from: "tree" }); });
  li.appendChild(row);
  return li;
}
function fillGroup(group, ids, level, parent, start, upTo) {
  const end = Math.min(ids.length, Math.max(start + TREE_ROWS, upTo || 0));
  for (let k = start; k < end; k++) group.appendChild(treeItem(ids[k], level, parent));
  if (end < ids.length) {
    const li = el("li", null, "gg-tree-more");
    li.setAttribute("role", "none");
    const more = el("button", "show " + (ids.length - end) + " more", "gg-more");
    more.type = "button";
    more.addEventListener("click", () => { group.removeChild(li); fillGroup(group, ids, level, parent, end); });
    li.appendChild(more);
    group.appendChild(li);
  }
}
function expandItem(li, upTo) {
  if (li.getAttribute("aria-expanded") !== "false") return li.querySelector(":scope > ul");
  const id = li.dataset.term;
  const group = el("ul");
  group.setAttribute("role", "group");
  fillGroup(group, (childrenOf.get(id) || []).slice().sort(byLabel), Number(li.getAttribute("aria-level")) + 1, id, 0, upTo);
  li.appendChild(group);
  li.setAttribute("aria-expanded", "true");
  li.querySelector(".gg-twisty").textContent = "\u25BE";
  return group;
}
function collapseItem(li) {
  if (li.getAttribute("aria-expanded") !== "true") return;
  const group = li.querySelector(":scope > ul");
  if (group) {
    if (group.contains(document.activeElement)) focusItem(li);
    li.removeChild(group);
  }
  li.setAttribute("aria-expanded", "false");
  li.querySelector(".gg-twisty").textContent = "\u25B8";
}
function toggleItem(li) {
  if (li.getAttribute("aria-expanded") === "true") collapseItem(li); else expandItem(li);
}
function focusItem(li, move) {
  document.querySelectorAll("#gg-tree [role=treeitem][tabindex='0']").forEach((x) => { x.tabIndex = -1; });
  li.tabIndex = 0;
  if (move) li.focus();
}
function buildTree() {
  const tree = clear(byIdEl("gg-tree"));
  fillGroup(tree, treeRoots(), 1, null, 0);
  const first = tree.querySelector("[role=treeitem]");
  if (first) first.tabIndex = 0;
  tree.addEventListener("keydown", treeKey);
}
function childItem(group, id) {
  return group ? Array.from(group.children).find((li) => li.dataset.term === id) || null : null;
}
/* Arrow keys as in the ARIA tree pattern; Enter selects the term; Home and End. */
function treeKey(event) {
  const li = event.target.closest("[role=treeitem]");
  if (!li) return;
  const items = Array.from(document.querySelectorAll("#gg-tree [role=treeitem]"));
  const at = items.indexOf(li);
  let next = null;
  switch (event.key) {
    case "ArrowDown": next = items[at + 1]; break;
    case "ArrowUp": next = items[at - 1]; break;
    case "Home": next = items[0]; break;
    case "End": next = items[items.length - 1]; break;
    case "ArrowRight":
      if (li.getAttribute("aria-expanded") === "false") expandItem(li);
      else if (li.getAttribute("aria-expanded") === "true") next = li.querySelector(":scope > ul > [role=treeitem]");
      break;
    case "ArrowLeft":
      if (li.getAttribute("aria-expanded") === "true") collapseItem(li);
      else next = li.parentElement.closest("[role=treeitem]");
      break;
    case "Enter": case " ": select(li.dataset.term, { from: "tree" }); break;
    default: return;
  }
  event.preventDefault();
  if (next) focusItem(next, true);
}
/* Open the tree down to `id` along its first broader chain: ancestors open, siblings shown. */
function revealInTree(id) {
  document.querySelectorAll("#gg-tree [aria-selected=true]").forEach((x) => x.setAttribute("aria-selected", "false"));
  const n = byId.get(id);
  if (!n || n.ghost) return null;
  const chain = (broaderChains(id, 1)[0] || []).slice().reverse().concat([id]);
  const roots = treeRoots();
  let group = byIdEl("gg-tree");
  let li = null;
  for (let k = 0; k < chain.length; k++) {
    li = childItem(group, chain[k]);
    if (!li && k === 0) {
      const index = roots.indexOf(chain[0]);
      if (index < 0) return null;
      const more = group.querySelector(":scope > .gg-tree-more");
      if (more) group.removeChild(more);
      fillGroup(group, roots, 1, null, group.querySelectorAll(":scope > [role=treeitem]").length, index + 1);
      li = childItem(group, chain[0]);
    }
    if (!li) return null;
    if (k < chain.length - 1) {
      const kids = (childrenOf.get(chain[k]) || []).slice().sort(byLabel);
      group = expandItem(li, kids.indexOf(chain[k + 1]) + 1);
      if (!childItem(group, chain[k + 1])) {  /* opened before, with fewer rows: open it again */
        collapseItem(li); group = expandItem(li, kids.indexOf(chain[k + 1]) + 1);
      }
    }
  }
  li.setAttribute("aria-selected", "true");
  focusItem(li);
  li.scrollIntoView({ block: "nearest" });
  return li;
}

/* ---- A-Z index ---------------------------------------------------------------------------- */
let alphabet = null;
function initialOf(id) {
  const first = fold(labelOf(id)).charAt(0).toUpperCase();
  return /\p{L}/u.test(first) ? first : "#";
}
function buildIndex() {
  alphabet = new Map();
  DATA.nodes.forEach((n) => {
    if (n.ghost) return;
    const letter = initialOf(n.id);
    if (!alphabet.has(letter)) alphabet.set(letter, []);
    alphabet.get(letter).push(n.id);
  });
  const letters = clear(byIdEl("gg-letters"));
  Array.from(alphabet.keys()).sort((a, b) => (a === "#") - (b === "#") || a.localeCompare(b)).forEach((letter) => {
    const b = el("button", letter, "gg-letter");
    b.type = "button"; b.dataset.letter = letter;
    b.setAttribute("aria-label", letter + ": " + alphabet.get(letter).length + " terms");
    b.addEventListener("click", () => showLetter(letter));
    letters.appendChild(b);
  });
  const first = letters.querySelector("button");
  if (first) showLetter(first.dataset.letter);
}
function showLetter(letter) {
  const list = clear(byIdEl("gg-az-list"));
  document.querySelectorAll("#gg-letters button").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.letter === letter)));
  const ids = alphabet.get(letter).slice().sort(byLabel);
  const fill = (start) => {
    const end = Math.min(ids.length, start + TREE_ROWS);
    for (let k = start; k < end; k++) { const li = el("li"); li.appendChild(termButton(ids[k], "gg-az-term")); list.appendChild(li); }
    if (end < ids.length) {
      const li = el("li");
      const more = el("button", "show " + (ids.length - end) + " more", "gg-more");
      more.type = "button";
      more.addEventListener("click", () => { list.removeChild(li); fill(end); });
      li.appendChild(more); list.appendChild(li);
    }
  };
  fill(0);
}

/* ---- side panel tabs and the phone button ---------------------------------------------------- */
function showTab(name, focus) {
  document.querySelectorAll("#gg-tabs [role=tab]").forEach((tab) => {
    const on = tab.id === "gg-tab-" + name;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    byIdEl(tab.getAttribute("aria-controls")).hidden = !on;
    if (on && focus) tab.focus();
  });
  if (name === "az" && alphabet === null) buildIndex();
}
function wireSide() {
  const tabs = () => Array.from(document.querySelectorAll("#gg-tabs [role=tab]")).filter((t) => !t.hidden);
  document.querySelectorAll("#gg-tabs [role=tab]").forEach((tab) => {
    tab.addEventListener("click", () => showTab(tab.id.slice(7)));
    tab.addEventListener("keydown", (event) => {
      const list = tabs();
      const at = list.indexOf(tab);
      if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
      event.preventDefault();
      const next = list[(at + (event.key === "ArrowRight" ? 1 : list.length - 1)) % list.length];
      showTab(next.id.slice(7), true);
    });
  });
  const button = byIdEl("gg-side-toggle");
  button.addEventListener("click", () => {
    const open = !document.body.classList.contains("gg-side-open");
    document.body.classList.toggle("gg-side-open", open);
    button.setAttribute("aria-expanded", String(open));
  });
}
