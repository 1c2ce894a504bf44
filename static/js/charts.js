/* Charts of the overview pages (Chart.js, vendored). Each <canvas data-chart="…" data-source="<json_script id>">. */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return;
  }
  var STATES = [
    ["on_time", "в срок", "#198754"],
    ["late", "с опозданием", "#ffc107"],
    ["overdue", "просрочено", "#dc3545"],
    ["not_due", "срок не наступил", "#0dcaf0"],
    ["no_deadline", "без срока", "#adb5bd"],
  ];
  var builders = {
    municipalities: function (rows) {
      return {
        type: "bar",
        data: {
          labels: rows.map(function (row) { return row.label; }),
          datasets: STATES.map(function (state) {
            return { label: state[1], backgroundColor: state[2], data: rows.map(function (row) { return row[state[0]]; }) };
          }),
        },
        options: {
          indexAxis: "y",
          maintainAspectRatio: false,
          animation: false,
          scales: { x: { stacked: true, title: { display: true, text: "задач школ" } }, y: { stacked: true } },
          plugins: { legend: { position: "bottom" } },
        },
      };
    },
    states: function (rows) {
      var colours = {};
      STATES.forEach(function (state) { colours[state[0]] = state[2]; });
      return {
        type: "doughnut",
        data: {
          labels: rows.map(function (row) { return row.label; }),
          datasets: [{
            data: rows.map(function (row) { return row.count; }),
            backgroundColor: rows.map(function (row) { return colours[row.state]; }),
          }],
        },
        options: { maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } } },
      };
    },
  };
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var build = builders[canvas.getAttribute("data-chart")];
    var source = document.getElementById(canvas.getAttribute("data-source"));
    if (!build || !source) {
      return;
    }
    canvas.chart = new window.Chart(canvas, build(JSON.parse(source.textContent)));
    canvas.setAttribute("data-ready", "1");
  });
})();
