// Conditions are typed as YAML flow text ({flag: letter_sent}); this reads and writes that form.
export function formatFlow(value) {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return "[" + value.map(formatFlow).join(", ") + "]";
  if (typeof value === "object") {
    return "{" + Object.entries(value).map(([k, v]) => `${k}: ${formatFlow(v)}`).join(", ") + "}";
  }
  if (typeof value === "string" && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) return JSON.stringify(value);
  return String(value);
}

export function parseFlow(text) {
  let i = 0;
  const ws = () => { while (i < text.length && /\s/.test(text[i])) i++; };
  const fail = (what) => { throw new Error(`${what} at character ${i + 1}`); };
  function value() {
    ws();
    if (text[i] === "{") {
      i++;
      const out = {};
      ws();
      if (text[i] === "}") { i++; return out; }
      for (;;) {
        ws();
        const k = scalar(true);
        ws();
        if (text[i] !== ":") fail("expected ':'");
        i++;
        out[k] = value();
        ws();
        if (text[i] === ",") { i++; continue; }
        if (text[i] === "}") { i++; return out; }
        fail("expected ',' or '}'");
      }
    }
    if (text[i] === "[") {
      i++;
      const out = [];
      ws();
      if (text[i] === "]") { i++; return out; }
      for (;;) {
        out.push(value());
        ws();
        if (text[i] === ",") { i++; continue; }
        if (text[i] === "]") { i++; return out; }
        fail("expected ',' or ']'");
      }
    }
    return scalar(false);
  }
  function scalar(isKey) {
    ws();
    if (text[i] === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      i++;
      return JSON.parse(text.slice(start, i));
    }
    const start = i;
    while (i < text.length && !/[,:{}\[\]]/.test(text[i])) i++;
    const raw = text.slice(start, i).trim();
    if (!raw) fail("expected a value");
    if (!isKey && /^-?\d+$/.test(raw)) return Number(raw);
    if (!isKey && (raw === "true" || raw === "false")) return raw === "true";
    return raw;
  }
  const result = value();
  ws();
  if (i < text.length) fail("unexpected text");
  return result;
}
