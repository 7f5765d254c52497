// SPDX-License-Identifier: AGPL-3.0-or-later
// Sorting and filtering for the candidate table; inlined at render time. Without it the table still reads.
(function () {
  "use strict";
  var table = document.getElementById("candidate-table");
  if (!table) { return; }
  var body = table.tBodies[0];
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var rows = Array.prototype.slice.call(body.rows);
  var collator = new Intl.Collator(document.documentElement.lang, { numeric: true, sensitivity: "base" });

  function key(row, index, type) {
    var cell = row.cells[index];
    if (type === "number") {
      var raw = cell.getAttribute("data-sort");
      return raw === null || raw === "" ? null : parseFloat(raw);
    }
    return cell.textContent.trim();
  }

  function sortBy(index, type, direction) {
    var sign = direction === "ascending" ? 1 : -1;
    var sorted = rows.slice().sort(function (a, b) {
      var x = key(a, index, type), y = key(b, index, type);
      if (x === null && y === null) { return 0; }
      if (x === null) { return 1; }  // missing values last in both directions
      if (y === null) { return -1; }
      return sign * (type === "number" ? x - y : collator.compare(x, y));
    });
    sorted.forEach(function (row) { body.appendChild(row); });
    headers.forEach(function (th, i) {
      if (i === index) { th.setAttribute("aria-sort", direction); } else { th.removeAttribute("aria-sort"); }
    });
  }

  headers.forEach(function (th, index) {
    var button = th.querySelector("button");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var next = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
      sortBy(index, button.getAttribute("data-type"), next);
    });
  });

  var text = document.getElementById("filter-text");
  var status = document.getElementById("filter-status");
  var count = document.getElementById("filter-count");
  var nameIndex = 1;

  var CANDIDATES = ["robot_candidate", "feasible_not_paying"];

  function matches(row, wanted) {
    var verdict = row.getAttribute("data-status");
    if (wanted === "candidates") { return CANDIDATES.indexOf(verdict) !== -1; }
    return !wanted || verdict === wanted;
  }

  function filter() {
    var needle = text.value.trim().toLocaleLowerCase();
    var wanted = status.value;
    var shown = 0;
    rows.forEach(function (row) {
      var name = row.cells[nameIndex].textContent.toLocaleLowerCase();
      var visible = (!needle || name.indexOf(needle) !== -1) && matches(row, wanted);
      row.hidden = !visible;
      if (visible) { shown += 1; }
    });
    count.textContent = count.getAttribute("data-template")
      .replace("{shown}", String(shown)).replace("{total}", String(rows.length));
  }

  text.addEventListener("input", filter);
  status.addEventListener("change", filter);
  document.getElementById("filters").hidden = false;
  if (!rows.some(function (row) { return matches(row, "candidates"); })) { status.value = ""; }
  filter();
}());

// A link to a candidate opens its collapsed section.
(function () {
  "use strict";
  function open(target) {
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
  }
  function reveal() {
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    open(target);
    if (target) { target.scrollIntoView(); }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (link) { open(document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)))); }
  });
  window.addEventListener("hashchange", reveal);
  reveal();
}());

// Zoom and pan for the process map: buttons scale the drawing, dragging or scrolling moves it.
(function () {
  "use strict";
  var box = document.getElementById("map-box");
  var tools = document.getElementById("map-tools");
  if (!box || !tools) { return; }
  var svg = box.querySelector("svg");
  if (!svg) { return; }
  var view = (svg.getAttribute("viewBox") || "").split(/[\s,]+/).map(parseFloat);
  var natural = view.length === 4 && view[2] > 0 ? view[2] : svg.getBoundingClientRect().width;
  var scale = 1;
  function fit() { return Math.min(1.5, Math.max(0.2, (box.clientWidth - 4) / natural)); }
  function apply() { svg.style.width = Math.round(natural * scale) + "px"; svg.style.height = "auto"; }
  scale = Math.max(fit(), 0.8);  // readable type first (a large map is then dragged); "fit" shows it whole
  apply();
  tools.hidden = false;
  tools.addEventListener("click", function (event) {
    var kind = event.target.getAttribute("data-zoom");
    if (!kind) { return; }
    scale = kind === "in" ? scale * 1.4 : kind === "out" ? scale / 1.4 : fit();
    apply();
  });
  var start = null;
  box.addEventListener("pointerdown", function (event) {
    start = { x: event.clientX, y: event.clientY, left: box.scrollLeft, top: box.scrollTop };
  });
  box.addEventListener("pointermove", function (event) {
    if (!start) { return; }
    box.scrollLeft = start.left - (event.clientX - start.x);
    box.scrollTop = start.top - (event.clientY - start.y);
  });
  ["pointerup", "pointerleave"].forEach(function (name) { box.addEventListener(name, function () { start = null; }); });
}());
