/* The dashboards' charts (jisr/core/dashboards.py), drawn with Chart.js (npm, copied to static/vendor).

   Each <canvas data-figure="ID"> is drawn from the JSON the page passes with json_script (#ID, built by
   Figure.chart_data): the rows' labels, one series per drawn column (null where a count is hidden for
   the reader or there is no value: no bar is drawn for it), the chart's kind and unit, and translated
   words. No inline script: the Content-Security-Policy refuses it.

   In Arabic the charts read right to left, as the coverage charts do: legend and tooltips are RTL, the
   value axis stands on the right, the first row of the table is the rightmost bar (the rows are put in
   that order here rather than with the scale's `reverse`, which cut the last label off), and horizontal
   bars grow from the right. Numbers follow the page's language with Western digits, as the tables. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") {
    return;
  }
  var root = document.documentElement;
  var rtl = root.dir === "rtl";
  var locale = (root.lang || "ar") + "-u-nu-latn";
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var narrow = window.innerWidth < 576;
  // Dark enough on white for graphical objects (WCAG 1.4.11, 3:1), and told apart by more than hue alone
  // through the legend and the table.
  var palette = ["#0b5d57", "#c46200", "#5b4fa0", "#b03a48", "#2f6db5", "#6c757d"];
  var formats = {
    count: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }),
    days: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }),
    share: new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }),
  };

  Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-figure"));
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var horizontal = data.kind === "hbar";
    var stacked = data.kind === "stacked";
    // Vertical bars: the first row on the right in Arabic. Horizontal bars keep the table's order top down.
    var ordered = function (values) {
      return rtl && !horizontal ? values.slice().reverse() : values;
    };
    var format = formats[data.unit] || formats.count;
    var datasets = data.series.map(function (series, index) {
      return {
        label: series.label,
        data: ordered(series.data),
        hiddenCells: ordered(series.hidden),
        backgroundColor: palette[index % palette.length],
      };
    });
    var valueAxis = {
      beginAtZero: true,
      stacked: stacked,
      suggestedMax: data.unit === "share" ? 1 : undefined,
      title: { display: true, text: data.axis },
      ticks: { precision: data.unit === "count" ? 0 : undefined, callback: function (value) { return format.format(value); } },
    };
    var categoryAxis = { stacked: stacked, ticks: { autoSkip: false, maxRotation: 60 } };
    var scales = {};
    if (horizontal) {
      valueAxis.reverse = rtl; // bars grow from the right in Arabic
      categoryAxis.position = rtl ? "right" : "left";
      scales = { x: valueAxis, y: categoryAxis };
    } else {
      valueAxis.position = rtl ? "right" : "left";
      scales = { x: categoryAxis, y: valueAxis };
    }
    // A fixed height (the width follows the page): a dozen months stay readable on a phone and a wide
    // screen alike; horizontal bars get a line each.
    var rows = data.labels.length;
    canvas.parentNode.style.height = horizontal ? Math.max(10, 2.2 * rows + 5) + "rem" : narrow ? "16rem" : "20rem";
    new Chart(canvas, {
      type: "bar",
      data: { labels: ordered(data.labels), datasets: datasets },
      options: {
        locale: locale,
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: still ? false : undefined,
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { display: datasets.length > 1, rtl: rtl, textDirection: rtl ? "rtl" : "ltr", position: "top" },
          tooltip: {
            rtl: rtl,
            textDirection: rtl ? "rtl" : "ltr",
            callbacks: {
              label: function (item) {
                var value;
                if (item.raw === null || item.raw === undefined) {
                  // the same mark as the table: "x" for a hidden count, "—" for no value
                  value = item.dataset.hiddenCells[item.dataIndex] ? data.text.hidden : data.text.none;
                } else {
                  value = format.format(item.raw);
                }
                return item.dataset.label + ": " + value;
              },
            },
          },
        },
        scales: scales,
      },
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("canvas[data-figure]"), draw);
})();
