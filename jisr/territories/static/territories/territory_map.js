/* Draw committed territory polygons with Leaflet on a plain background (no tile server: the
   network may be closed). The container's data attributes say what to draw:
   data-geojson-url, data-detail-url (with CODE as placeholder), data-code-prefix (optional: keep
   the feature with that code and those below it), data-attribution, data-error-message. */
(function () {
  "use strict";
  var container = document.getElementById("territory-map");
  if (!container || typeof L === "undefined") {
    return;
  }
  var arabic = (document.documentElement.lang || "ar").indexOf("ar") === 0;
  var prefix = container.dataset.codePrefix || "";
  var style = { color: "#0b5d57", weight: 1, fillColor: "#7cc4bd", fillOpacity: 0.55 };
  var highlight = { weight: 3, fillColor: "#f0ad00", fillOpacity: 0.7 };

  function keep(feature) {
    var code = feature.properties.code;
    return !prefix || code === prefix || code.indexOf(prefix + ".") === 0;
  }

  function label(properties) {
    // A text node, never HTML: names come from data files.
    var element = document.createElement("span");
    element.textContent = arabic ? properties.name_ar : properties.name_fr;
    element.setAttribute("lang", arabic ? "ar" : "fr");
    return element;
  }

  function draw(data) {
    var map = L.map(container, { zoomSnap: 0.25, attributionControl: true });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(container.dataset.attribution || "");
    var layer = L.geoJSON(data, {
      filter: keep,
      style: style,
      onEachFeature: function (feature, shape) {
        shape.bindTooltip(label(feature.properties), { sticky: true });
        shape.on("mouseover", function () { shape.setStyle(highlight); });
        shape.on("mouseout", function () { layer.resetStyle(shape); });
        shape.on("click", function () {
          window.location.href = container.dataset.detailUrl.replace("CODE", encodeURIComponent(feature.properties.code));
        });
      }
    }).addTo(map);
    if (layer.getLayers().length) {
      map.fitBounds(layer.getBounds(), { padding: [8, 8] });
    }
  }

  fetch(container.dataset.geojsonUrl, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.json();
    })
    .then(draw)
    .catch(function () {
      container.textContent = container.dataset.errorMessage || "";
    });
})();
