/* tiendo: draw charts from their data-figure attribute, filter tables and notes without accents,
 * print a page with one click.
 * Runs on every page view: Material's document$ emits on a direct load, a reload and after
 * each instant navigation, so charts, filters and buttons are (re)attached each time.
 * A filter starts from the page address: `kho-khan-kien-nghi/?period=2019-Q1&q=dat dai` opens the
 * notes of 2019-Q1 that mention "đất đai" (each parameter names a field of the filter form). */
(function () {
  "use strict";

  if (window.Plotly && !window.__tiendoLocale) {
    window.__tiendoLocale = true;
    Plotly.register({
      moduleType: "locale",
      name: "vi",
      dictionary: {
        "Autoscale": "Tự co giãn", "Download plot as a png": "Tải biểu đồ (PNG)", "Pan": "Kéo",
        "Reset axes": "Đặt lại trục", "Zoom": "Thu phóng", "Zoom in": "Phóng to", "Zoom out": "Thu nhỏ",
        "Box Select": "Chọn vùng", "Lasso Select": "Chọn tự do", "Show closest data on hover": "Hiện điểm gần nhất",
        "Compare data on hover": "So sánh khi di chuột", "Double-click to zoom back out": "Nhấp đúp để thu nhỏ lại"
      },
      format: {
        days: ["Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"],
        shortDays: ["CN", "T2", "T3", "T4", "T5", "T6", "T7"],
        months: ["Tháng 1", "Tháng 2", "Tháng 3", "Tháng 4", "Tháng 5", "Tháng 6", "Tháng 7", "Tháng 8",
                 "Tháng 9", "Tháng 10", "Tháng 11", "Tháng 12"],
        shortMonths: ["Th1", "Th2", "Th3", "Th4", "Th5", "Th6", "Th7", "Th8", "Th9", "Th10", "Th11", "Th12"],
        date: "%d/%m/%Y", decimal: ",", thousands: "."
      }
    });
  }

  function colours() {
    var dark = document.body.getAttribute("data-md-color-scheme") === "slate";
    return {
      font: dark ? "#e2e4e9" : "#1f2933",
      grid: dark ? "rgba(255,255,255,0.12)" : "rgba(0,0,0,0.10)"
    };
  }

  function themed(layout) {
    var c = colours();
    var out = Object.assign({}, layout, {
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      font: { color: c.font, family: "inherit" }
    });
    out.xaxis = Object.assign({}, layout.xaxis || {}, { gridcolor: c.grid, zerolinecolor: c.grid });
    out.yaxis = Object.assign({}, layout.yaxis || {}, { gridcolor: c.grid, zerolinecolor: c.grid });
    return out;
  }

  function drawCharts(root) {
    if (!window.Plotly) return;
    root.querySelectorAll(".tiendo-chart").forEach(function (el) {
      if (el.dataset.drawn === "1") return;
      var figure;
      try { figure = JSON.parse(el.getAttribute("data-figure")); } catch (e) { return; }
      el.dataset.drawn = "1";
      Plotly.newPlot(el, figure.data, themed(figure.layout),
                     { displaylogo: false, responsive: true, locale: "vi" });
    });
  }

  function recolour() {
    if (!window.Plotly) return;
    var c = colours();
    document.querySelectorAll(".tiendo-chart[data-drawn='1']").forEach(function (el) {
      Plotly.relayout(el, { "font.color": c.font, "xaxis.gridcolor": c.grid, "yaxis.gridcolor": c.grid });
    });
  }

  function fold(text) {
    return (text || "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function setupFilters(root) {
    root.querySelectorAll("form.tiendo-filter").forEach(function (form) {
      if (form.dataset.ready === "1") return;
      form.dataset.ready = "1";
      var target = document.getElementById(form.dataset.target);
      if (!target) return;
      var items = Array.prototype.slice.call(target.querySelectorAll("tbody tr, section"));
      var count = form.querySelector("output");
      var params = new URLSearchParams(window.location.search);
      params.forEach(function (value, name) {
        var field = form.elements[name];
        if (!field) return;
        if (field.tagName === "SELECT" && !Array.prototype.some.call(field.options, function (o) {
          return o.value === value;
        })) return;
        field.value = value;
      });
      function apply() {
        var words = fold(form.elements.q.value).split(/\s+/).filter(Boolean);
        var selects = Array.prototype.filter.call(form.querySelectorAll("select"), function (s) { return s.value; });
        var shown = 0;
        items.forEach(function (item) {
          var text = item.getAttribute("data-search") || "";
          var ok = words.every(function (w) { return text.indexOf(w) >= 0; }) &&
                   selects.every(function (s) { return item.getAttribute("data-" + s.name) === s.value; });
          item.hidden = !ok;
          if (ok) shown += 1;
        });
        if (count) count.textContent = "Hiển thị " + shown + "/" + items.length;
      }
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      form.addEventListener("input", apply);
      form.addEventListener("change", apply);
      apply();
    });
  }

  function setupPrint(root) {
    root.querySelectorAll("button.tiendo-print").forEach(function (button) {
      if (button.dataset.ready === "1") return;
      button.dataset.ready = "1";
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // Paper has no "open": unfold every folded data table while printing (the print stylesheet does the
  // same where the browser supports ::details-content), then fold back what was folded.
  var unfolded = [];
  window.addEventListener("beforeprint", function () {
    unfolded = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) { return !d.open; });
    unfolded.forEach(function (d) { d.open = true; });
    if (window.Plotly) {
      document.querySelectorAll(".tiendo-chart[data-drawn='1']").forEach(function (el) { Plotly.Plots.resize(el); });
    }
  });
  window.addEventListener("afterprint", function () {
    unfolded.forEach(function (d) { d.open = false; });
    unfolded = [];
  });

  function init() {
    drawCharts(document);
    setupFilters(document);
    setupPrint(document);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
  new MutationObserver(recolour).observe(document.body, {
    attributes: true, attributeFilter: ["data-md-color-scheme"]
  });
})();
