// The branch map: boxes for nodes and endings, arrows for choices, automatic layered layout,
// drag to move (positions kept by the page in a side file), wheel to zoom, drag the background to pan.
const SVG = "http://www.w3.org/2000/svg";
const BOX_W = 190, BOX_H = 64, GAP_X = 110, GAP_Y = 36;

function el(name, attrs = {}, parent = null) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (parent) parent.append(e);
  return e;
}

function firstLine(say) {
  const line = Array.isArray(say) ? say[0] : say;
  const text = typeof line === "string" ? line : "";
  return text.length > 30 ? text.slice(0, 29) + "…" : text;
}

// Columns by distance from the start (breadth first); nodes never reached go in a last column.
// Within a column, boxes are ordered by the average row of the boxes that lead to them.
export function autoLayout(data) {
  const nodes = data.nodes || {}, endings = data.endings || {};
  const ids = [...Object.keys(nodes), ...Object.keys(endings)];
  const depth = new Map();
  const queue = [];
  if (data.start in nodes) { depth.set(data.start, 0); queue.push(data.start); }
  const preds = new Map(ids.map((id) => [id, []]));
  for (const [id, node] of Object.entries(nodes)) {
    for (const c of node.choices || []) {
      if (c && preds.has(c.next)) preds.get(c.next).push(id);
    }
  }
  while (queue.length) {
    const id = queue.shift();
    for (const c of (nodes[id] && nodes[id].choices) || []) {
      if (c && preds.has(c.next) && !depth.has(c.next)) {
        depth.set(c.next, depth.get(id) + 1);
        queue.push(c.next);
      }
    }
  }
  const maxDepth = Math.max(0, ...depth.values());
  for (const id of ids) if (!depth.has(id)) depth.set(id, maxDepth + 1);
  const columns = [];
  for (const id of ids) (columns[depth.get(id)] ||= []).push(id);
  const row = new Map();
  const pos = {};
  columns.forEach((col, x) => {
    col = col || [];
    const bary = (id) => {
      const ps = preds.get(id).filter((p) => row.has(p));
      return ps.length ? ps.reduce((s, p) => s + row.get(p), 0) / ps.length : Infinity;
    };
    col.sort((a, b) => bary(a) - bary(b) || (a in endings) - (b in endings));
    col.forEach((id, y) => {
      row.set(id, y);
      pos[id] = [40 + x * (BOX_W + GAP_X), 40 + y * (BOX_H + GAP_Y)];
    });
  });
  return pos;
}

function effectLabel(choice, index) {
  const parts = [];
  let total = 0;
  for (const [name, v] of Object.entries(choice.effects || {})) {
    if (typeof v !== "number" || v === 0) continue;
    total += v;
    parts.push(`${v > 0 ? "+" : "−"}${Math.abs(v)} ${name.slice(0, 4)}`);
  }
  const critical = Array.isArray(choice.critical) && choice.critical.length > 0;
  let text = `${index + 1}: ${parts.join(" ") || "±0"}`;
  if (critical) text += ` ⚠ ${choice.critical.join(", ")}`;
  const kind = critical ? "critical" : total > 0 ? "gain" : total < 0 ? "loss" : "even";
  return { text, kind };
}

