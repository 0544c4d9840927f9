// Meiju's page: sends a clip (or a sample id) to the local API and draws what comes back.
// Every string from the server goes in through textContent, never as HTML.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const MODALITY_NAMES = { V: "Vision (faces)", A: "Audio (voice)", T: "Text (words)" };
const $ = (id) => document.getElementById(id);
let maxUploadBytes = 0;
let busy = false;

function megabytes(bytes) {
  return (bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0) + " MB";
}

function percent(p) {
  return (100 * p).toFixed(1) + "%";
}

function signed(x) {
  return (x >= 0 ? "+" : "−") + Math.abs(100 * x).toFixed(1) + " pt";
}

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = false;
  $("status").textContent = "";
}

function setBusy(state, message) {
  busy = state;
  $("analyze-sample").disabled = state;
  $("status").textContent = message || "";
  if (state) {
    $("error").hidden = true;
  }
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function svgEl(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

async function loadInfo() {
  const response = await fetch("/api/info");
  const info = await response.json();
  maxUploadBytes = info.maxUploadBytes;
  $("limit-hint").textContent = "video or audio file, up to " + megabytes(maxUploadBytes);
  const select = $("sample");
  select.replaceChildren();
  if (info.samples.length === 0) {
    $("samples-row").hidden = true;
    return;
  }
  for (const sample of info.samples) {
    const option = el("option", null, sample.name + " (" + sample.format + ", " + megabytes(sample.sizeBytes) + ")");
    option.value = sample.id;
    select.append(option);
  }
}

async function post(url, body, label) {
  setBusy(true, "Analysing " + label + "…");
  const started = performance.now();
  try {
    const response = await fetch(url, { method: "POST", body });
    let payload = null;
    try {
      payload = await response.json();
    } catch {
      payload = null;
    }
    if (!response.ok) {
      const message = payload && payload.error ? payload.error : "the server answered " + response.status;
      showError(message);
      return;
    }
    render(payload);
    setBusy(false, "Done in " + ((performance.now() - started) / 1000).toFixed(1) + " s.");
  } catch (err) {
    showError("Could not reach the Meiju server: " + err.message);
  } finally {
    setBusy(false, $("error").hidden ? $("status").textContent : "");
  }
}

function analyzeFile(file) {
  if (busy) return;
  $("error").hidden = true;
  // The server enforces the same limits; checking here spares sending a file that would be refused.
  if (file.size === 0) {
    showError(file.name + ": the file is empty (0 bytes)");
    return;
  }
  if (maxUploadBytes > 0 && file.size > maxUploadBytes) {
    showError(file.name + ": too large (" + megabytes(file.size) + "); this server accepts uploads up to " + megabytes(maxUploadBytes));
    return;
  }
  const form = new FormData();
  form.append("file", file, file.name);
  const transcript = $("transcript").value.trim();
  if (transcript) form.append("transcript", transcript);
  post("/api/analyze", form, file.name);
}

function analyzeSample() {
  if (busy) return;
  const id = $("sample").value;
  if (!id) return;
  post("/api/samples/" + encodeURIComponent(id) + "/analyze", null, $("sample").selectedOptions[0].textContent);
}

function renderPrediction(root, classes) {
  const top = classes[0];
  root.querySelector(".top-label").textContent = top.label;
  root.querySelector(".top-prob").textContent = percent(top.probability);
  const list = root.querySelector(".probs");
  list.replaceChildren();
  for (const c of classes) {
    const row = el("li", "prob-row");
    row.dataset.label = c.label;
    row.dataset.prob = String(c.probability);
    const track = el("span", "track");
    const fill = el("span", "fill");
    fill.style.display = "block";
    fill.style.width = Math.max(0, Math.min(100, 100 * c.probability)).toFixed(2) + "%";
    track.append(fill);
    row.append(el("span", "name", c.label), track, el("span", "value", percent(c.probability)));
    list.append(row);
  }
}

function renderContributions(contributions) {
  const svg = $("contrib-chart");
  svg.replaceChildren();
  const width = svg.clientWidth || 900;
  const height = 220;
  svg.setAttribute("viewBox", "0 0 " + width + " " + height);
  // Room for the modality names on the left and for value labels beside the longest bars on both sides.
  const labelColumn = 130, valueRoom = 64, top = 26, rowHeight = 56;
  const left = labelColumn + valueRoom, right = valueRoom;
  const largest = Math.max(0, ...contributions.flatMap((c) => [c.emotionDelta, c.intentDelta]).map(Math.abs));
  const scale = [0.05, 0.1, 0.2, 0.25, 0.5, 1].find((s) => s >= largest) || largest;
  const plotWidth = width - left - right;
  const zero = left + plotWidth / 2;
  const x = (v) => zero + (v / scale) * (plotWidth / 2);

  for (const tick of [-scale, -scale / 2, 0, scale / 2, scale]) {
    svg.append(svgEl("line", { class: tick === 0 ? "axis" : "grid-line", x1: x(tick), x2: x(tick), y1: top - 6, y2: top + rowHeight * contributions.length }));
    svg.append(svgEl("text", { x: x(tick), y: top - 10, "text-anchor": "middle" }, tick === 0 ? "0" : signed(tick)));
  }

  contributions.forEach((c, i) => {
    const y = top + i * rowHeight;
    svg.append(svgEl("text", { x: 4, y: y + 26 }, MODALITY_NAMES[c.modality] || c.modality));
    if (!c.present) {
      svg.append(svgEl("text", { class: "absent-label", x: zero + 8, y: y + 26, "data-modality": c.modality }, "not in this clip"));
      return;
    }
    const bars = [["emotion", c.emotionDelta, 6], ["intent", c.intentDelta, 26]];
    for (const [kind, value, offset] of bars) {
      const x0 = Math.min(x(0), x(value));
      const w = Math.max(1, Math.abs(x(value) - x(0)));
      const bar = svgEl("rect", { class: "bar " + kind, x: x0, y: y + offset, width: w, height: 16, rx: 2, "data-modality": c.modality, "data-kind": kind, "data-value": value });
      bar.append(svgEl("title", {}, kind + " " + signed(value)));
      svg.append(bar);
      const labelX = value >= 0 ? x0 + w + 4 : x0 - 4;
      svg.append(svgEl("text", { x: labelX, y: y + offset + 12, "text-anchor": value >= 0 ? "start" : "end" }, signed(value)));
    }
  });

  const legendY = top + rowHeight * contributions.length + 16;
  svg.append(svgEl("rect", { class: "bar emotion legend", x: left, y: legendY - 10, width: 12, height: 12 }));
  svg.append(svgEl("text", { x: left + 18, y: legendY }, "emotion"));
  svg.append(svgEl("rect", { class: "bar intent legend", x: left + 100, y: legendY - 10, width: 12, height: 12 }));
  svg.append(svgEl("text", { x: left + 118, y: legendY }, "intent"));
  svg.setAttribute("viewBox", "0 0 " + width + " " + (legendY + 8));
  svg.style.height = (legendY + 8) + "px";
}

function renderFaces(pngs) {
  const faces = $("faces");
  faces.replaceChildren();
  if (pngs.length === 0) {
    faces.append(el("span", "empty", "no face found"));
    return;
  }
  pngs.forEach((b64, i) => {
    const img = el("img");
    img.src = "data:image/png;base64," + b64;
    img.alt = "face crop " + (i + 1);
    faces.append(img);
  });
}

function renderWaveform(envelope, seconds) {
  const svg = $("waveform");
  svg.replaceChildren();
  const width = svg.clientWidth || 900;
  const height = 120;
  const mid = height / 2;
  svg.setAttribute("viewBox", "0 0 " + width + " " + height);
  svg.dataset.buckets = String(envelope.length);
  if (envelope.length === 0) {
    svg.append(svgEl("text", { class: "empty", x: 8, y: mid }, "no audio"));
    return;
  }
  svg.append(svgEl("line", { class: "mid", x1: 0, x2: width, y1: mid, y2: mid }));
  const step = width / envelope.length;
  const peak = (v) => Math.max(0.5, Math.min(1, v) * (mid - 4));
  let d = "M 0 " + mid;
  envelope.forEach((v, i) => { d += " L " + (i * step).toFixed(1) + " " + (mid - peak(v)).toFixed(1); });
  for (let i = envelope.length - 1; i >= 0; i--) d += " L " + (i * step).toFixed(1) + " " + (mid + peak(envelope[i])).toFixed(1);
  d += " Z";
  svg.append(svgEl("path", { class: "wave", d }));
  if (typeof seconds === "number" && seconds > 0) {
    svg.append(svgEl("text", { class: "time", x: 2, y: height - 2 }, "0 s"));
    svg.append(svgEl("text", { class: "time", x: width - 2, y: height - 2, "text-anchor": "end" }, seconds.toFixed(2) + " s"));
  }
}

function render(a) {
  $("result").hidden = false;
  $("clip-name").textContent = a.clip;
  const duration = typeof a.durationSeconds === "number" ? a.durationSeconds.toFixed(2) + " s" : "duration unknown";
  $("clip-meta").textContent = duration;
  renderPrediction($("emotion"), a.emotion);
  renderPrediction($("intent"), a.intent);
  renderContributions(a.contributions);
  renderFaces(a.facePngs || []);
  const text = $("text");
  text.textContent = a.text ? "“" + a.text + "”" : "no text";
  text.className = a.text ? "" : "empty";
  renderWaveform(a.waveform || [], a.durationSeconds);
  const warnings = $("warnings");
  warnings.replaceChildren(...(a.warnings || []).map((w) => el("li", null, w)));
  const stages = Object.entries(a.stageSeconds || {}).map(([k, v]) => k + " " + Number(v).toFixed(2) + " s");
  $("stages").textContent = stages.length ? "Time per stage: " + stages.join(", ") : "";
}

function wireDrop() {
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer.files.length > 0) analyzeFile(e.dataTransfer.files[0]);
  });
  drop.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); $("file").click(); } });
  $("file").addEventListener("change", () => {
    const file = $("file").files[0];
    if (file) analyzeFile(file);
    $("file").value = "";
  });
  $("analyze-sample").addEventListener("click", analyzeSample);
}

wireDrop();
loadInfo().catch((err) => showError("Could not reach the Meiju server: " + err.message));
