// Scenario Studio: the page. State lives here; the map (map.js) and the side panel (editor.js)
// draw it; every edit is checked by the server with the validator of `validate --strict`.
import { BranchMap } from "./map.js";
import { renderEditor, h, ID_RE } from "./editor.js";

const $ = (sel) => document.querySelector(sel);
const S = {
  files: [], meta: {}, name: null, version: null, data: null, saved: null, editable: false,
  problems: [], layout: {}, rubric: { principles: [], critical_errors: [] }, selected: null,
  undo: [], redo: [], lastKey: null, lastAt: 0, checkSeq: 0, saving: false, conflict: false,
};

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
  };
  const r = await fetch(path, options);
  const data = await r.json().catch(() => ({ error: r.statusText }));
  if (!r.ok) { const e = new Error(data.error || r.statusText); e.status = r.status; throw e; }
  return data;
}

function status(text, kind = "") {
  const s = $("#status");
  s.textContent = text;
  s.className = kind;
}

const dirty = () => S.data !== null && JSON.stringify(S.data) !== S.saved;

// --- editing, undo and redo ------------------------------------------------------------

function edit(fn, key = null) {
  const now = Date.now();
  // Typing in one field is one undo step, not one per key.
  if (!(key && key === S.lastKey && now - S.lastAt < 1500)) {
    S.undo.push(JSON.stringify(S.data));
    if (S.undo.length > 200) S.undo.shift();
  }
  S.lastKey = key; S.lastAt = now;
  S.redo = [];
  fn(S.data);
  changed(key === null);
}

function changed(redrawEditor) {
  drawMap();
  if (redrawEditor) drawEditor();
  drawToolbar();
  scheduleCheck();
}

function undo() {
  if (!S.undo.length) return;
  S.redo.push(JSON.stringify(S.data));
  S.data = JSON.parse(S.undo.pop());
  S.lastKey = null;
  if (S.selected && !itemOf(S.selected)) S.selected = null;
  changed(true);
}

function redo() {
  if (!S.redo.length) return;
  S.undo.push(JSON.stringify(S.data));
  S.data = JSON.parse(S.redo.pop());
  S.lastKey = null;
  changed(true);
}

function itemOf(sel) {
  if (!sel || !S.data) return null;
  return sel.kind === "node" ? (S.data.nodes || {})[sel.id] : (S.data.endings || {})[sel.id];
}

function freshId(base) {
  const taken = new Set([...Object.keys(S.data.nodes || {}), ...Object.keys(S.data.endings || {})]);
  let n = 1;
  while (taken.has(`${base}_${n}`)) n++;
  return `${base}_${n}`;
}

// Every place an id is referred to: start, on_patience_out, every choice's next and every
// condition naming it with `visited`.
function renameRefs(d, from, to) {
  if (d.start === from) d.start = to;
  if (d.on_patience_out === from) d.on_patience_out = to;
  const walkCond = (c) => {
    if (Array.isArray(c)) c.forEach(walkCond);
    else if (c && typeof c === "object") {
      for (const [k, v] of Object.entries(c)) {
        if (k === "visited" && v === from) c[k] = to;
        else walkCond(v);
      }
    }
  };
  for (const node of Object.values(d.nodes || {})) {
    for (const ch of node.choices || []) {
      if (!ch) continue;
      if (ch.next === from) ch.next = to;
      if (ch.if) walkCond(ch.if);
    }
  }
}

function renameKey(obj, from, to) {
  const out = {};
  for (const [k, v] of Object.entries(obj)) out[k === from ? to : k] = v;
  return out;
}

