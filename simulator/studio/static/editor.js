// The side panel: the selected node's or ending's fields, edited in place.
import { formatFlow, parseFlow } from "./flow.js";

export const ID_RE = /^[a-z][a-z0-9_]{0,63}$/;

function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v === true) e.setAttribute(k, "");
    else if (v !== false && v !== null && v !== undefined) e.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c);
  return e;
}
export { h };

function lines(say) {
  return Array.isArray(say) ? say : typeof say === "string" ? [say] : [];
}

// ctx: { data, rubric, edit(fn, key), rename(kind, old, new), select(id), play(id), remove(kind, id),
//        duplicate(kind, id), newNode() }
export function renderEditor(panel, ctx, kind, id) {
  const { data, rubric } = ctx;
  const item = kind === "node" ? data.nodes[id] : data.endings[id];
  if (!item) { panel.replaceChildren(h("p", { class: "hint" }, "Select a box on the map to edit it.")); return; }
  const here = (fn) => (d) => fn(kind === "node" ? d.nodes[id] : d.endings[id], d);
  const field = (path, label, input) => h("label", { class: "field" }, h("span", {}, label), input);
  const text = (path, value, onValue, multi = false) => {
    const input = h(multi ? "textarea" : "input", { "data-field": path, rows: multi ? 3 : null });
    input.value = value ?? "";
    input.addEventListener("input", () => ctx.edit(here((it) => onValue(it, input.value)), `${id}/${path}`));
    return input;
  };
  const number = (path, value, onValue) => {
    const input = h("input", { type: "number", "data-field": path, step: "1" });
    input.value = value ?? "";
    input.addEventListener("input", () => {
      const n = input.value === "" ? null : Math.trunc(Number(input.value));
      ctx.edit(here((it) => onValue(it, Number.isFinite(n) ? n : null)), `${id}/${path}`);
    });
    return input;
  };
  const check = (path, value, onValue) => {
    const input = h("input", { type: "checkbox", "data-field": path });
    input.checked = !!value;
    input.addEventListener("change", () => ctx.edit(here((it) => onValue(it, input.checked))));
    return input;
  };
  const setOrDrop = (obj, key, v) => { if (v === null || v === "" || v === false) delete obj[key]; else obj[key] = v; };

  const idInput = h("input", { id: "item-id", "data-field": "id", value: id });
  idInput.addEventListener("change", () => ctx.rename(kind, id, idInput.value.trim()));
  const head = h("div", { class: "editor-head" },
    h("h2", {}, kind === "node" ? "Node" : "Ending"),
    field("id", "id (renaming updates every reference)", idInput),
    h("div", { class: "buttons" },
      kind === "node" ? h("button", { id: "play-here", onclick: () => ctx.play(id) }, "▶ Play from here") : null,
      h("button", { id: "duplicate-item", onclick: () => ctx.duplicate(kind, id) }, "Duplicate"),
      h("button", { id: "delete-item", class: "danger", onclick: () => ctx.remove(kind, id) }, "Delete")));

  const say = lines(item.say);
  const sayBox = h("div", { class: "say" }, h("h3", {}, kind === "node" ? "Customer's lines (variants)" : "Last words (variants)"));
  say.forEach((line, i) => {
    const t = text(`say.${i}`, line, (it, v) => { const l = lines(it.say); l[i] = v; it.say = l.length === 1 ? l[0] : l; }, true);
    t.classList.add("say-line");
    const del = h("button", { class: "small", title: "remove this variant", onclick: () => ctx.edit(here((it) => {
      const l = lines(it.say); l.splice(i, 1);
      if (l.length === 0) delete it.say; else it.say = l.length === 1 ? l[0] : l;
    })) }, "✕");
    sayBox.append(h("div", { class: "row" }, t, del));
  });
  sayBox.append(h("button", { class: "add-variant", onclick: () => ctx.edit(here((it) => { const l = lines(it.say); l.push(""); it.say = l.length === 1 ? l[0] : l; })) }, "+ wording variant"));

  const parts = [head, sayBox];
  if (kind === "ending") {
    const outcome = h("select", { "data-field": "outcome", id: "ending-outcome" },
      ...ctx.outcomes.map((o) => h("option", { value: o, selected: o === item.outcome }, o)));
    outcome.addEventListener("change", () => ctx.edit(here((it) => { it.outcome = outcome.value; })));
    parts.push(field("outcome", "outcome", outcome),
      field("satisfaction", "satisfaction (1-5 stars at most)", number("satisfaction", item.satisfaction, (it, v) => setOrDrop(it, "satisfaction", v))),
      field("summary", "summary (for the debrief)", text("summary", item.summary, (it, v) => setOrDrop(it, "summary", v), true)));
    panel.replaceChildren(...parts);
    return;
  }
  parts.push(h("div", { class: "flags" },
    field("vent", "still venting", check("vent", item.vent, (it, v) => setOrDrop(it, "vent", v))),
    field("provokes", "provokes", check("provokes", item.provokes, (it, v) => setOrDrop(it, "provokes", v))),
    field("respond_within", "respond within (s)", number("respond_within", item.respond_within, (it, v) => setOrDrop(it, "respond_within", v)))),
    field("note", "note for trainers", text("note", item.note, (it, v) => setOrDrop(it, "note", v))));

  const targets = [...Object.keys(data.nodes || {}), ...Object.keys(data.endings || {})];
  const choices = h("div", { class: "choices" }, h("h3", {}, "Choices"));
  (item.choices || []).forEach((c, i) => {
    c = c || {};
    const p = `choices.${i}`;
    const at = (fn) => here((it, d) => fn(it.choices[i], d));
    // The field helpers hand over the node; these hand over this choice.
    const cText = (path, value, fn, multi = false) => text(path, value, (it, v) => fn(it.choices[i], v), multi);
    const cNumber = (path, value, fn) => number(path, value, (it, v) => fn(it.choices[i], v));
    const next = h("select", { class: "choice-next", "data-field": `${p}.next` },
      ...(targets.includes(c.next) ? [] : [h("option", { value: c.next ?? "", selected: true }, c.next ? `${c.next} (missing)` : "(choose)")]),
      ...targets.map((t) => h("option", { value: t, selected: t === c.next }, t)),
      h("option", { value: "__new__" }, "+ new node"));
    next.addEventListener("change", () => {
      if (next.value === "__new__") ctx.newNodeFor(id, i);
      else ctx.edit(at((ch) => { ch.next = next.value; }));
    });
    const effects = h("div", { class: "effects" }, ...rubric.principles.map((name) => {
      const input = h("input", { type: "number", class: "effect", "data-principle": name, "data-field": `${p}.effects.${name}`, min: "-10", max: "10", step: "1" });
      input.value = c.effects && name in c.effects ? c.effects[name] : "";
      input.addEventListener("input", () => ctx.edit(at((ch) => {
        const n = input.value === "" ? null : Math.trunc(Number(input.value));
        ch.effects = ch.effects || {};
        if (n === null || !Number.isFinite(n)) delete ch.effects[name]; else ch.effects[name] = n;
        if (Object.keys(ch.effects).length === 0) delete ch.effects;
      }), `${id}/${p}.effects.${name}`));
      return h("label", { class: "effect-field" }, h("span", {}, name), input);
    }));
    const cond = h("input", { class: "choice-if", "data-field": `${p}.if`, placeholder: "{flag: promised_refund}" });
    cond.value = formatFlow(c.if);
    const condError = h("span", { class: "field-error" });
    cond.addEventListener("input", () => {
      try {
        const v = cond.value.trim() ? parseFlow(cond.value) : null;
        condError.textContent = "";
        ctx.edit(at((ch) => setOrDrop(ch, "if", v)), `${id}/${p}.if`);
      } catch (err) { condError.textContent = `not a condition yet: ${err.message}`; }
    });
    const criticals = h("div", { class: "criticals" }, ...rubric.critical_errors.map((ce) => {
      const box = h("input", { type: "checkbox", class: "critical", "data-field": `${p}.critical`, value: ce });
      box.checked = Array.isArray(c.critical) && c.critical.includes(ce);
      box.addEventListener("change", () => ctx.edit(at((ch) => {
        const set = new Set(Array.isArray(ch.critical) ? ch.critical : []);
        if (box.checked) set.add(ce); else set.delete(ce);
        setOrDrop(ch, "critical", set.size ? [...set] : null);
      })));
      return h("label", { class: "check" }, box, ce.replaceAll("_", " "));
    }));
    const listText = (key) => cText(`${p}.${key}`, (c[key] || []).join(", "), (ch, v) => {
      const items = v.split(",").map((s) => s.trim()).filter(Boolean);
      setOrDrop(ch, key, items.length ? items : null);
    });
    const recall = cText(`${p}.recall`, c.recall, (ch, v) => setOrDrop(ch, "recall", v.trim()));
    const box = h("fieldset", { class: "choice", "data-index": i },
      h("legend", {}, `Choice ${i + 1}`),
      field(`${p}.text`, "the trainee says", (() => { const t = cText(`${p}.text`, c.text, (ch, v) => { ch.text = v; }, true); t.classList.add("choice-text"); return t; })()),
      field(`${p}.next`, "goes to", next),
      h("div", { class: "effects-head" }, "points per principle"), effects,
      h("div", { class: "row" },
        field(`${p}.mood`, "mood ±", cNumber(`${p}.mood`, c.mood, (ch, v) => setOrDrop(ch, "mood", v))),
        field(`${p}.patience`, "patience ±", cNumber(`${p}.patience`, c.patience, (ch, v) => setOrDrop(ch, "patience", v)))),
      field(`${p}.feedback`, "coaching (the debrief's feedback)", (() => { const t = cText(`${p}.feedback`, c.feedback, (ch, v) => { ch.feedback = v; }, true); t.classList.add("choice-feedback"); return t; })()),
      field(`${p}.if`, "only offered if (condition)", cond), condError,
      h("div", { class: "row" },
        field(`${p}.recall`, "recall (a detail)", recall),
        field(`${p}.set`, "sets flags", listText("set")),
        field(`${p}.clear`, "clears flags", listText("clear"))),
      h("div", { class: "row flags" },
        field(`${p}.once`, "once only", check(`${p}.once`, c.once, (it, v) => setOrDrop(it.choices[i], "once", v))),
        field(`${p}.trap`, "trap", check(`${p}.trap`, c.trap, (it, v) => setOrDrop(it.choices[i], "trap", v))),
        field(`${p}.apology`, "apology", check(`${p}.apology`, c.apology, (it, v) => setOrDrop(it.choices[i], "apology", v)))),
      h("div", {}, h("span", { class: "effects-head" }, "critical errors"), criticals),
      h("div", { class: "buttons" },
        h("button", { class: "small", onclick: () => ctx.edit(here((it) => { it.choices.splice(i + 1, 0, structuredClone(it.choices[i])); })) }, "Duplicate"),
        i > 0 ? h("button", { class: "small", onclick: () => ctx.edit(here((it) => { const [m] = it.choices.splice(i, 1); it.choices.splice(i - 1, 0, m); })) }, "Move up") : null,
        h("button", { class: "small danger delete-choice", onclick: () => ctx.edit(here((it) => { it.choices.splice(i, 1); })) }, "Delete choice")));
    choices.append(box);
  });
  choices.append(h("button", { id: "add-choice", onclick: () => ctx.edit(here((it) => {
    it.choices = it.choices || [];
    it.choices.push({ text: "", feedback: "", next: Object.keys(data.endings || {})[0] || id });
  })) }, "+ choice"));
  parts.push(choices);
  panel.replaceChildren(...parts);
}
