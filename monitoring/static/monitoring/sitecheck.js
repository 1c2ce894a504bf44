// Progress of the automatic website check: polls the JSON endpoint while a run is going, no page reload.
(function () {
  "use strict";
  var box = document.getElementById("sitecheck");
  if (!box || box.dataset.running !== "1") return;
  var url = box.dataset.progressUrl;
  var bar = document.getElementById("sitecheck-bar");
  var failures = document.getElementById("sitecheck-failures");

  function set(field, value) {
    var node = box.querySelector('[data-field="' + field + '"]');
    if (node) node.textContent = value;
  }

  // The campaign's «Проверено школ» card: the checks stored so far, found / not found, its bar (width by class:
  // the CSP allows no inline style).
  var card = document.getElementById("campaign-progress");

  function renderCard(progress) {
    if (!card || !progress) return;
    ["checked", "total", "found", "not_found"].forEach(function (field) {
      var node = card.querySelector('[data-campaign="' + field + '"]');
      if (node) node.textContent = progress[field];
    });
    var cardBar = card.querySelector('[data-campaign="bar"]');
    if (cardBar) {
      cardBar.className = cardBar.className.replace(/\bpct-\d+\b/, "pct-" + Math.round(progress.percent));
      cardBar.textContent = progress.percent + "%";
    }
  }

  // The «Критерии» card: per criterion, the checked schools that met it in full, «из» the checks stored so far.
  var criteriaCard = document.getElementById("campaign-criteria");

  function renderCriteria(criteria, progress) {
    if (!criteriaCard || !criteria || !progress) return;
    criteriaCard.querySelectorAll("[data-criterion]").forEach(function (node) {
      node.textContent = criteria[node.dataset.criterion] || 0;
    });
    criteriaCard.querySelectorAll('[data-campaign="checked"]').forEach(function (node) {
      node.textContent = progress.checked;
    });
  }

  function render(data) {
    renderCard(data.campaign);
    renderCriteria(data.criteria, data.campaign);
    set("checked", data.checked);
    set("total", data.total);
    set("failed", data.failed);
    set("state", data.finished ? "· проверка завершена" : "· идёт проверка…");
    if (bar) { bar.max = data.total; bar.value = data.checked; bar.textContent = data.percent + "%"; }
    if (failures) {
      failures.textContent = "";
      (data.failures || []).forEach(function (failure) {
        var item = document.createElement("li");
        item.textContent = failure.school + ": " + failure.error;
        failures.appendChild(item);
      });
    }
    if (data.finished) {
      box.dataset.running = "0";
      document.getElementById("sitecheck-done").classList.remove("d-none");
      var start = document.getElementById("sitecheck-start");
      if (start) start.disabled = false;
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && data.run) render(data);
        if (box.dataset.running === "1") window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