const ctx = {
  get data() { return S.data; },
  get rubric() { return S.rubric; },
  get outcomes() { return S.meta.outcomes || []; },
  edit,
  rename(kind, from, to) {
    if (to === from) return;
    const taken = { ...(S.data.nodes || {}), ...(S.data.endings || {}) };
    if (!ID_RE.test(to)) { status(`'${to}' is not a valid id: lower-case letters, digits and _, starting with a letter`, "bad"); drawEditor(); return; }
    if (to in taken) { status(`'${to}' is already used; pick another id`, "bad"); drawEditor(); return; }
    edit((d) => {
      const key = kind === "node" ? "nodes" : "endings";
      d[key] = renameKey(d[key], from, to);
      renameRefs(d, from, to);
    });
    if (S.layout[from]) {
      S.layout[to] = S.layout[from];
      delete S.layout[from];
      api("api/layout", { name: S.name, positions: S.layout });
    }
    select(kind, to);
    status(`Renamed ${from} to ${to}, and every reference to it`);
  },
  remove(kind, id) {
    edit((d) => { delete d[kind === "node" ? "nodes" : "endings"][id]; });
    S.selected = null;
    drawEditor();
    status(`Deleted ${id}; arrows that went to it are listed under Problems`);
  },
  duplicate(kind, id) {
    const copy = freshId(id);
    edit((d) => {
      const key = kind === "node" ? "nodes" : "endings";
      d[key][copy] = structuredClone(d[key][id]);
    });
    select(kind, copy);
  },
  newNodeFor(nodeId, index) {
    const id = freshId("node");
    edit((d) => {
      d.nodes[id] = { say: "", choices: [{ text: "", feedback: "", next: Object.keys(d.endings || {})[0] || nodeId }] };
      d.nodes[nodeId].choices[index].next = id;
    });
    select("node", id);
  },
  play(id) { startPlay(id); },
};

// --- drawing ---------------------------------------------------------------------------

let map = null;

function marks() {
  const m = new Map();
  const add = (id, c) => { if (!m.has(id)) m.set(id, new Set()); m.get(id).add(c); };
  for (const p of S.problems) {
    const [section, id] = p.path;
    if ((section === "nodes" || section === "endings") && typeof id === "string") {
      add(id, p.severity === "error" ? "has-error" : "has-warning");
      if (p.rule === "unreachable-node" || p.rule === "unreachable-ending") add(id, "unreachable");
      if (p.rule === "dead-end") add(id, "dead-end");
    }
  }
  return m;
}

function drawMap() {
  if (!S.data) return;
  map.render(S.data, S.layout, marks(), S.selected && S.selected.id);
}

function drawEditor() {
  const panel = $("#editor");
  if (!S.data) { panel.replaceChildren(); return; }
  if (!S.selected) { drawCallSettings(panel); return; }
  renderEditor(panel, ctx, S.selected.kind, S.selected.id);
}

function drawCallSettings(panel) {
  const d = S.data;
  const input = (field, value, apply, attrs = {}) => {
    const e = h(attrs.multi ? "textarea" : "input", { "data-field": field, type: attrs.type || null });
    e.value = value ?? "";
    e.addEventListener("input", () => edit((dd) => apply(dd, attrs.type === "number" ? Math.trunc(Number(e.value)) : e.value), `call/${field}`));
    return h("label", { class: "field" }, h("span", {}, field), e);
  };
  const targets = Object.keys(d.nodes || {});
  const start = h("select", { "data-field": "start", id: "call-start" }, ...targets.map((t) => h("option", { value: t, selected: t === d.start }, t)));
  start.addEventListener("change", () => edit((dd) => { dd.start = start.value; }));
  d.persona = d.persona || {};
  panel.replaceChildren(
    h("h2", {}, "The call"),
    h("p", { class: "hint" }, "Select a box on the map to edit a node or an ending."),
    input("title", d.title, (dd, v) => { dd.title = v; }),
    input("summary", d.summary, (dd, v) => { dd.summary = v; }, { multi: true }),
    input("persona.name", d.persona.name, (dd, v) => { dd.persona.name = v; }),
    input("persona.mood", d.persona.mood, (dd, v) => { dd.persona.mood = v; }, { type: "number" }),
    input("persona.patience", d.persona.patience, (dd, v) => { dd.persona.patience = v; }, { type: "number" }),
    h("label", { class: "field" }, h("span", {}, "start"), start));
}

