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
