// The Alerts page's live list (shipped with the package; the page works without it).
// Every few seconds it asks /api/alerts for alerts newer than the newest shown and adds
// them at the top, built from text nodes: nothing an alert carries is parsed as HTML.
"use strict";

(function () {
  const table = document.getElementById("alerts-table");
  if (!table || !window.fetch) return;
  const body = table.querySelector("tbody");
  const seconds = Number(table.dataset.poll) || 2;

  function cell(row, className) {
    const td = document.createElement("td");
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function link(parent, href, text) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    parent.appendChild(a);
    return a;
  }

  function rowFor(alert) {
    const row = document.createElement("tr");
    row.id = "alert-" + alert.id;
    row.className = "alert fresh";
    cell(row, "num").textContent = String(alert.id);
    cell(row, "num").textContent = (alert.fired_at || "").slice(0, 16).replace("T", " ");
    cell(row, "rule").textContent = alert.rule;
    const symbol = cell(row, "symbol");
    if (alert.ticker_url) link(symbol, alert.ticker_url, alert.symbol); else symbol.textContent = "-";
    const what = cell(row);
    const message = document.createElement("p");
    message.className = "message";
    message.textContent = alert.message;
    what.appendChild(message);
    const facts = document.createElement("p");
    facts.className = "note-facts";
    link(facts, alert.note_url, alert.note_title || alert.note_id);
    facts.appendChild(document.createTextNode(" (" + alert.day + ")"));
    what.appendChild(facts);
    if (alert.evidence.length) {
      const list = document.createElement("ul");
      list.className = "evidence";
      alert.evidence.forEach(function (sentence) {
        const li = document.createElement("li");
        li.textContent = sentence;
        list.appendChild(li);
      });
      what.appendChild(list);
    }
    const ack = cell(row, "ack");
    const form = document.createElement("form");
    form.method = "post";
    form.action = "/alerts/" + alert.id + "/ack";
    form.className = "action";
    const button = document.createElement("button");
    button.type = "submit";
    button.textContent = "Acknowledge";
    form.appendChild(button);
    ack.appendChild(form);
    return row;
  }

  function poll() {
    const query = new URLSearchParams({ after: table.dataset.after || "0" });
    if (table.dataset.unacked) query.set("unacked", "1");
    if (table.dataset.symbol) query.set("symbol", table.dataset.symbol);
    fetch("/api/alerts?" + query.toString(), { credentials: "same-origin" })
      .then(function (answer) { return answer.ok ? answer.json() : { alerts: [] }; })
      .then(function (found) {
        found.alerts.slice().reverse().forEach(function (alert) {  // oldest first, each on top
          if (document.getElementById("alert-" + alert.id)) return;
          body.insertBefore(rowFor(alert), body.firstChild);
          table.dataset.after = String(Math.max(Number(table.dataset.after) || 0, alert.id));
        });
        if (found.alerts.length) {
          const empty = document.getElementById("no-alerts");
          if (empty) empty.remove();
          const count = document.getElementById("alert-count");
          if (count) count.textContent = body.rows.length + " shown";
        }
      })
      .catch(function () { /* the server is restarting: try again at the next tick */ })
      .then(function () { window.setTimeout(poll, seconds * 1000); });
  }

  document.getElementById("live").hidden = false;
  window.setTimeout(poll, seconds * 1000);
})();