function drawToolbar() {
  $("#undo").disabled = !S.undo.length;
  $("#redo").disabled = !S.redo.length;
  $("#save").disabled = !S.editable || !dirty() || S.saving;
  document.title = `${dirty() ? "● " : ""}${S.name || ""} · Scenario Studio`;
}

function where(path) {
  const parts = [];
  const [section, id, sub, index, ...rest] = path;
  if (section === "nodes" || section === "endings") {
    if (id !== undefined) parts.push(`${section === "nodes" ? "node" : "ending"} ${id}`);
    if (sub === "choices" && index !== undefined) parts.push(`choice ${index + 1}`);
    else if (sub !== undefined) parts.push(String(sub));
    if (rest.length) parts.push(rest.join("."));
  } else if (path.length) parts.push(path.join("."));
  return parts.join(" › ");
}

function drawProblems() {
  const list = $("#problems");
  const errors = S.problems.filter((p) => p.severity === "error").length;
  $("#problems-count").textContent = S.problems.length ? `${errors} error(s), ${S.problems.length - errors} warning(s)` : "none: validate --strict is clean";
  list.replaceChildren(...S.problems.map((p) => {
    const li = h("li", { class: `problem ${p.severity}`, tabindex: "0", "data-path": JSON.stringify(p.path), "data-rule": p.rule },
      h("span", { class: "where" }, (p.line ? `line ${p.line}: ` : "") + (where(p.path) || "the file")),
      h("span", { class: "message" }, `${p.severity}: ${p.message}`),
      h("span", { class: "rule" }, ` [${p.rule}]`));
    li.addEventListener("click", () => goTo(p.path));
    return li;
  }));
}

function select(kind, id) {
  S.selected = id === null ? null : { kind, id };
  drawMap();
  drawEditor();
}

function goTo(path) {
  const [section, id, ...rest] = path;
  if ((section === "nodes" || section === "endings") && typeof id === "string" && itemOf({ kind: section === "nodes" ? "node" : "ending", id })) {
    select(section === "nodes" ? "node" : "ending", id);
    // The deepest field of the problem's path that the panel has an input for.
    for (let n = rest.length; n > 0; n--) {
      const field = rest.slice(0, n).join(".");
      const input = document.querySelector(`#editor [data-field="${CSS.escape(field)}"]`);
      if (input) {
        input.focus();
        input.classList.add("flash");
        input.scrollIntoView({ block: "center" });
        setTimeout(() => input.classList.remove("flash"), 1500);
        return;
      }
    }
  } else {
    select(null, null);
  }
}

// --- checking and stats ----------------------------------------------------------------

let checkTimer = null, statsTimer = null;
function scheduleCheck() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(runCheck, 150);
}

async function runCheck() {
  if (!S.data || !S.editable) return;
  const seq = ++S.checkSeq;
  try {
    const r = await api("api/check", { name: S.name, data: S.data });
    if (seq !== S.checkSeq) return;
    S.problems = r.problems;
    drawProblems();
    drawMap();
    clearTimeout(statsTimer);
    statsTimer = setTimeout(runStats, 600);
  } catch (err) { status(`Checking failed: ${err.message}`, "bad"); }
}

