/* The coverage page's charts, drawn with Chart.js (npm, copied to static/vendor) from the data the
   page passes with json_script (#coverage-chart-data, built by jisr/programs/charts.py): labels,
   figures in the table's order (null where a count is hidden for the viewer or undefined) and the
   translated series names. No inline script: this file reads the data and draws two bar charts.
   In Arabic the legend and tooltips are right-to-left, the territories run from the right (the
   table's first row is the rightmost bar) and the value axis sits on the right. The bars are put
   in that order here rather than with the x scale's `reverse` option: on a reversed axis Chart.js
   keeps room for the first label at the left edge while the leftmost one is the last, whose
   slanted name was cut off. Numbers follow the page language with Western digits, as the Moroccan
   administration writes them and as the table shows them. */
(function () {
  "use strict";
  var source = document.getElementById("coverage-chart-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var root = document.documentElement;
  var rtl = root.dir === "rtl";
  var labels = ordered(data.labels);
  var locale = (root.lang || "ar") + "-u-nu-latn";
  var count = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  var percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var narrow = window.innerWidth < 576;
  var colors = { eligible: "#7cc4bd", enrolled: "#0b5d57", gap: "#c46200", coverage: "#0b5d57" };

  Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;

  function ordered(values) {
    return rtl ? values.slice().reverse() : values;
  }

  function series(key, hidden) {
    return {
      label: data.text[key],
      data: ordered(data[key]),
      backgroundColor: colors[key],
      // The tooltip says why a bar is missing: "x" for a hidden count (a small one, or one hidden with
      // it so that the totals do not give it back: the same mark as the table), "—" for a rate or gap.
      hiddenText: hidden,
    };
  }

  function options(axisTitle, format, aspectRatio, suggestedMax) {
    return {
      locale: locale,
      responsive: true,
      aspectRatio: narrow ? 1.2 : aspectRatio,
      animation: still ? false : undefined,
      interaction: { mode: "index", intersect: false },
      plugins: {
        legend: { rtl: rtl, textDirection: rtl ? "rtl": "ltr", position: "top" },
        tooltip: {
          rtl: rtl,
          textDirection: rtl ? "rtl": "ltr",
          callbacks: {
            label: function (item) {
              var value = item.raw === null || item.raw === undefined ? item.dataset.hiddenText : format(item.raw);
              return item.dataset.label + ": " + value;
            },
          },
        },
      },
      scales: {
        x: { ticks: { autoSkip: false, maxRotation: 60 } },
        y: {
          position: rtl ? "right": "left",
          beginAtZero: true,
          suggestedMax: suggestedMax, // a manual inclusion can take coverage above 100 %
          title: { display: true, text: axisTitle },
          ticks: { precision: 0, callback: function (value) { return format(value); } },
        },
      },
    };
  }

  function draw(id, datasets, config) {
    var canvas = document.getElementById(id);
    if (canvas) {
      new Chart(canvas, { type: "bar", data: { labels: labels, datasets: datasets }, options: config });
    }
  }

  draw(
    "coverage-households-chart",
    [series("eligible", "x"), series("enrolled", "x"), series("gap", "—")],
    options(data.text.households, function (value) { return count.format(value); }, 2.5)
  );
  draw(
    "coverage-rate-chart",
    [series("coverage", "—")],
    options(data.text.coverage, function (value) { return percent.format(value / 100); }, 3, 100)
  );
})();
