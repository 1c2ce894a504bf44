// Bar charts of the ВПР pages: each <canvas data-vpr-chart="ID"> reads its data from the json_script element ID.
(function () {
  "use strict";
  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.vprChart);
    if (!source || typeof Chart === "undefined") { return; }
    var chart = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: chart.type || "bar",
      data: {
        labels: chart.labels,
        datasets: [{ label: chart.unit, data: chart.values, backgroundColor: chart.colours }]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  }
  document.querySelectorAll("canvas[data-vpr-chart]").forEach(draw);
})();
