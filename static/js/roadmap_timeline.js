/* The roadmap timeline: Frappe Gantt (vendored) over the items' parsed periods; data from json_script. */
(function () {
  "use strict";
  var holder = document.getElementById("timeline");
  var source = document.getElementById("timeline-data");
  if (!holder || !source || typeof window.Gantt === "undefined") {
    return;
  }

  // Frappe Gantt puts names and popup text into innerHTML: escape what came from the database.
  function escape(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  var bars = JSON.parse(source.textContent).map(function (bar) {
    var copy = Object.assign({}, bar);
    copy.name = escape(bar.name);
    return copy;
  });
  var today = new Date().toISOString().slice(0, 10);
  var inRange = bars.some(function (bar) { return bar.start <= today && today <= bar.end; });

  var gantt = new window.Gantt(holder, bars, {
    view_mode: "Month",
    language: "ru",
    readonly: true,
    holidays: {}, // the weekend highlight sets style="" attributes, which the CSP refuses
    today_button: false,
    view_mode_select: false,
    scroll_to: inRange ? "today" : "start",
    bar_height: 22,
    padding: 14,
    container_height: "auto",
    popup_on: "hover",
    popup: function (ctx) {
      ctx.set_title(ctx.task.name);
      ctx.set_subtitle("Срок в документе: " + escape(ctx.task.deadline_text));
      ctx.set_details(escape(ctx.task.period) + "<br>" + escape(ctx.task.status));
    },
    on_click: function (task) {
      window.location.assign(task.url);
    },
  });

  document.querySelectorAll("#timeline-modes [data-mode]").forEach(function (button) {
    button.addEventListener("click", function () {
      gantt.change_view_mode(button.getAttribute("data-mode"));
      document.querySelectorAll("#timeline-modes [data-mode]").forEach(function (other) {
        other.classList.toggle("active", other === button);
      });
    });
  });
})();
