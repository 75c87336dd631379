// The desk's only script (shipped with the package; the pages work without it).
// Clicking a ticker mention opens a small panel with how it was resolved and the ticker's
// evidence, copied from the ticker table as text: nothing from the note is parsed as HTML.
"use strict";

(function () {
  let open = null;

  function close() {
    if (open) { open.remove(); open = null; }
  }

  function panelFor(mention) {
    const panel = document.createElement("div");
    panel.className = "popover";
    panel.setAttribute("role", "dialog");
    const title = document.createElement("h3");
    title.textContent = mention.dataset.symbol;
    panel.appendChild(title);
    const how = document.createElement("p");
    how.textContent = mention.title;
    panel.appendChild(how);
    const row = document.getElementById("ticker-" + mention.dataset.symbol);
    if (row) {
      const cells = row.querySelectorAll("td");
      const verdict = document.createElement("p");
      verdict.textContent = "In this note: " + cells[2].textContent + ", " + cells[4].textContent +
        " (" + cells[5].textContent + " mentions, relevance " + cells[6].textContent + ")";
      panel.appendChild(verdict);
      const list = document.createElement("ul");
      row.querySelectorAll("ul.evidence li").forEach(function (item) {
        const li = document.createElement("li");
        li.textContent = item.textContent;
        list.appendChild(li);
      });
      panel.appendChild(list);
    }
    return panel;
  }

  document.addEventListener("click", function (event) {
    const mention = event.target.closest ? event.target.closest("a.mention") : null;
    if (!mention) {
      if (open && !open.contains(event.target)) close();
      return;
    }
    event.preventDefault();
    close();
    open = panelFor(mention);
    const box = mention.getBoundingClientRect();
    open.style.left = (window.scrollX + box.left) + "px";
    open.style.top = (window.scrollY + box.bottom + 6) + "px";
    document.body.appendChild(open);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") close();
  });
})();
