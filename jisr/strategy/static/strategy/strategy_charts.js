/* The strategy page's small trend charts (Chart.js, copied to static/vendor from npm): per indicator the
   actuals by year as a line and the targets as a dashed line, from #strategy-chart-data (json_script,
   built by jisr/strategy/overview.py). Each chart has its table on the page. In Arabic the years run
   from the right and the value axis sits on the right; numbers use Western digits as the tables do. */
(function () {
  "use strict";
  var source = document.getElementById("strategy-chart-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var root = document.documentElement;
  var rtl = root.dir === "rtl";
  var locale = (root.lang || "ar") + "-u-nu-latn";
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
  // a white ground under each chart, so that its PNG download is not transparent
  var ground = {
    id: "jisrWhiteGround",
    beforeDraw: function (chart) {
      var context = chart.ctx;
      context.save();
      context.globalCompositeOperation = "destination-over";
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, chart.width, chart.height);
      context.restore();
    }
  };

  function ordered(values) {
    return rtl ? values.slice().reverse() : values;
  }

  var canvases = document.querySelectorAll("canvas[data-strategy-chart]");
  Array.prototype.forEach.call(canvases, function (canvas) {
    var chart = data.charts[canvas.getAttribute("data-strategy-chart")];
    if (!chart) {
      return;
    }
    var format = new Intl.NumberFormat(locale, { maximumFractionDigits: chart.decimals });
    var drawn = new Chart(canvas, {
      plugins: [ground],
      type: "line",
      data: {
        labels: ordered(chart.years.map(String)),
        datasets: [
          { label: data.text.actual, data: ordered(chart.actual), borderColor: "#0b5d57", backgroundColor: "#0b5d57", spanGaps: true },
          { label: data.text.target, data: ordered(chart.target), borderColor: "#8a4500", backgroundColor: "#8a4500", borderDash: [6, 4], pointStyle: "rectRot", spanGaps: true }
        ]
      },
      options: {
        locale: locale,
        responsive: true,
        aspectRatio: 2.4,
        animation: still ? false : undefined,
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { rtl: rtl, textDirection: rtl ? "rtl" : "ltr", position: "top", labels: { boxHeight: 2 } },
          tooltip: {
            rtl: rtl,
            textDirection: rtl ? "rtl" : "ltr",
            callbacks: {
              label: function (item) {
                return item.dataset.label + ": " + (item.raw === null ? "—" : format.format(item.raw));
              }
            }
          }
        },
        scales: {
          x: { ticks: { autoSkip: false } },
          y: { position: rtl ? "right" : "left", ticks: { precision: chart.decimals, callback: function (value) { return format.format(value); } } }
        }
      }
    });
    // its PNG download: the link is shown once the chart is drawn, and carries the image when followed
    var link = document.querySelector("a[data-strategy-png='" + canvas.getAttribute("data-strategy-chart") + "']");
    if (link) {
      link.hidden = false;
      link.addEventListener("click", function () {
        link.href = drawn.toBase64Image("image/png", 1);
      });
    }
  });
})();
