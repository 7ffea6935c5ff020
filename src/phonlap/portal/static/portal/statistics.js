/* Draws the statistics charts (Chart.js) from the JSON that json_script put beside each one.
   A progressive enhancement: the table next to each chart holds the same figures and is what
   screen readers read (the chart's container is aria-hidden). No inline script (CSP). */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") { return; }
  // Dark, distinct colours (≥ 3:1 against white); the legend names every series in words.
  var colours = ["#0b5394", "#b45f06", "#38761d", "#741b47", "#134f5c", "#7f6000"];
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var font = getComputedStyle(document.documentElement).fontFamily;
  window.Chart.defaults.font.family = font;
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
    var datasets = (spec.datasets || []).map(function (set, index) {
      return {
        label: set.label,
        data: (set.data || []).map(toNumber),
        backgroundColor: colours[index % colours.length],
        borderColor: colours[index % colours.length],
        borderWidth: 1
      };
    });
    container.classList.add("is-drawn");
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : undefined,
        plugins: { legend: { display: datasets.length > 1 } },
        // Counts are whole numbers: no 0.2 steps on their axis.
        scales: spec.horizontal
          ? { x: { beginAtZero: true, ticks: { precision: spec.precision || 0 } } }
          : { y: { beginAtZero: true, ticks: { precision: spec.precision || 0 } } }
      }
    });
  });
})();
