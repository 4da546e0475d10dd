"use strict";
// The pipeline page's charts (uPlot, served from its WebJar): the recent past that distribution-service
// and hq-service sample themselves every few seconds (GET /api/v1/pipeline/history), so a page opened
// just now shows the whole window. Uses call() of pipeline.html; the last answer stays in
// window.pipelineHistory (the browser test reads it).

const CHART_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
  "#7f7f7f", "#bcbd22"];

/** Each chart: its element, title, and the series it draws (name -> label), from the answer's series names. */
const CHARTS = [
  { id: "created", title: "Customers created per second, per channel",
    pick: name => name.startsWith("created/") ? "created at " + name.slice(8) : null },
  { id: "conversions", title: "Conversions per second (account number in the channel database)",
    pick: name => name === "conversions" ? "conversions" : null },
  { id: "latency", title: "Conversion latency, ms (p50 / p99 over the conversion window)",
    pick: name => name === "latency/p50" ? "p50" : name === "latency/p99" ? "p99" : null },
  { id: "backlog", title: "Backlog of each stage",
    pick: name => name.startsWith("outbox/") ? "P-job " + name.slice(7)
      : name.startsWith("staging/") ? "HQ staging " + name.slice(8)
      : name.startsWith("deliveries/") ? "deliveries to " + name.slice(11) : null },
  { id: "lag", title: "Consumer lag (records)",
    pick: name => name.startsWith("lag/") ? name.slice(4).replace("/", " on ") : null }
];

const charts = {};
let historyDueAt = 0;

/** Fetches the history when it is due (every sample interval) and redraws; errors show in the chart area. */
async function refreshCharts() {
  if (Date.now() < historyDueAt) return;
  const note = document.getElementById("charts-note");
  try {
    const history = await call("GET", "/api/v1/pipeline/history");
    window.pipelineHistory = history;
    historyDueAt = Date.now() + Math.max(2000, history.distribution.intervalMillis);
    drawCharts(history);
    const minutes = Math.round(history.distribution.windowMillis / 60000);
    document.getElementById("charts-title").textContent = "Last " + minutes + " minutes";
    note.className = "muted";
    note.textContent = "Sampled every " + history.distribution.intervalMillis / 1000
      + " s by the services themselves" + (history.hq.reachable ? "." : "; HQ staging missing: " + history.hq.error);
  } catch (e) {
    historyDueAt = Date.now() + 5000;
    note.className = "bad";
    note.textContent = "charts: " + e.message;
  }
}

/** One table per source ([times, ...series]) joined on time; a value missing at a time is a gap (null). */
function tablesOf(history) {
  const tables = [{ columns: history.distribution, names: Object.keys(history.distribution.series) }];
  const hq = history.hq.reachable && history.hq.history ? history.hq.history : null;
  if (hq && hq.at.length) tables.push({ columns: hq, names: Object.keys(hq.series) });
  return tables;
}

function drawCharts(history) {
  const tables = tablesOf(history);
  const now = Date.now();
  const since = now - history.distribution.windowMillis;
  CHARTS.forEach(chart => {
    const picked = tables.map(t => t.names.map(name => [name, chart.pick(name)]).filter(([, label]) => label));
    const used = tables.map((t, i) => ({ t, picked: picked[i] })).filter(x => x.picked.length && x.t.columns.at.length);
    const data = used.length === 0 ? [[]]
      : used.length === 1 ? [used[0].t.columns.at, ...used[0].picked.map(([name]) => used[0].t.columns.series[name])]
      : uPlot.join(used.map(x => [x.t.columns.at, ...x.picked.map(([name]) => x.t.columns.series[name])]));
    const labels = used.flatMap(x => x.picked.map(([, label]) => label));
    draw(chart, labels, data, since, now);
  });
}

function draw(chart, labels, data, since, now) {
  const box = document.querySelector("#charts [data-chart='" + chart.id + "']");
  const key = labels.join("|");
  const existing = charts[chart.id];
  box.setAttribute("data-points", String(data[0].length));
  if (existing && existing.key === key) {
    existing.range = [since, now];
    existing.plot.setData(data);
    return;
  }
  if (existing) existing.plot.destroy();
  const holder = { key, range: [since, now] };
  const options = {
    title: chart.title,
    width: Math.max(300, box.clientWidth - 8),
    height: 200,
    ms: 1,
    scales: { x: { time: true, range: () => holder.range }, y: { range: (u, min, max) => [0, Math.max(1, max || 0) * 1.1] } },
    axes: [{}, { size: 60 }],
    series: [{}, ...labels.map((label, i) => ({ label, stroke: CHART_COLOURS[i % CHART_COLOURS.length], width: 1.5,
      value: (u, v) => v === null || v === undefined ? "-" : v >= 100 ? Math.round(v) : +v.toFixed(2) }))]
  };
  holder.plot = new uPlot(options, data.length > 1 ? data : [[], ...labels.map(() => [])], box);
  charts[chart.id] = holder;
}

window.addEventListener("resize", () => Object.entries(charts).forEach(([id, holder]) => {
  const box = document.querySelector("#charts [data-chart='" + id + "']");
  holder.plot.setSize({ width: Math.max(300, box.clientWidth - 8), height: 200 });
}));
