/* Draws the monitoring dashboard's charts (Chart.js) from the JSON that json_script put beside
   each one: a line chart for disbursement against the target curve, bar charts of plan against
   result per indicator. A progressive enhancement: the table next to each chart holds the same
   figures and is what screen readers read (the chart's container is aria-hidden). No inline
   script (CSP). */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") { return; }
  // Dark, distinct colours (≥ 3:1 against white); the legend names every series in words, and
  // the second series of a line chart is dashed so that colour is not the only difference.
  var colours = ["#0b5394", "#b45f06", "#38761d", "#741b47"];
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  window.Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
  window.Chart.defaults.color = "#1a1a1a";

  function toNumber(value) {
    if (value === null || value === undefined || value === "") { return null; }
    var n = parseFloat(value);
    return isNaN(n) ? null : n;
  }

  document.querySelectorAll("[data-chart]").forEach(function (container) {
    var source = document.getElementById(container.getAttribute("data-chart"));
    var canvas = container.querySelector("canvas");
    if (!source || !canvas) { return; }
    var spec;
    try { spec = JSON.parse(source.textContent); } catch (e) { return; }
    if (!spec || !spec.labels || !spec.labels.length) { return; }
    var line = spec.type === "line";
    var datasets = (spec.datasets || []).map(function (set, index) {
      var colour = colours[index % colours.length];
      return {
        label: set.label,
        data: (set.data || []).map(toNumber),
        backgroundColor: colour,
        borderColor: colour,
        borderWidth: line ? 2 : 1,
        borderDash: line && index % 2 === 1 ? [6, 4] : undefined,
        pointStyle: index % 2 === 1 ? "rectRot" : "circle",
        pointRadius: line ? 4 : undefined,
        spanGaps: false
      };
    });
    container.classList.add("is-drawn");
    new window.Chart(canvas, {
      type: line ? "line" : "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : undefined,
        plugins: { legend: { display: true, labels: { usePointStyle: line } } },
        scales: { y: { beginAtZero: true, ticks: { precision: spec.precision || 0 } } }
      }
    });
  });
})();
