// A background job's page: polls its state until the file is ready (or failed), then shows the download link.
// An import's page (data-reload="1") shows rows N of M as they are read, and opens the preview or the result
// (one reload) when the worker is done with its stage.
(function () {
  "use strict";
  var box = document.getElementById("job");
  var bar = document.getElementById("job-bar");
  if (bar) bar.style.width = bar.dataset.width + "%";  // set from script: the CSP refuses inline styles
  if (!box || box.dataset.running !== "1") return;

  function render(data) {
    box.querySelectorAll("[data-field]").forEach(function (node) {
      if (data[node.dataset.field] !== undefined) node.textContent = data[node.dataset.field];
    });
    document.getElementById("job-rows").classList.toggle("d-none", !data.total);
    if (bar) bar.style.width = (data.total ? Math.round(100 * data.done / data.total) : 100) + "%";
    var error = document.getElementById("job-error");
    error.textContent = data.error || "";
    error.classList.toggle("d-none", !data.error);
    var finished = data.state !== "queued" && data.state !== "running";
    if (finished && box.dataset.reload === "1") {
      box.dataset.running = "0";
      window.location.reload();
      return;
    }
    if (data.download_url) {
      var link = document.getElementById("job-download");
      link.href = data.download_url;
      link.classList.remove("d-none");
    }
    document.getElementById("job-wait").classList.toggle("d-none", finished);
    if (finished) box.dataset.running = "0";
  }

  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data) render(data);
        if (box.dataset.running === "1") window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
