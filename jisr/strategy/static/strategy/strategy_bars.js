/* The comparison page's marks: the value of the whole territory drawn as a line across the bars, placed at
   its share of the scale (data-offset, a percentage) from the start of the line (right in Arabic). No inline
   style: the strict Content-Security-Policy allows styles set from a script file. */
(function () {
  "use strict";
  var marks = document.querySelectorAll(".jisr-strategy-mark[data-offset]");
  Array.prototype.forEach.call(marks, function (mark) {
    var offset = parseFloat(mark.getAttribute("data-offset"));
    if (!isNaN(offset)) {
      mark.style.insetInlineStart = Math.max(0, Math.min(100, offset)) + "%";
    }
  });
})();

/* The comparison's PNG download: the same bars drawn on a canvas from #strategy-compare-png (json_script,
   built by jisr/strategy/overview.py), best first, the whole territory's value as a dark line; in Arabic the
   names stand on the right and the bars grow leftwards. */
(function () {
  "use strict";
  var source = document.getElementById("strategy-compare-png");
  var link = document.querySelector("a[data-compare-png]");
  var wrap = document.querySelector("[data-compare-png-wrap]");
  if (!source || !link || !wrap) {
    return;
  }
  var data = JSON.parse(source.textContent);
  if (!data.rows.length) {
    return;
  }
  var root = document.documentElement;
  var rtl = root.dir === "rtl";
  var format = new Intl.NumberFormat((root.lang || "ar") + "-u-nu-latn", { maximumFractionDigits: data.decimals });
  var font = window.getComputedStyle(document.body).fontFamily;
  wrap.hidden = false;

  function draw() {
    var scale = 2, width = 900, line = 30, top = 56, label = 300, number = 90;
    var height = top + data.rows.length * line + 40;
    var canvas = document.createElement("canvas");
    canvas.width = width * scale;
    canvas.height = height * scale;
    var context = canvas.getContext("2d");
    context.scale(scale, scale);
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, width, height);
    context.direction = rtl ? "rtl" : "ltr";
    context.fillStyle = "#212529";
    context.font = "bold 18px " + font;
    context.textAlign = rtl ? "right" : "left";
    context.fillText(data.title, rtl ? width - 16 : 16, 30);
    var values = data.rows.map(function (row) { return row[1]; }).concat([data.own || 0]);
    var most = Math.max.apply(null, values) || 1;
    var span = width - label - number - 48;
    context.font = "14px " + font;
    data.rows.forEach(function (row, index) {
      var y = top + index * line;
      var length = span * row[1] / most;
      context.fillStyle = "#212529";
      context.textAlign = rtl ? "right" : "left";
      context.fillText(row[0], rtl ? width - 16 : 16, y + 18, label - 16);
      context.fillStyle = "#0b5d57";
      var start = rtl ? width - label - 16 - length : label + 16;
      context.fillRect(start, y + 4, length, line - 10);
      context.fillStyle = "#212529";
      context.textAlign = rtl ? "right" : "left";
      context.fillText(format.format(row[1]), rtl ? start - 6 : start + length + 6, y + 18);
    });
    if (data.own !== null) {
      var x = rtl ? width - label - 16 - span * data.own / most : label + 16 + span * data.own / most;
      context.strokeStyle = "#000000";
      context.lineWidth = 2;
      context.beginPath();
      context.moveTo(x, top - 6);
      context.lineTo(x, top + data.rows.length * line);
      context.stroke();
      context.textAlign = "center";
      context.fillText(data.ownLabel + ": " + format.format(data.own), x, top + data.rows.length * line + 22);
    }
    return canvas.toDataURL("image/png");
  }

  link.addEventListener("click", function () {
    link.href = draw();
  });
})();

