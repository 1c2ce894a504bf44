// Searchable pickers (templates/_picker.html): typing asks the page's scoped JSON endpoint
// (?q=...) for at most 20 matches; choosing one stores its id in the hidden field.
(function () {
  "use strict";
  function setup(root) {
    var url = root.getAttribute("data-picker-url");
    var text = root.querySelector(".picker-text");
    var value = root.querySelector(".picker-value");
    var list = root.querySelector(".picker-list");
    var timer = null;
    var seq = 0;
    function close() {
      list.classList.remove("show");
      text.setAttribute("aria-expanded", "false");
    }
    function choose(id, label) {
      value.value = id;
      text.value = label;
      close();
    }
    function show(results) {
      list.innerHTML = "";
      if (!results.length) {
        var none = document.createElement("li");
        none.className = "dropdown-item-text text-muted small";
        none.textContent = "Ничего не найдено";
        list.appendChild(none);
      }
      results.forEach(function (row) {
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "dropdown-item";
        button.setAttribute("role", "option");
        button.textContent = row.label;
        button.addEventListener("click", function () { choose(row.id, row.label); });
        li.appendChild(button);
        list.appendChild(li);
      });
      list.classList.add("show");
      text.setAttribute("aria-expanded", "true");
    }
    function search() {
      var q = text.value.trim();
      if (!q) { value.value = ""; close(); return; }
      var mine = ++seq;
      fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(q), {
        credentials: "same-origin", headers: { "Accept": "application/json" }
      }).then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { if (mine === seq) { show(data.results || []); } })
        .catch(function () { close(); });
    }
    text.addEventListener("input", function () {
      value.value = "";
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    text.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); }
      if (event.key === "ArrowDown") {
        var first = list.querySelector("button");
        if (first) { event.preventDefault(); first.focus(); }
      }
    });
    document.addEventListener("click", function (event) { if (!root.contains(event.target)) { close(); } });
  }
  document.querySelectorAll("[data-picker-url]").forEach(setup);
})();