async function runStats(deviations = false) {
  const box = $("#stats");
  if (S.problems.some((p) => p.severity === "error")) {
    box.replaceChildren(h("p", { class: "hint" }, "Stats appear once the call has no errors."));
    return;
  }
  const seq = S.checkSeq;
  try {
    const r = await api("api/stats", { name: S.name, data: S.data, deviations });
    if (seq !== S.checkSeq || !r.ok) return;
    const rows = Object.entries(r.principles).map(([name, pr]) => h("tr", {}, h("td", {}, name), h("td", {}, String(pr.worst ?? pr.min ?? "")), h("td", {}, String(pr.best ?? pr.max ?? ""))));
    box.replaceChildren(
      h("p", { id: "stats-paths" }, `${r.paths} path(s), ${r.shortest ?? "?"} to ${r.longest ?? "?"} decisions`),
      h("p", {}, `best route ${r.best ? Math.round(r.best.percent) + "% (" + r.best.ending + ")" : "none"}; worst ${r.worst ? Math.round(r.worst.percent) + "% (" + r.worst.ending + ")" : "none"}; pass mark ${r.pass_mark}%`),
      h("table", {}, h("tr", {}, h("th", {}, "principle"), h("th", {}, "worst"), h("th", {}, "best")), ...rows),
      r.deviations === null
        ? h("button", { id: "stats-deviations", onclick: (e) => { e.target.disabled = true; e.target.textContent = "Replaying every deviation…"; runStats(true); } }, "Deviations from the best route")
        : h("p", { id: "stats-deviation-count" }, `${r.deviations.length} deviation(s) from the best route; ${r.deviations.filter((d) => !d.passed).length} fail the call`),
      h("p", {}, r.dominated.length ? `${r.dominated.length} choice(s) never worth taking` : "every choice can be worth taking"));
  } catch (err) { box.replaceChildren(h("p", { class: "bad" }, `Stats failed: ${err.message}`)); }
}

// --- files: open, save, external edits, new call ------------------------------------------

async function loadFiles() {
  const r = await api("api/files");
  S.meta = r;
  S.files = r.files;
  const sel = $("#file");
  const current = S.name;
  sel.replaceChildren(h("option", { value: "" }, S.files.length ? "(open a call)" : "(no calls yet: start a new one)"),
    ...S.files.map((f) => h("option", { value: f, selected: f === current }, f)));
  $("#folder").textContent = r.folder;
}

async function openFile(name) {
  if (dirty() && !confirm("Drop your unsaved edits?")) { $("#file").value = S.name; return; }
  const f = await api(`api/file?name=${encodeURIComponent(name)}`);
  const keep = name === S.name ? S.selected : null;  // reloading the same file keeps the selection
  S.name = name; S.version = f.version; S.editable = f.editable; S.problems = f.problems;
  S.undo = []; S.redo = []; S.selected = null; S.conflict = false;
  $("#banner").replaceChildren();
  $("#file").value = name;
  if (!f.editable) {
    S.data = null; S.saved = null;
    showReadOnly(f);
  } else {
    S.data = f.data; S.saved = JSON.stringify(f.data); S.layout = f.layout || {}; S.rubric = f.rubric;
    $("#readonly").hidden = true; $("#workspace").hidden = false;
    map.positions = {};
    if (keep && itemOf(keep)) S.selected = keep;
    drawMap(); if (!keep) map.fit(); drawEditor(); drawProblems(); drawToolbar();
    clearTimeout(statsTimer); statsTimer = setTimeout(runStats, 50);
    status(`Opened ${name}`);
  }
}

function showReadOnly(f) {
  $("#workspace").hidden = true;
  const box = $("#readonly");
  box.hidden = false;
  const bad = new Set(f.problems.map((p) => p.line));
  box.replaceChildren(
    h("h2", {}, `${f.name} cannot be opened for editing`),
    h("p", { class: "fix-in-editor" }, "This file does not read as a scenario. Fix it in your editor: the studio opens it as soon as it reads. Nothing here changes the file."),
    h("ul", { class: "readonly-problems" }, ...f.problems.map((p) => h("li", { class: `problem ${p.severity}` }, `line ${p.line ?? "?"}, column ${p.col ?? "?"}: ${p.message} [${p.rule}]`))),
    h("div", { class: "source" }, ...f.text.split("\n").map((line, i) => h("div", { class: bad.has(i + 1) ? "bad-line" : "" }, `${String(i + 1).padStart(4)}  ${line}`))));
  drawProblems();
  status(`${f.name} is read-only until it is fixed`, "bad");
}

