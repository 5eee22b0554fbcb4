/* The case list's "select all the cases on this page" checkbox (no inline script under the CSP). It is
   hidden in the markup and shown here, so that without script nobody sees a box that does nothing; each
   case keeps its own checkbox. Ticking it ticks every case of the page; it shows itself ticked when every
   case is, and "mixed" (indeterminate, announced as such) when some are. */
(function () {
  "use strict";
  var all = document.querySelector("input[data-select-all]");
  if (!all) {
    return;
  }
  var name = all.getAttribute("data-select-all");
  var boxes = document.querySelectorAll('input[type="checkbox"][name="' + name + '"]');
  var holder = all.closest("[data-select-all-box]");
  if (holder) {
    holder.hidden = false;
  }

  function sync() {
    var ticked = 0;
    for (var index = 0; index < boxes.length; index += 1) {
      if (boxes[index].checked) {
        ticked += 1;
      }
    }
    all.checked = boxes.length > 0 && ticked === boxes.length;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
  }

  all.addEventListener("change", function () {
    for (var index = 0; index < boxes.length; index += 1) {
      boxes[index].checked = all.checked;
    }
    all.indeterminate = false;
  });
  for (var index = 0; index < boxes.length; index += 1) {
    boxes[index].addEventListener("change", sync);
  }
  sync();
})();
