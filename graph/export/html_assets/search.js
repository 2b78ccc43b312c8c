/* glossgraph explorer, part 3 of 6: search (typo-tolerant) and its keyboard path. */
/* ---- search: Damerau-Levenshtein (optimal string alignment) over labels and aliases ---- */
function fold(text) { return String(text).normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim(); }
const names = [];
DATA.nodes.forEach((n) => {
  if (n.ghost) return;
  names.push({ key: fold(n.label), id: n.id, via: null });
  ((n.card && n.card.aliases) || []).forEach((a) => names.push({ key: fold(a), id: n.id, via: String(a) }));
  const labels = n.card && n.card.labels;
  if (labels && typeof labels === "object") {
    Object.keys(labels).forEach((lang) => names.push({ key: fold(labels[lang]), id: n.id, via: labels[lang] + " (" + lang + ")" }));
  }
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
function literal(q, key) {
  if (key === q) return 0;
  if (key.startsWith(q)) return 0.1;
  if (key.includes(" " + q)) return 0.2;
  return key.includes(q) ? 0.3 : Infinity;
}
/* Literal matches first; the typo-tolerant pass (the slow one) only when they are too few. */
function search(text, limit) {
  const q = fold(text);
  if (!q) return [];
  limit = limit || 10;
  const rank = (scoring) => {
    const best = new Map();
    names.forEach((entry) => {
      const s = scoring(q, entry.key);
      if (s === Infinity) return;
      const seen = best.get(entry.id);
      if (!seen || s < seen.score) best.set(entry.id, { id: entry.id, score: s, via: entry.via });
    });
    return Array.from(best.values()).sort((a, b) => a.score - b.score || byLabel(a.id, b.id)).slice(0, limit);
  };
  const quick = rank(literal);
  return quick.length >= limit ? quick : rank(score);
}
function showResults(results) {
  const list = clear(byIdEl("gg-results"));
  results.forEach((r) => {
    const b = el("button", labelOf(r.id));
    b.type = "button"; b.dataset.target = r.id; b.tabIndex = -1;
    if (r.via) b.appendChild(el("span", "also: " + r.via, "gg-via"));
    b.addEventListener("click", () => { clear(list); select(r.id, { focusCard: true }); });
    const li = el("li"); li.appendChild(b); list.appendChild(li);
  });
}
/* Arrow keys move through the results; Escape goes back to the box, then clears it. */
function moveInResults(event) {
  const buttons = Array.from(document.querySelectorAll("#gg-results button"));
  if (!buttons.length) return false;
  const at = buttons.indexOf(document.activeElement);
  let next = null;
  if (event.key === "ArrowDown") next = at < 0 ? 0 : Math.min(buttons.length - 1, at + 1);
  else if (event.key === "ArrowUp") next = at <= 0 ? -1 : at - 1;
  else return false;
  event.preventDefault();
  if (next < 0) byIdEl("gg-search").focus(); else buttons[next].focus();
  return true;
}
function wireSearch() {
  const input = byIdEl("gg-search");
  let timer = null;
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => showResults(search(input.value, 8)), 120); });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      clearTimeout(timer);
      const hits = search(input.value, 1);
      showResults([]);
      if (hits.length) select(hits[0].id, { focusCard: true });
    } else if (event.key === "ArrowDown" && !byIdEl("gg-results").firstChild) {
      clearTimeout(timer); showResults(search(input.value, 8)); moveInResults(event);
    }
  });
  byIdEl("gg-search-box").addEventListener("keydown", (event) => { if (!event.defaultPrevented) moveInResults(event); });
}
