"use strict";
const REFRESH_MS = 2000;
let timer = null;

function key() { return sessionStorage.getItem("customersync.opsKey") || ""; }

function useKey(event) {
  event.preventDefault();
  sessionStorage.setItem("customersync.opsKey", document.getElementById("key").value.trim());
  refresh();
}

function cell(text, cls) {
  const td = document.createElement("td");
  td.textContent = text === null || text === undefined ? "-" : String(text);
  if (cls) td.className = cls;
  return td;
}

function button(label, action) {
  return buttons([[label, action]]);
}

function buttons(labelsAndActions) {
  const td = document.createElement("td");
  labelsAndActions.forEach(([label, action]) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", action);
    td.appendChild(b);
  });
  return td;
}

function fill(id, rows) {
  const body = document.querySelector("#" + id + " tbody");
  body.replaceChildren(...rows);
}

function row(cells, attributes) {
  const tr = document.createElement("tr");
  cells.forEach(c => tr.appendChild(c));
  Object.entries(attributes || {}).forEach(([k, v]) => tr.setAttribute(k, v));
  return tr;
}

function time(iso) { return iso ? new Date(iso).toLocaleTimeString() : "-"; }

async function call(method, path, body) {
  const headers = { "Authorization": "Bearer " + key(), "Accept": "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error((answer.title || response.status) + (answer.detail ? ": " + answer.detail : ""));
  return answer;
}

async function act(label, method, path, body) {
  const message = document.getElementById("message");
  try {
    await call(method, path, body);
    message.className = "";
    message.textContent = label + ": done";
  } catch (e) {
    message.className = "bad";
    message.textContent = label + ": " + e.message;
  }
  refresh();
}

function staging(counts, channelId) {
  if (!Array.isArray(counts)) return "-";
  const of = s => (counts.find(c => c.channelId === channelId && c.status === s) || { count: 0 }).count;
  return of("PENDING") + " / " + of("SYNCED") + " / " + of("FAILED");
}

function render(p) {
  const hqCounts = p.hq && p.hq.reachable ? p.hq.stagingCounts : null;
  fill("channels", p.channels.map(c => row([
    cell(c.channelId),
    cell(c.addressBook),
    c.reachable ? cell(c.backlog.asyncWaiting + (c.backlog.asyncWaiting ? " (" + c.backlog.oldestWaitingSeconds + " s)" : ""), "num")
                : cell("unreachable: " + c.error, "bad"),
    cell(c.reachable ? c.backlog.outboxBacklog : "-", "num"),
    cell(staging(hqCounts, c.channelId), "num"),
    cell(c.deliveries.pending + " / " + c.deliveries.failed + " (" + c.deliveries.lagSeconds + " s)",
         c.deliveries.failed ? "num bad" : "num"),
    cell(c.lastSession ? "#" + c.lastSession.id + " " + c.lastSession.status + ", " + c.lastSession.rows + " rows, " + time(c.lastSession.finishedAt) : "-"),
    button("Retry failed deliveries", () => act("Retry " + c.channelId, "POST", "/api/v1/channels/" + encodeURIComponent(c.channelId) + "/retry"))
  ], { "data-channel": c.channelId })));

  fill("waiting", p.channels.filter(c => c.reachable).flatMap(c => c.backlog.waiting.map(w => row([
    cell(c.channelId), cell(w.customerId), cell(time(w.createdAt))
  ], { "data-customer": w.customerId, "data-state": "waiting" }))));

  fill("synced", p.recentConversions.map(s => row([
    cell(s.channelId), cell(s.customerId), cell(s.accountNumber), cell(s.latencyMillis, "num"), cell(time(s.at))
  ], { "data-customer": s.customerId, "data-state": "synced" })));

  const l = p.conversionLatency || {};
  document.getElementById("latency").textContent = l.count
    ? "p50 " + Math.round(l.p50Millis) + " ms, p99 " + Math.round(l.p99Millis) + " ms, max " + Math.round(l.maxMillis)
      + " ms over the last " + l.windowMinutes + " min (" + l.count + " conversions; " + l.totalCount + " since start)"
    : l.totalCount ? "no conversions in the last " + l.windowMinutes + " min (" + l.totalCount + " since start)"
    : "no conversions yet";
  // the latency counts converted customers only: through a stall it stays low, so the oldest still waiting is said too
  const oldest = Math.max(0, ...p.channels.filter(c => c.reachable && c.backlog && c.backlog.asyncWaiting)
    .map(c => c.backlog.oldestWaitingSeconds));
  const latency = document.getElementById("latency");
  latency.className = oldest > 60 ? "bad" : "";
  if (oldest > 60) latency.textContent += "; but a customer has waited " + oldest + " s for its account number";

  const jobs = [];
  if (p.hq && p.hq.reachable) {
    p.hq.jobs.forEach(j => jobs.push(row([
      cell(j.name), cell("hq-service"), cell(j.mode),
      cell(j.lastRun ? time(j.lastRun.finishedAt || j.lastRun.startedAt) + " (" + j.lastRun.trigger + ", " + j.lastRun.processed + " done, " + j.lastRun.failed + " failed)" : "never"),
      cell(j.waiting, "num"),
      button("Run now", () => act("Run " + j.name, "POST", "/api/v1/pipeline/jobs/" + encodeURIComponent(j.name) + "/run"))
    ], { "data-job": j.name })));
  } else {
    jobs.push(row([cell("HQ jobs"), cell("hq-service"), cell(p.hq ? p.hq.error : "-", "bad"), cell("-"), cell("-"), cell("")]));
  }
  jobs.push(row([cell("1010"), cell("distribution-service"), cell(p.distributionJobMode), cell("see last download sessions"), cell("-"),
    button("Run now", () => act("Run 1010", "POST", "/api/v1/pipeline/jobs/1010/run"))], { "data-job": "1010" }));
  fill("jobs", jobs);

  const failed = p.hq && p.hq.reachable && Array.isArray(p.hq.failed) ? p.hq.failed : [];
  fill("failed", failed.map(f => row([
    cell(f.channelId), cell(f.customerId), cell(f.lastError),
    button("Retry", () => act("Retry " + f.customerId, "POST", "/api/v1/pipeline/staging/" + encodeURIComponent(f.customerId) + "/retry"))
  ], { "data-customer": f.customerId, "data-state": "failed" })));

  const review = p.hq && p.hq.reachable && Array.isArray(p.hq.review) ? p.hq.review : [];
  const person = x => [x.accountNumber || "(no account yet)", x.firstName + " " + x.lastName, x.email, x.phone,
    (x.addresses || []).map(a => a.street + ", " + a.zip).join("; ")].filter(v => v).join(" · ");
  const decide = (d, decision) => act((decision === "LINK" ? "Link " : "Keep separate ") + d.customerId, "POST",
    "/api/v1/pipeline/staging/" + encodeURIComponent(d.customerId) + "/decision", { decision });
  fill("review", review.map(d => row([
    cell(d.kind), cell(d.channelId), cell(person(d.customer)), cell(person(d.matched)), cell(d.rule),
    buttons([["Keep separate", () => decide(d, "KEEP_SEPARATE")],
             ["Link to " + d.matched.accountNumber, () => decide(d, "LINK")]])
  ], { "data-customer": d.customerId, "data-state": "review" })));

  fill("lag", p.consumerLagUnavailable
    ? [row([cell("unknown: " + p.consumerLagUnavailable, "bad"), cell(""), cell("")])]
    : p.consumerLag.map(g => row([cell(g.group), cell(g.topic), cell(g.lag, g.lag ? "num bad" : "num")])));
}

async function refresh() {
  clearTimeout(timer);
  const status = document.getElementById("status");
  if (!key()) { status.textContent = "enter the ops key"; return; }
  try {
    render(await call("GET", "/api/v1/pipeline"));
    refreshCharts(); // not awaited: its own errors show above the charts
    status.className = "muted";
    status.textContent = "live, updated " + new Date().toLocaleTimeString();
  } catch (e) {
    status.className = "bad";
    status.textContent = e.message;
  }
  timer = setTimeout(refresh, REFRESH_MS);
}

const DEAD_LETTERS_MS = 5000;
let deadLettersTimer = null;

function renderDeadLetters(topics) {
  fill("dead-letter-topics", topics.map(t => row([cell(t.topic), cell(t.count, t.count ? "num bad" : "num")],
    { "data-topic": t.topic })));
  const letters = topics.flatMap(t => t.latest.map(l => ({ topic: t.topic, ...l })));
  fill("dead-letters", letters.map(l => row([
    cell(time(l.at)), cell(l.topic + "/" + l.partition + "@" + l.offset), cell(l.eventId),
    cell(l.eventType), cell(l.reason, "bad"),
    l.replayedAt ? cell("replayed " + time(l.replayedAt) + " by " + l.replayedBy, "muted")
      : button("Replay", () => act("Replay " + l.topic + "/" + l.partition + "@" + l.offset, "POST",
          "/api/v1/pipeline/dead-letters/" + encodeURIComponent(l.topic) + "/" + l.partition + "/" + l.offset + "/replay")
          .then(refreshDeadLetters))
  ], { "data-dead-letter": l.topic + "/" + l.partition + "@" + l.offset, "data-state": l.replayedAt ? "replayed" : "dead" })));
}

async function refreshDeadLetters() {
  clearTimeout(deadLettersTimer);
  if (key()) {
    try {
      renderDeadLetters(await call("GET", "/api/v1/pipeline/dead-letters"));
    } catch (e) {
      fill("dead-letter-topics", [row([cell("dead letters: " + e.message, "bad"), cell("")])]);
    }
  }
  deadLettersTimer = setTimeout(refreshDeadLetters, DEAD_LETTERS_MS);
}

document.getElementById("login").addEventListener("submit", useKey);
document.getElementById("login").addEventListener("submit", () => setTimeout(refreshDeadLetters, 0));
document.getElementById("key").value = key();
refresh();
refreshDeadLetters();