function banner(kind, text, ...buttons) {
  $("#banner").replaceChildren(h("div", { class: `banner ${kind}`, id: `banner-${kind}` }, h("span", {}, text), ...buttons));
}

async function save(overwrite = null) {
  if (!S.editable || S.saving) return;
  S.saving = true; drawToolbar();
  try {
    const r = await api("api/save", { name: S.name, data: S.data, base: overwrite || S.version });
    S.version = r.version; S.saved = JSON.stringify(S.data); S.problems = r.problems; S.conflict = false;
    $("#banner").replaceChildren();
    drawProblems(); drawMap();
    status(`Saved ${S.name}`, "good");
  } catch (err) {
    if (err.status === 409) conflict();
    else status(`Not saved: ${err.message}`, "bad");
  } finally { S.saving = false; drawToolbar(); }
}

function conflict() {
  S.conflict = true;
  banner("conflict", `${S.name} was changed outside the studio while you have unsaved edits here. Nothing was overwritten.`,
    h("button", { id: "conflict-load", onclick: () => { S.saved = JSON.stringify(S.data); openFile(S.name); } }, "Load the file on disk (drop my edits)"),
    h("button", { id: "conflict-keep", onclick: async () => { const v = await api(`api/version?name=${encodeURIComponent(S.name)}`); await save(v.version); } }, "Keep my edits (save over it)"));
  status("Conflict: see the banner", "bad");
}

async function poll() {
  try {
    if (S.name && !S.saving) {
      const v = await api(`api/version?name=${encodeURIComponent(S.name)}`);
      if (v.exact === false && v.version === S.version && !S.conflict && !$("#banner-note")) {
        banner("note", "Saving will also rewrite a few lines of this file that the round-trip writer cannot keep exactly as they are.");
      }
      if (v.version && v.version !== S.version) {
        if (!S.editable || !dirty()) {
          await openFile(S.name);
          status(`${S.name} changed on disk: reloaded`);
        } else if (!S.conflict) conflict();
      }
    }
    const before = JSON.stringify(S.files);
    const r = await api("api/files");
    if (JSON.stringify(r.files) !== before) await loadFiles();
  } catch (err) { status(`The studio server does not answer (${err.message}); is it still running?`, "bad"); }
  setTimeout(poll, 1200);
}

async function newCall() {
  const dialog = $("#new-dialog");
  $("#new-kind").replaceChildren(...S.meta.kinds.map((k) => h("option", { value: k }, k.replaceAll("_", " "))));
  $("#new-difficulty").replaceChildren(...S.meta.difficulties.map((k) => h("option", { value: k }, k)));
  $("#new-error").textContent = "";
  dialog.showModal();
}

async function createCall(ev) {
  ev.preventDefault();
  const id = $("#new-id").value.trim();
  try {
    const r = await api("api/new", { id, kind: $("#new-kind").value, difficulty: $("#new-difficulty").value, template: $("#new-template").value });
    $("#new-dialog").close();
    await loadFiles();
    S.saved = JSON.stringify(S.data);
    await openFile(r.name);
  } catch (err) { $("#new-error").textContent = err.message; }
}

// --- play --------------------------------------------------------------------------------

let session = null;
function speak(text) {
  if (!("speechSynthesis" in window) || !$("#speak").checked) return;
  speechSynthesis.speak(new SpeechSynthesisUtterance(text));
}

async function startPlay(from = null) {
  if (!S.data) return;
  const pane = $("#play-log");
  pane.replaceChildren();
  $("#debrief").textContent = "";
  $("#play-pane").open = true;
  try {
    showPlay(await api("api/play", { name: S.name, data: S.data, start: from }));
  } catch (err) { pane.replaceChildren(h("p", { class: "bad" }, err.message)); $("#play-choices").replaceChildren(); }
}

