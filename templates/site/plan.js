/* The action plan's filters and due-date sort: lif's own script, no library.
   Without it the whole table still reads and prints. */
(function () {
  "use strict";
  var table = document.getElementById("plan-table");
  var form = document.getElementById("plan-filters");
  var count = document.getElementById("plan-count");
  if (!table || !form) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var original = rows.slice();
  var position = new Map();
  original.forEach(function (row, i) { position.set(row, i); });
  var fields = ["agency", "rag", "source", "status"];

  function matches(row, name, wanted) {
    if (!wanted) { return true; }
    var have = (row.getAttribute("data-" + name) || "").split(" ");
    return have.indexOf(wanted) !== -1;
  }

  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var ok = fields.every(function (name) {
        return matches(row, name, form.elements[name].value);
      });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = "Showing " + shown + " of " + rows.length + " rows.";
  }

  // Sorting by due date: a button in the column header, aria-sort says the order.
  var header = table.querySelector("th[data-sort='due']");
  var button = document.createElement("button");
  button.type = "button";
  button.className = "sort";
  button.textContent = header.textContent;
  header.textContent = "";
  header.appendChild(button);
  header.setAttribute("aria-sort", "none");

  function sortByDue() {
    var order = header.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    var sign = order === "ascending" ? 1 : -1;
    var sorted = original.slice().sort(function (a, b) {
      var x = a.getAttribute("data-due"), y = b.getAttribute("data-due");
      if (x === y) { return position.get(a) - position.get(b); }
      if (!x) { return 1; }   // no due date (a gap) always last
      if (!y) { return -1; }
      return x < y ? -sign : sign;
    });
    sorted.forEach(function (row) { body.appendChild(row); });
    rows = sorted;
    header.setAttribute("aria-sort", order);
    button.setAttribute("aria-label", "Due, sorted " + order + "; sort " +
      (order === "ascending" ? "descending" : "ascending"));
  }
  button.addEventListener("click", sortByDue);

  // Filters can be preset from the address: plan.html?agency=police&rag=red
  var params = new URLSearchParams(window.location.search);
  fields.forEach(function (name) {
    var value = params.get(name);
    if (value !== null) { form.elements[name].value = value; }
  });
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.hidden = false;
  apply();
}());
