/* Bar charts of the simulation pages (ECharts, served locally). The tables hold the same figures. */
(function () {
  "use strict";
  function draw() {
    if (typeof echarts === "undefined") return;
    document.querySelectorAll("[data-sim-chart]").forEach(function (el) {
      if (el.getAttribute("data-ready")) return;
      var src = document.getElementById(el.getAttribute("data-sim-chart"));
      if (!src) return;
      var d = JSON.parse(src.textContent);
      var chart = echarts.init(el, null, { renderer: "svg" });
      chart.setOption({
        animation: false,
        tooltip: { trigger: "axis" },
        legend: { top: 0, type: "scroll" },
        grid: { left: 56, right: 48, top: 36, bottom: 72 },
        xAxis: { type: "category", data: d.categories, axisLabel: { rotate: 45, interval: 0 } },
        yAxis: [{ type: "value", name: d.axes[0] }, { type: "value", name: d.axes[1], splitLine: { show: false } }],
        series: d.series
      });
      el.setAttribute("data-ready", "1");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  document.addEventListener("htmx:afterSettle", draw);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
  window.addEventListener("load", draw);
})();