function showPlay(v) {
  session = v.session;
  const log = $("#play-log");
  for (const line of v.lines) {
    if (line.speaker === "trainee") log.append(h("p", { class: "you" }, `You: ${line.text}`));
    else { log.append(h("p", { class: line.speaker }, line.speaker === "customer" ? `Customer: ${line.text}` : line.text)); if (line.speaker === "customer") speak(line.text); }
  }
  $("#play-state").textContent = v.ended ? `Ended: ${v.ending}` : `At ${v.node} · mood ${v.mood} · patience ${v.patience}`;
  $("#play-choices").replaceChildren(...v.choices.map((c) => h("button", { class: "play-choice", "data-number": c.number, onclick: async () => {
    // One answer per step: a second click before the engine answers would answer the next step.
    for (const b of document.querySelectorAll(".play-choice")) b.disabled = true;
    try { showPlay(await api("api/choose", { session, number: c.number })); } catch (err) { log.append(h("p", { class: "bad" }, err.message)); }
  } }, `${c.number}. ${c.text}`)));
  $("#debrief").textContent = v.debrief || "";
  log.scrollTop = log.scrollHeight;
}

// --- the page ----------------------------------------------------------------------------

function addItem(kind) {
  if (!S.data) return;
  const id = freshId(kind === "node" ? "node" : "ending");
  edit((d) => {
    if (kind === "node") {
      d.nodes = d.nodes || {};
      d.nodes[id] = { say: "", choices: [{ text: "", feedback: "", next: Object.keys(d.endings || {})[0] || id }] };
    } else {
      d.endings = d.endings || {};
      d.endings[id] = { outcome: "resolved", say: "", summary: "" };
    }
  });
  select(kind, id);
}

async function main() {
  map = new BranchMap($("#map"), {
    onSelect: (id) => select(id in (S.data.nodes || {}) ? "node" : "ending", id),
    onMoved: (id, position) => {
      S.layout = { ...S.layout, [id]: position };
      api("api/layout", { name: S.name, positions: S.layout }).catch((err) => status(`Positions not kept: ${err.message}`, "bad"));
    },
  });
  $("#file").addEventListener("change", (e) => { if (e.target.value) openFile(e.target.value); });
  $("#new-call").addEventListener("click", newCall);
  $("#new-form").addEventListener("submit", createCall);
  $("#new-cancel").addEventListener("click", () => $("#new-dialog").close());
  $("#add-node").addEventListener("click", () => addItem("node"));
  $("#add-ending").addEventListener("click", () => addItem("ending"));
  $("#call-settings").addEventListener("click", () => select(null, null));
  $("#undo").addEventListener("click", undo);
  $("#redo").addEventListener("click", redo);
  $("#save").addEventListener("click", () => save());
  $("#play-start").addEventListener("click", () => startPlay(null));
  $("#zoom-in").addEventListener("click", () => map.zoomBy(1.25));
  $("#zoom-out").addEventListener("click", () => map.zoomBy(0.8));
  $("#zoom-fit").addEventListener("click", () => map.fit());
  $("#relayout").addEventListener("click", () => {
    map.positions = {}; S.layout = {};
    api("api/layout", { name: S.name, positions: {} });
    drawMap();
  });
  document.addEventListener("keydown", (e) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key === "s") { e.preventDefault(); save(); }
    else if (mod && e.key === "z" && !e.shiftKey && !["INPUT", "TEXTAREA"].includes(e.target.tagName)) { e.preventDefault(); undo(); }
    else if (mod && (e.key === "y" || (e.key === "z" && e.shiftKey)) && !["INPUT", "TEXTAREA"].includes(e.target.tagName)) { e.preventDefault(); redo(); }
  });
  window.addEventListener("beforeunload", (e) => { if (dirty()) e.preventDefault(); });
  await loadFiles();
  drawToolbar();
  const wanted = new URLSearchParams(location.search).get("file");
  if (wanted && S.files.includes(wanted)) await openFile(wanted);
  document.body.dataset.ready = "true";
  setTimeout(poll, 1200);
}

main();
