// The review page: de-identify a pasted text or a dropped file, review the spans (accept,
// remove, add from a selection, relabel; lowest scores first), then copy or download the result
// and export the reviewed documents (JSONL here, .spacy through the API). Nothing is stored
// anywhere but in this page until the user downloads it.
"use strict";
(function () {
  const LABELS = ["PERSON", "LOCATION", "ORGANIZATION", "DATE", "AGE", "PHONE", "EMAIL", "ID", "URL", "PROFESSION"];
  const OPERATORS = ["tag", "numbered_tag", "mask", "redact", "surrogate", "hash", "date_shift", "keep"];
  const LOW_SCORE = 0.8;
  const $ = (id) => document.getElementById(id);
  const state = {
    ui: (navigator.language || "en").toLowerCase().startsWith("th") ? "th" : "en",
    doc: null,        // {text, lang, spans: [{start, end, label, kind, score, source, status}]}
    file: null,       // the redacted file of an upload: {name, media_type, data}
    order: [],        // span indexes, lowest score first
    current: -1,      // position in order
    result: "",
    reviewed: [],
  };

  function t(key, vars) {
    let text = (window.I18N[state.ui] || window.I18N.en)[key] || window.I18N.en[key] || key;
    for (const [name, value] of Object.entries(vars || {})) text = text.replace("{" + name + "}", value);
    return text;
  }

  function applyLanguage() {
    document.documentElement.lang = state.ui;
    document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
    document.querySelectorAll("[data-i18n-placeholder]").forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
    $("ui-lang").textContent = state.ui === "th" ? "English" : "ไทย";
    buildOperators();
    if (state.doc) renderDoc();
  }

  function status(message, error) {
    $("status").textContent = message;
    $("status").classList.toggle("error", Boolean(error));
  }

  async function api(path, body, binary) {
    const headers = {};
    const token = $("token").value.trim();
    if (token) headers.authorization = "Bearer " + token;
    let payload = body;
    if (!(body instanceof FormData)) {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const response = await fetch(path, { method: "POST", headers, body: payload, cache: "no-store" });
    if (!response.ok) {
      let message = response.status + " " + response.statusText;
      try { message = (await response.json()).error.message; } catch (e) { /* not JSON */ }
      throw new Error(message);
    }
    return binary ? response.blob() : response.json();
  }

  function buildOperators() {
    const list = $("operator-list");
    const chosen = readOperators();
    list.textContent = "";
    for (const label of ["DEFAULT"].concat(LABELS)) {
      const row = document.createElement("label");
      const select = document.createElement("select");
      select.dataset.label = label;
      const own = document.createElement("option");
      own.value = "";
      own.textContent = t("pipeline");
      select.appendChild(own);
      for (const name of OPERATORS) {
        const option = document.createElement("option");
        option.value = name;
        option.textContent = name;
        select.appendChild(option);
      }
      select.value = chosen[label] || "";
      select.addEventListener("change", () => { if (state.doc) rerender(); });
      row.append(label + " ", select);
      list.appendChild(row);
    }
  }

  function readOperators() {
    const operators = {};
    document.querySelectorAll("#operator-list select").forEach((select) => {
      if (select.value) operators[select.dataset.label] = select.value;
    });
    return operators;
  }

  async function run() {
    const file = $("file").files[0];
    const text = $("source").value;
    if (!file && !text.trim()) { status(t("nothing"), true); return; }
    status(t("working"));
    try {
      if (file) {
        const form = new FormData();
        form.append("file", file, file.name);
        form.append("lang", $("lang").value);
        form.append("operators", JSON.stringify(readOperators()));
        const body = await api("/v1/redact/file", form);
        state.file = body.files[0] || null;
        show(body.source_text === undefined ? null : body.source_text, body.record.lang, body.record.items, body.text);
      } else {
        state.file = null;
        const body = await api("/v1/redact", { text, lang: $("lang").value, operators: readOperators() });
        show(text, body.lang, body.items, body.text);
      }
    } catch (error) {
      status(t("failed", { msg: error.message }), true);
    }
  }

  function show(text, lang, items, result) {
    state.doc = text === null ? null : {
      text, lang,
      spans: items.map((i) => ({ start: i.start, end: i.end, label: i.label, kind: i.kind || "",
                                 score: i.score, source: i.source, status: "auto" })),
    };
    state.result = result || "";
    $("review").hidden = false;
    $("result").textContent = state.result;
    $("download-file").hidden = !state.file;
    const image = state.file && state.file.media_type === "image/png";
    $("image-result").hidden = !image;
    if (image) $("redacted-image").src = "data:image/png;base64," + state.file.data;
    $("doc").parentElement.hidden = !state.doc;
    $("keep").disabled = !state.doc;
    state.current = 0;
    if (state.doc) renderDoc();
    status(t("done", { n: items.length }));
  }

  function sortOrder() {
    const spans = state.doc.spans;
    state.order = spans.map((_, i) => i).sort((a, b) =>
      (spans[a].status === "accepted") - (spans[b].status === "accepted")
      || spans[a].score - spans[b].score || spans[a].start - spans[b].start);
    if (state.current >= state.order.length) state.current = state.order.length - 1;
  }

  function renderDoc() {
    const { text, spans } = state.doc;
    sortOrder();
    const current = state.order[state.current];
    const doc = $("doc");
    doc.textContent = "";
    const byStart = spans.map((s, i) => [s, i]).sort((a, b) => a[0].start - b[0].start);
    let pos = 0;
    for (const [span, index] of byStart) {
      doc.appendChild(document.createTextNode(text.slice(pos, span.start)));
      const mark = document.createElement("mark");
      mark.className = "l-" + span.label + (span.score < LOW_SCORE ? " low" : "")
        + (span.status === "accepted" ? " accepted" : "") + (index === current ? " current" : "");
      mark.dataset.index = index;
      mark.title = span.label + (span.kind ? "/" + span.kind : "") + " · " + span.score.toFixed(2) + " · " + span.source;
      mark.textContent = text.slice(span.start, span.end);
      mark.addEventListener("click", () => { state.current = state.order.indexOf(index); renderDoc(); });
      doc.appendChild(mark);
      pos = span.end;
    }
    doc.appendChild(document.createTextNode(text.slice(pos)));
    const list = $("spans");
    list.textContent = "";
    state.order.forEach((index, position) => {
      const span = spans[index];
      const item = document.createElement("li");
      item.dataset.index = index;
      item.className = (span.score < LOW_SCORE ? "low " : "") + (span.status === "accepted" ? "accepted " : "")
        + (position === state.current ? "current" : "");
      const value = document.createElement("span");
      value.className = "value l-" + span.label;
      value.textContent = text.slice(span.start, span.end);
      const score = document.createElement("span");
      score.className = "score";
      score.textContent = span.status === "added" ? "+" : span.score.toFixed(2);
      const label = labelSelect(span.label);
      label.setAttribute("aria-label", t("label"));
      label.addEventListener("change", () => { setLabel(index, label.value); });
      const accept = button("✓", t("accept"), "accept", () => { acceptSpan(index); });
      const remove = button("✕", t("remove"), "remove", () => { removeSpan(index); });
      item.append(value, score, label, accept, remove);
      item.addEventListener("click", (event) => {
        if (event.target.tagName !== "SELECT" && event.target.tagName !== "BUTTON") {
          state.current = position;
          renderDoc();
        }
      });
      list.appendChild(item);
    });
    const legend = $("legend");
    legend.textContent = "";
    LABELS.forEach((name, i) => {
      const chip = document.createElement("span");
      chip.className = "l-" + name;
      chip.textContent = ((i + 1) % 10) + " " + name;
      legend.appendChild(chip);
    });
    const selected = list.querySelector("li.current");
    if (selected) selected.scrollIntoView({ block: "nearest" });
  }

  function labelSelect(value) {
    const select = document.createElement("select");
    for (const name of LABELS) {
      const option = document.createElement("option");
      option.value = name;
      option.textContent = name;
      select.appendChild(option);
    }
    select.value = value;
    return select;
  }

  function button(text, title, name, action) {
    const element = document.createElement("button");
    element.type = "button";
    element.textContent = text;
    element.title = title;
    element.className = name;
    element.addEventListener("click", action);
    return element;
  }

  function acceptSpan(index) { state.doc.spans[index].status = "accepted"; renderDoc(); }

  function removeSpan(index) {
    state.doc.spans.splice(index, 1);
    renderDoc();
    rerender();
  }

  function setLabel(index, label) {
    const span = state.doc.spans[index];
    span.label = label;
    if (label !== "ID") span.kind = "";
    span.status = span.status === "added" ? "added" : "accepted";
    renderDoc();
    rerender();
  }

  function selectionOffsets() {
    const selection = window.getSelection();
    const doc = $("doc");
    if (!selection.rangeCount || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!doc.contains(range.startContainer) || !doc.contains(range.endContainer)) return null;
    const offset = (node, position) => {
      const before = document.createRange();
      before.setStart(doc, 0);
      before.setEnd(node, position);
      return before.toString().length;
    };
    let start = offset(range.startContainer, range.startOffset);
    let end = offset(range.endContainer, range.endOffset);
    const text = state.doc.text;
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /\s/.test(text[end - 1])) end--;
    return start < end ? [start, end] : null;
  }

  function addFromSelection() {
    if (!state.doc) return;
    const offsets = selectionOffsets();
    if (!offsets) { status(t("noselection"), true); return; }
    const [start, end] = offsets;
    if (state.doc.spans.some((s) => s.start < end && start < s.end)) { status(t("overlap"), true); return; }
    state.doc.spans.push({ start, end, label: $("new-label").value, kind: "", score: 1, source: "review", status: "added" });
    window.getSelection().removeAllRanges();
    sortOrder();
    state.current = state.order.indexOf(state.doc.spans.length - 1);
    renderDoc();
    rerender();
  }

  async function rerender() {
    if (!state.doc) return;
    const spans = state.doc.spans.map((s) => ({ start: s.start, end: s.end, label: s.label, kind: s.kind || null }));
    try {
      const body = await api("/v1/render", { text: state.doc.text, lang: state.doc.lang, spans, operators: readOperators() });
      state.result = body.text;
      $("result").textContent = body.text;
    } catch (error) {
      state.result = "";
      $("result").textContent = "";
      status(t("failed", { msg: error.message }), true);
    }
  }

  function reviewedRecord() {
    return {
      text: state.doc.text, lang: state.doc.lang,
      spans: state.doc.spans.slice().sort((a, b) => a.start - b.start)
        .map((s) => ({ start: s.start, end: s.end, label: s.label, kind: s.kind || null })),
      meta: { reviewed: true, tool: "spacy-deid review page" },
    };
  }

  function keep() {
    if (!state.doc) return;
    state.reviewed.push(reviewedRecord());
    $("count").textContent = String(state.reviewed.length);
    status(t("kept"));
  }

  function save(blob, name) {
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  function reviewedOrWarn() {
    if (!state.reviewed.length) { status(t("empty"), true); return null; }
    return state.reviewed;
  }

  function exportJsonl() {
    const docs = reviewedOrWarn();
    if (docs) save(new Blob([docs.map((d) => JSON.stringify(d)).join("\n") + "\n"], { type: "application/jsonl" }), "reviewed.jsonl");
  }

  async function exportSpacy() {
    const docs = reviewedOrWarn();
    if (!docs) return;
    try {
      save(await api("/v1/export/docbin", { docs }, true), "reviewed.spacy");
    } catch (error) {
      status(t("failed", { msg: error.message }), true);
    }
  }

  async function copyResult() {
    try {
      await navigator.clipboard.writeText(state.result);
    } catch (error) {
      const range = document.createRange();
      range.selectNodeContents($("result"));
      window.getSelection().removeAllRanges();
      window.getSelection().addRange(range);
      document.execCommand("copy");
    }
    status(t("copied"));
  }

  function downloadFile() {
    if (!state.file) return;
    const bytes = Uint8Array.from(atob(state.file.data), (c) => c.charCodeAt(0));
    save(new Blob([bytes], { type: state.file.media_type }), state.file.name);
  }

  function move(step) {
    if (!state.doc || !state.order.length) return;
    state.current = Math.max(0, Math.min(state.order.length - 1, state.current + step));
    renderDoc();
  }

  function onKey(event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); return; }
    const tag = (event.target.tagName || "").toUpperCase();
    if (["TEXTAREA", "INPUT", "SELECT"].includes(tag) || event.ctrlKey || event.metaKey || event.altKey || !state.doc) return;
    const index = state.order[state.current];
    if (event.key === "j") move(1);
    else if (event.key === "k") move(-1);
    else if (event.key === "a" && index !== undefined) acceptSpan(index);
    else if ((event.key === "x" || event.key === "Delete") && index !== undefined) removeSpan(index);
    else if (event.key === "n") addFromSelection();
    else if (/^[0-9]$/.test(event.key)) {
      const label = LABELS[(Number(event.key) + 9) % 10];
      if (index !== undefined) setLabel(index, label);
      else $("new-label").value = label;
    } else return;
    event.preventDefault();
  }

  function setUpDrop() {
    const drop = $("drop");
    const over = (on) => (event) => { event.preventDefault(); drop.classList.toggle("over", on); };
    ["dragenter", "dragover"].forEach((name) => drop.addEventListener(name, over(true)));
    ["dragleave", "drop"].forEach((name) => drop.addEventListener(name, over(false)));
    drop.addEventListener("drop", (event) => {
      if (event.dataTransfer.files.length) { $("file").files = event.dataTransfer.files; run(); }
    });
    $("source").addEventListener("input", () => { $("file").value = ""; });
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const name of LABELS) $("new-label").appendChild(new Option(name, name));
    $("run").addEventListener("click", run);
    $("add").addEventListener("click", addFromSelection);
    $("keep").addEventListener("click", keep);
    $("copy").addEventListener("click", copyResult);
    $("download").addEventListener("click", () => save(new Blob([state.result], { type: "text/plain;charset=utf-8" }), "deidentified.txt"));
    $("download-file").addEventListener("click", downloadFile);
    $("export-jsonl").addEventListener("click", exportJsonl);
    $("export-spacy").addEventListener("click", exportSpacy);
    $("ui-lang").addEventListener("click", () => { state.ui = state.ui === "th" ? "en" : "th"; applyLanguage(); });
    document.addEventListener("keydown", onKey);
    setUpDrop();
    applyLanguage();
  });
})();
