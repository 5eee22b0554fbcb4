/* The social map: colour the committed polygons of the territories listed in #socialmap-data (their
   colour, name and link were computed by the server, as in the table under the map), draw the
   legend's swatches, and offer the map as a PNG. No tile server: the network may be closed.
   Without JavaScript the page still has the legend and the table, which hold every figure. */
(function () {
  "use strict";
  document.querySelectorAll(".socialmap-bar[data-share]").forEach(function (bar) {
    bar.style.width = bar.dataset.share + "%";
    bar.style.backgroundColor = bar.dataset.colour;
  });
  document.querySelectorAll(".socialmap-swatch[data-colour]").forEach(function (swatch) {
    swatch.style.backgroundColor = swatch.dataset.colour;
  });
  var container = document.getElementById("socialmap-map");
  var source = document.getElementById("socialmap-data");
  if (!container || !source || typeof L === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var arabic = (document.documentElement.lang || "ar").indexOf("ar") === 0;
  var outlineOnly = !data.boundaries; // a commune (no level below it): its own outline only

  function label(text) {
    var element = document.createElement("span"); // a text node, never HTML
    element.textContent = text;
    return element;
  }

  function keep(feature) {
    var code = feature.properties.code;
    if (outlineOnly) {
      return code === data.parent;
    }
    return Object.prototype.hasOwnProperty.call(data.areas, code);
  }

  function draw(geojson) {
    // The controls follow the page's direction: in Arabic the zoom buttons at the top right (where the eye
    // starts) and the credits at the bottom left.
    var rtl = document.documentElement.dir === "rtl";
    var map = L.map(container, { zoomSnap: 0.25, attributionControl: true, keyboard: true, zoomControl: false });
    L.control.zoom({ position: rtl ? "topright" : "topleft" }).addTo(map);
    map.attributionControl.setPosition(rtl ? "bottomleft" : "bottomright");
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(container.dataset.attribution || "");
    var layer = L.geoJSON(geojson, {
      filter: keep,
      style: function (feature) {
        var area = data.areas[feature.properties.code];
        return { color: "#333", weight: 1, fillOpacity: outlineOnly ? 0.1 : 0.85,
                 fillColor: area ? area.colour : "#d9d9d9", className: "socialmap-area" };
      },
      onEachFeature: function (feature, shape) {
        var area = data.areas[feature.properties.code];
        var name = area ? area.name : (arabic ? feature.properties.name_ar : feature.properties.name_fr);
        shape.bindTooltip(label(name), { sticky: true });
        if (area && area.url) {
          shape.on("click", function () { window.location.href = area.url; });
        }
      }
    }).addTo(map);
    if (layer.getLayers().length) {
      map.fitBounds(layer.getBounds(), { padding: [8, 8] });
    }
    drawPoints(map);
    offerPng();
  }

  var STATUS_COLOURS = { operational: "#1b7837", rehabilitation: "#e08214", planned: "#762a83", closed: "#6c757d" };

  function drawPoints(map) {
    var points = data.points || [];
    if (!points.length) {
      return;
    }
    if (data.cluster) { // the nation: one circle per region, at the mean position of its centers
      var groups = {};
      points.forEach(function (p) {
        var group = groups[p[7]] || (groups[p[7]] = { lat: 0, lon: 0, count: 0 });
        group.lat += p[0];
        group.lon += p[1];
        group.count += 1;
      });
      Object.keys(groups).forEach(function (region) {
        var group = groups[region];
        L.circleMarker([group.lat / group.count, group.lon / group.count], {
          radius: 6 + Math.sqrt(group.count), color: "#333", weight: 1, fillColor: "#ffffff", fillOpacity: 0.9,
          interactive: false
        }).bindTooltip(label(String(group.count)), { permanent: true, direction: "center", className: "socialmap-count" })
          .addTo(map);
      });
      return;
    }
    points.forEach(function (p) {
      var marker = L.circleMarker([p[0], p[1]], {
        radius: 5, color: "#ffffff", weight: 1, fillColor: STATUS_COLOURS[p[4]] || "#6c757d", fillOpacity: 1
      });
      var text = document.createElement("a"); // a text node and a link, never HTML from the data
      text.href = p[6];
      text.textContent = p[2] + " — " + p[3] + " — " + p[5];
      marker.bindPopup(text).addTo(map);
    });
  }

  function offerPng() {
    var button = document.getElementById("socialmap-png");
    var svg = container.querySelector("svg.leaflet-zoom-animated");
    if (!button || !svg) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var copy = svg.cloneNode(true);
      var box = svg.getBoundingClientRect();
      copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
      copy.setAttribute("width", box.width);
      copy.setAttribute("height", box.height);
      var blob = new Blob([new XMLSerializer().serializeToString(copy)], { type: "image/svg+xml" });
      var url = URL.createObjectURL(blob);
      var image = new Image();
      image.onload = function () {
        var canvas = document.createElement("canvas");
        canvas.width = box.width;
        canvas.height = box.height;
        var context = canvas.getContext("2d");
        context.fillStyle = "#ffffff";
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.drawImage(image, 0, 0);
        URL.revokeObjectURL(url);
        var link = document.createElement("a");
        link.download = "socialmap.png";
        link.href = canvas.toDataURL("image/png");
        link.click();
      };
      image.src = url;
    });
  }

  fetch(container.dataset.boundariesUrl, { credentials: "same-origin" })
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
