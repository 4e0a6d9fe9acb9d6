// Dashboard charts and filters. The figures arrive as JSON (Django's json_script) next to each
// <canvas data-chart="id">; every chart repeats numbers that are also in a table beside it.
// Nothing depends on colour alone: each series also has its own fill pattern, line dash and
// point shape, and the legend names it.
(function () {
  "use strict";

  var COLOURS = ["#0b5cab", "#b35900", "#1e7b34", "#6a1b9a", "#b3261e", "#00707a", "#5d4037"];
  var DASHES = [[], [8, 4], [2, 3], [12, 4, 2, 4], [4, 4], [1, 2], [16, 6]];
  var POINTS = ["circle", "rect", "triangle", "rectRot", "star", "crossRot", "cross"];

  function pattern(index, colour) {
    // A small tile per series: solid, stripes, dots, cross-hatch, ... drawn in the series colour.
    var tile = document.createElement("canvas");
    tile.width = 10;
    tile.height = 10;
    var ctx = tile.getContext("2d");
    ctx.fillStyle = window.getComputedStyle(document.body).backgroundColor || "#ffffff";
    ctx.fillRect(0, 0, 10, 10);
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = 2;
    switch (index % 6) {
      case 0:
        ctx.fillRect(0, 0, 10, 10);
        break;
      case 1:
        ctx.beginPath(); ctx.moveTo(0, 10); ctx.lineTo(10, 0); ctx.stroke();
        break;
      case 2:
        ctx.beginPath(); ctx.arc(5, 5, 2.5, 0, 2 * Math.PI); ctx.fill();
        break;
      case 3:
        ctx.beginPath(); ctx.moveTo(0, 5); ctx.lineTo(10, 5); ctx.moveTo(5, 0); ctx.lineTo(5, 10); ctx.stroke();
        break;
      case 4:
        ctx.beginPath(); ctx.moveTo(0, 0); ctx.lineTo(10, 10); ctx.stroke();
        break;
      default:
        ctx.fillRect(0, 0, 5, 5); ctx.fillRect(5, 5, 5, 5);
    }
    return ctx.createPattern(tile, "repeat");
  }

  function config(spec) {
    var line = spec.kind === "line";
    var style = window.getComputedStyle(document.documentElement);
    // Labels and grid in the page's own muted colour: readable in the dark theme too.
    var muted = style.getPropertyValue("--pico-muted-color").trim();
    if (muted) window.Chart.defaults.color = muted;
    var grid = style.getPropertyValue("--pico-muted-border-color").trim();
    if (grid) window.Chart.defaults.borderColor = grid;
    var datasets = spec.datasets.map(function (set, i) {
      // A behaviour has its own colour (site.css, --behaviour-<slug>), the same as on its cards.
      var own = set.key ? style.getPropertyValue("--behaviour-" + set.key).trim() : "";
      var colour = own || COLOURS[i % COLOURS.length];
      return {
        label: set.label,
        data: set.data,
        borderColor: colour,
        backgroundColor: line ? colour : pattern(i, colour),
        borderWidth: line ? 2 : 1,
        borderDash: line ? DASHES[i % DASHES.length] : [],
        pointStyle: POINTS[i % POINTS.length],
        pointRadius: line ? 4 : 0,
        tension: 0
      };
    });
    return {
      type: line ? "line" : "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { position: "bottom", labels: { usePointStyle: line } } },
        scales: {
          y: { beginAtZero: true, title: { display: Boolean(spec.yTitle), text: spec.yTitle || "" }, ticks: { precision: 0 } }
        }
      }
    };
  }

  var charts = [];

  // The first screen stays light on a phone: Chart.js (about 200 kB) is fetched only when the
  // first chart comes into view, and each chart is drawn in a task of its own once half of
  // it shows. Its box has a fixed height (dashboard.css), so drawing shifts nothing. The printable
  // review (figures marked .chart-print) loads Chart.js up front and draws every chart at once.
  var script = document.currentScript;
  var chartSource = script && script.dataset.chartjs;
  var loading = null;

  function withChartJs(callback) {
    if (window.Chart) { callback(); return; }
    if (!chartSource) return;
    if (!loading) {
      loading = [];
      var tag = document.createElement("script");
      tag.src = chartSource;
      if (script.nonce) tag.nonce = script.nonce;
      tag.addEventListener("load", function () {
        var waiting = loading;
        loading = [];
        waiting.forEach(function (fn) { window.setTimeout(fn, 0); });
      });
      document.head.appendChild(tag);
    }
    loading.push(callback);
  }

  function draw(canvas) {
    if (!window.Chart || !document.body.contains(canvas) || window.Chart.getChart(canvas)) return;
    // The json_script sits inside a <template> so that htmx keeps it when it swaps a panel.
    var holder = document.getElementById(canvas.dataset.chart);
    var source = holder && holder.content ? holder.content.querySelector("script") : holder;
    if (!source) return;
    var spec = JSON.parse(source.textContent);
    if (!spec || !spec.kind || !spec.datasets || !spec.datasets.length) {
      canvas.closest("figure").hidden = true;
      return;
    }
    charts.push(new window.Chart(canvas, config(spec)));
  }

  var watcher = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      watcher.unobserve(entry.target);
      var canvas = entry.target.matches("canvas") ? entry.target : entry.target.querySelector("canvas[data-chart]");
      withChartJs(function () { draw(canvas); });
    });
  }, { threshold: 0.5 }) : null;

  function drawCharts() {
    // Charts whose canvas an HTMX swap removed are released first.
    charts = charts.filter(function (chart) {
      if (document.body.contains(chart.canvas)) return true;
      chart.destroy();
      return false;
    });
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.watched) return;
      if (window.Chart && window.Chart.getChart(canvas)) return;
      if (!watcher || canvas.closest(".chart-print")) {
        withChartJs(function () { draw(canvas); });
        return;
      }
      canvas.dataset.watched = "1";
      // The figure, not the canvas: its height is fixed, the canvas's only once drawn.
      watcher.observe(canvas.closest("figure") || canvas);
    });
  }

  function setUpFilters() {
    document.querySelectorAll("form[data-dashboard-filters]").forEach(function (form) {
      if (form.dataset.ready) return;
      form.dataset.ready = "1";
      var period = form.elements.namedItem("period");
      var from = form.elements.namedItem("date_from");
      var to = form.elements.namedItem("date_to");
      function showRange() {
        var custom = period && period.value === "custom";
        form.querySelectorAll("[data-custom-range]").forEach(function (box) { box.hidden = !custom; });
        // Hidden date fields stay out of the URL.
        if (from) from.disabled = !custom;
        if (to) to.disabled = !custom;
      }
      showRange();
      form.addEventListener("change", function () {
        showRange();
        if (period && period.value === "custom" && (!from.value || !to.value)) return;
        form.requestSubmit();
      });
    });
  }

  function setUpPrint() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // Everything is set up again after a swap: the review page's filter form swaps the whole
  // body, filters and print button included. Each step skips what is already set up.
  function init() {
    drawCharts();
    setUpFilters();
    setUpPrint();
  }

  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:afterSettle", init);
  document.addEventListener("htmx:afterSwap", drawCharts);
  document.addEventListener("htmx:historyRestore", init);
  window.addEventListener("beforeprint", function () {
    // Printing the dashboard itself: every chart, also those not scrolled to yet.
    if (window.Chart) document.querySelectorAll("canvas[data-chart]").forEach(draw);
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
