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

  function filter() {
    var needle = text.value.trim().toLocaleLowerCase();
    var wanted = status.value;
    var shown = 0;
    rows.forEach(function (row) {
      var name = row.cells[nameIndex].textContent.toLocaleLowerCase();
      var visible = (!needle || name.indexOf(needle) !== -1) && (!wanted || row.getAttribute("data-status") === wanted);
      row.hidden = !visible;
      if (visible) { shown += 1; }
    });
    count.textContent = count.getAttribute("data-template")
      .replace("{shown}", String(shown)).replace("{total}", String(rows.length));
  }

  text.addEventListener("input", filter);
  status.addEventListener("change", filter);
  document.getElementById("filters").hidden = false;
  filter();
}());
