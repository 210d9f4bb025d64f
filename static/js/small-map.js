// Small read-only maps: every .small-map element draws the GeoJSON of the <script type="application/json">
// its data-geojson attribute names. Points are circles in their group's colour; lines are borders.
(function () {
  "use strict";

  // Names go into the page as text (textContent), never as HTML: Leaflet renders a string tooltip, popup or
  // icon as HTML, and a pilot action's title is whatever its applicant typed.
  function text(tag, content) {
    var node = document.createElement(tag);
    node.textContent = content;
    return node;
  }

  function link(href, content) {
    var anchor = text("a", content);
    anchor.href = href;
    return anchor;
  }

  // Where pilot actions are many, the server sends clusters: a count, and a way to the full map.
  function clusterMarker(element, feature, latlng) {
    var count = String(feature.properties.count);
    var label = element.dataset.clusterLabel.replace("%(count)s", count);
    var icon = L.divIcon({ className: "cluster-icon", html: text("span", count), iconSize: [36, 36] });
    return L.marker(latlng, { icon: icon, title: label, keyboard: true })
      .bindPopup(link(element.dataset.mapUrl, label));
  }

  function draw(element) {
    var source = document.getElementById(element.dataset.geojson);
    if (!source || !window.portalMap || typeof L === "undefined") return;
    var data = JSON.parse(source.textContent);
    var map = window.portalMap.create(element, { scrollWheelZoom: false, keyboard: true });
    var layer = L.geoJSON(data, {
      style: function (feature) {
        if (feature.geometry.type === "Point") return {};  // circle markers keep their own style
        if (feature.properties.kind === "country") {
          return { color: "#4a5360", weight: 1, fillColor: "#9fb3c8", fillOpacity: 0.25 };
        }
        return { color: "#7a1f5c", weight: 4, opacity: 0.85 };
      },
      pointToLayer: function (feature, latlng) {
        if (feature.properties.kind === "cluster") return clusterMarker(element, feature, latlng);
        // On its border's label point, not a town (no source names one): a hollow, dashed ring.
        if (feature.properties.location === "border") {
          return L.circleMarker(latlng, {
            radius: 8, color: feature.properties.colour, weight: 3, dashArray: "4 3", fill: true, fillOpacity: 0,
            className: "marker-on-border", pane: window.portalMap.MARKER_PANE,
          });
        }
        return L.circleMarker(latlng, {
          radius: 8, color: "#ffffff", weight: 2, fillColor: feature.properties.colour, fillOpacity: 1,
          pane: window.portalMap.MARKER_PANE,
        });
      },
      onEachFeature: function (feature, featureLayer) {
        var name = feature.properties.name;
        if (name && feature.properties.location_label) name += " (" + feature.properties.location_label + ")";
        if (feature.properties.url) featureLayer.bindPopup(link(feature.properties.url, name));
        if (name) featureLayer.bindTooltip(text("span", name));
      },
    }).addTo(map);
    var bounds = layer.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: Number(element.dataset.maxZoom || 8) });
    } else {
      window.portalMap.showOpeningView(map);
    }
  }

  document.querySelectorAll(".small-map[data-geojson]").forEach(draw);
})();
