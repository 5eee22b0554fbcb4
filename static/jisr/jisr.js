/* Jisr's page behaviour, loaded on every page after htmx. The Content-Security-Policy allows no
   inline script or style, so what templates used to say with onchange= or style= is said here:
   - a control marked data-submit-on-change submits its form when its value changes (the language
     switcher; a <noscript> button does it without script);
   - a .progress-bar[data-width] (a percentage) gets its width, on the first load and in every
     fragment htmx swaps in (a polled progress bar). Setting element.style from a script file is
     allowed by the policy; a style attribute in the markup is not. */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var control = event.target;
    if (control instanceof HTMLElement && control.hasAttribute("data-submit-on-change") && control.form) {
      control.form.submit();
    }
  });

  function sizeBars(root) {
    var bars = root.querySelectorAll ? root.querySelectorAll(".progress-bar[data-width]") : [];
    for (var index = 0; index < bars.length; index += 1) {
      var width = parseFloat(bars[index].getAttribute("data-width"));
      bars[index].style.width = (isNaN(width) ? 0 : Math.min(Math.max(width, 0), 100)) + "%";
    }
  }

  if (typeof htmx !== "undefined") {
    htmx.onLoad(sizeBars); // called with document.body first, then with each swapped fragment
  } else {
    document.addEventListener("DOMContentLoaded", function () { sizeBars(document); });
  }
})();