export class BranchMap {
  constructor(svg, { onSelect, onMoved }) {
    this.svg = svg;
    this.onSelect = onSelect;
    this.onMoved = onMoved;
    this.view = { x: 0, y: 0, k: 1 };
    this.positions = {};
    svg.replaceChildren();
    const defs = el("defs", {}, svg);
    for (const kind of ["gain", "loss", "even", "critical"]) {
      const m = el("marker", { id: `arrow-${kind}`, viewBox: "0 0 10 10", refX: "10", refY: "5",
        markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" }, defs);
      el("path", { d: "M 0 0 L 10 5 L 0 10 z", class: `arrowhead ${kind}` }, m);
    }
    this.root = el("g", { id: "viewport" }, svg);
    this.edges = el("g", { class: "edges" }, this.root);
    this.boxes = el("g", { class: "boxes" }, this.root);
    this._panZoom();
  }

  _apply() {
    const { x, y, k } = this.view;
    this.root.setAttribute("transform", `translate(${x} ${y}) scale(${k})`);
  }

  _panZoom() {
    this.svg.addEventListener("wheel", (ev) => {
      ev.preventDefault();
      const r = this.svg.getBoundingClientRect();
      const mx = ev.clientX - r.left, my = ev.clientY - r.top;
      const k2 = Math.min(3, Math.max(0.15, this.view.k * Math.exp(-ev.deltaY * 0.0015)));
      this.view.x = mx - ((mx - this.view.x) * k2) / this.view.k;
      this.view.y = my - ((my - this.view.y) * k2) / this.view.k;
      this.view.k = k2;
      this._apply();
    }, { passive: false });
    let pan = null;
    this.svg.addEventListener("pointerdown", (ev) => {
      if (ev.target.closest(".box")) return;
      pan = { sx: ev.clientX, sy: ev.clientY, x: this.view.x, y: this.view.y };
      this.svg.setPointerCapture(ev.pointerId);
    });
    this.svg.addEventListener("pointermove", (ev) => {
      if (!pan) return;
      this.view.x = pan.x + ev.clientX - pan.sx;
      this.view.y = pan.y + ev.clientY - pan.sy;
      this._apply();
    });
    this.svg.addEventListener("pointerup", () => { pan = null; });
  }

  zoomBy(factor) {
    this.view.k = Math.min(3, Math.max(0.15, this.view.k * factor));
    this._apply();
  }

  fit() {
    const xs = Object.values(this.positions);
    if (!xs.length) return;
    const r = this.svg.getBoundingClientRect();
    const maxX = Math.max(...xs.map((p) => p[0])) + BOX_W + 40;
    const maxY = Math.max(...xs.map((p) => p[1])) + BOX_H + 40;
    const k = Math.min(1, (r.width || 800) / maxX, (r.height || 600) / maxY);
    this.view = { x: 0, y: 0, k: Math.max(0.45, k) };  // readable first; zoom out for the rest
    this._apply();
  }

  // data: the scenario; saved: positions kept for it; marks: id -> Set of classes; selected: id.
  render(data, saved, marks, selected) {
    const auto = autoLayout(data);
    const nodes = data.nodes || {}, endings = data.endings || {};
    const ids = [...Object.keys(nodes), ...Object.keys(endings)];
    // Boxes the trainer moved keep their place; the rest follow the automatic layout as the call grows.
    const positions = {};
    for (const id of ids) positions[id] = saved[id] || auto[id];
    this.positions = positions;
    this.edges.replaceChildren();
    this.boxes.replaceChildren();
    for (const [id, node] of Object.entries(nodes)) {
      (node.choices || []).forEach((choice, i) => {
        if (!choice || !(choice.next in positions)) return;
        this._edge(id, choice, i, positions[id], positions[choice.next], node.choices.length);
      });
    }
    for (const id of ids) {
      const isEnding = id in endings && !(id in nodes);
      const item = isEnding ? endings[id] : nodes[id];
      this._box(id, item || {}, isEnding, positions[id], marks.get(id), id === selected, id === data.start);
    }
    this._apply();
  }

  _edge(from, choice, i, a, b, count) {
    const { text, kind } = effectLabel(choice, i);
    const x1 = a[0] + BOX_W, y1 = a[1] + BOX_H / 2 + (i - (count - 1) / 2) * Math.min(12, 56 / Math.max(1, count - 1));
    const x2 = b[0], y2 = b[1] + BOX_H / 2;
    const back = x2 <= x1;
    const bend = back ? 80 + 20 * i : Math.max(40, (x2 - x1) / 2);
    const d = back
      ? `M ${x1} ${y1} C ${x1 + bend} ${y1 - 90 - 12 * i}, ${x2 - bend} ${y2 - 90 - 12 * i}, ${x2} ${y2}`
      : `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`;
    const g = el("g", { class: `edge ${kind}`, "data-from": from, "data-index": i, "data-to": choice.next }, this.edges);
    el("path", { d, "marker-end": `url(#arrow-${kind})` }, g);
    const lx = back ? (x1 + x2) / 2 : x1 + 14, ly = back ? Math.min(y1, y2) - 62 - 12 * i : y1 - 3 + (y2 - y1) * 0.08;
    const label = el("text", { x: lx, y: ly, class: "edge-label" }, g);
    label.textContent = text;
    const title = el("title", {}, g);
    title.textContent = `${from} → ${choice.next}: ${choice.text || ""}`;
  }

  _box(id, item, isEnding, p, classes, selected, isStart) {
    const cls = ["box", isEnding ? "ending" : "node", ...(classes || [])];
    if (selected) cls.push("selected");
    if (isStart) cls.push("start");
    const g = el("g", { class: cls.join(" "), "data-id": id, transform: `translate(${p[0]} ${p[1]})` }, this.boxes);
    el("rect", { width: BOX_W, height: BOX_H, rx: isEnding ? 24 : 6 }, g);
    const t = el("text", { x: 10, y: 22, class: "box-id" }, g);
    t.textContent = (isStart ? "▶ " : "") + id;
    const sub = el("text", { x: 10, y: 44, class: "box-line" }, g);
    sub.textContent = isEnding ? `ends: ${item.outcome || "?"}` : firstLine(item.say);
    const tip = el("title", {}, g);
    tip.textContent = [...(classes || [])].filter((c) => c !== "selected").join(", ");
    let drag = null;
    g.addEventListener("pointerdown", (ev) => {
      ev.stopPropagation();
      drag = { sx: ev.clientX, sy: ev.clientY, p: [...this.positions[id]], moved: false };
      g.setPointerCapture(ev.pointerId);
    });
    g.addEventListener("pointermove", (ev) => {
      if (!drag) return;
      const dx = (ev.clientX - drag.sx) / this.view.k, dy = (ev.clientY - drag.sy) / this.view.k;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      if (!drag.moved) return;
      this.positions[id] = [Math.round(drag.p[0] + dx), Math.round(drag.p[1] + dy)];
      g.setAttribute("transform", `translate(${this.positions[id][0]} ${this.positions[id][1]})`);
    });
    g.addEventListener("pointerup", () => {
      if (!drag) return;
      const moved = drag.moved;
      drag = null;
      if (moved) this.onMoved(id, this.positions[id]);
      else this.onSelect(id);
    });
  }
}
