/* The center page's map: one marker on a plain background (no tile server: the platform works
   offline). The container's data attributes carry what to draw: data-lat, data-lng, data-name and
   data-icon-path. The center's name is typed by its manager, so it reaches the page only as text:
   the popup is a DOM node filled with textContent, never an HTML string (Leaflet inserts a string
   popup with innerHTML), and the marker's alt is set as a property. */
(function () {
  "use strict";
  var container = document.getElementById("center-map");
  if (!container || typeof L === "undefined") {
    return;
  }
  var position = [parseFloat(container.dataset.lat), parseFloat(container.dataset.lng)];
  if (isNaN(position[0]) || isNaN(position[1])) {
    return;
  }
  var name = container.dataset.name || "";
  if (container.dataset.iconPath) {
    L.Icon.Default.imagePath = container.dataset.iconPath;
  }
  var popup = document.createElement("span");
  popup.textContent = name;
  var map = L.map(container, { attributionControl: false }).setView(position, 12);
  L.marker(position, { alt: name }).addTo(map).bindPopup(popup);
})();
