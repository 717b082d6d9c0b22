/* Small progressive enhancements: the pages work without this file. */
(function () {
  "use strict";

  // Keep the calculator's answers when switching language: post the form with set_lang.
  document.addEventListener("click", function (ev) {
    var link = ev.target.closest && ev.target.closest("[data-lang-switch]");
    if (!link) return;
    var form = document.getElementById("calc-form");
    if (!form) return;
    ev.preventDefault();
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "set_lang";
    input.value = link.getAttribute("data-lang-switch");
    form.appendChild(input);
    form.removeAttribute("hx-post");
    HTMLFormElement.prototype.submit.call(form);
  });

  document.addEventListener("click", function (ev) {
    if (ev.target.closest && ev.target.closest("[data-print]")) window.print();
  });

  // Print every explanation, not only the open ones.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) {
      if (!d.open) { d.setAttribute("data-print-opened", ""); d.open = true; }
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-print-opened]").forEach(function (d) {
      d.open = false; d.removeAttribute("data-print-opened");
    });
  });

  // A form marked data-swap-422 (the calculator) answers a validation error with 422 and the same
  // markup, the errors beside their fields: swap it in (htmx swaps no 4xx by default). Other 4xx and
  // 5xx answers are error pages, never swapped into a part of a page.
  document.addEventListener("htmx:beforeSwap", function (ev) {
    var d = ev.detail;
    if (!d || !d.xhr || d.xhr.status !== 422) return;
    var elt = d.requestConfig && d.requestConfig.elt;
    if (elt && elt.closest && elt.closest("[data-swap-422]")) {
      d.shouldSwap = true;
      d.isError = false;
    }
  });

  // After a calculator step, move focus to the first new question (or the error summary).
  document.addEventListener("htmx:afterSettle", function (ev) {
    var root = ev.detail && ev.detail.elt ? ev.detail.elt : document;
    var target = document.getElementById("error-summary");
    if (!target) {
      var q = document.querySelector("#calculator [data-new] input:not([type=hidden]), #calculator [data-new] select");
      target = q || document.getElementById("calc-summary");
      if (!q && target) target.setAttribute("tabindex", "-1");
    }
    if (target && root && document.getElementById("calculator")) target.focus({ preventScroll: false });
    initCharts();
  });

  function initCharts() {
    if (typeof echarts === "undefined") return;
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.getAttribute("data-ready")) return;
      var src = document.getElementById(el.getAttribute("data-chart"));
      if (!src) return;
      var data = JSON.parse(src.textContent);
      var chart = echarts.init(el, null, { renderer: "svg" });
      chart.setOption({
        animation: false,
        tooltip: { trigger: "axis" },
        legend: { top: 0, type: "scroll" },
        grid: { left: 48, right: 16, top: 36, bottom: 32 },
        xAxis: { type: "time" },
        yAxis: { type: "value", scale: true, name: data.unit },
        series: data.series.map(function (s) {
          return { name: s.name, type: "line", step: "end", showSymbol: true, data: s.data };
        })
      });
      el.setAttribute("data-ready", "1");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initCharts);
  else initCharts();
  window.addEventListener("load", initCharts);
})();
