// The /map/ page: pilot actions (clustered by the server to the viewport), border lines and countries.
// The filter form and the result list are plain HTML that work without this script; with it, changing
// a filter updates the map, the list and the address without a reload, and the back button works.
// A change asks the server twice, once for the markers in view and once for the list part of the page
// (/map/results/, the same HTML as the page's own), never for the whole page.
(function () {
  "use strict";

  var element = document.getElementById("pilot-action-map");
  if (!element || !window.portalMap || typeof L === "undefined") return;

  var labels = JSON.parse(document.getElementById("map-labels").textContent);
  var countriesByZoom = JSON.parse(document.getElementById("countries-by-zoom").textContent);
  var form = document.querySelector("form.filters");
  var status = document.getElementById("map-status");
  var fitButton = document.getElementById("fit-to-results");

  var map = window.portalMap.create(element, { scrollWheelZoom: true, keyboard: true });

  var countries = L.geoJSON(null, {
    style: { color: "#4a5360", weight: 1, fillColor: "#9fb3c8", fillOpacity: 0.3 },
    interactive: false,
  }).addTo(map);
  var borders = L.geoJSON(null, {
    style: { color: "#7a1f5c", weight: 5, opacity: 0.85 },
    onEachFeature: function (feature, layer) {
      layer.bindTooltip(text("span", feature.properties.name), { sticky: true });
      layer.on("click", function () { window.location.href = feature.properties.url; });
      layer.on("add", function () { makeFocusable(layer, feature.properties); });
    },
  }).addTo(map);
  var pilotActions = L.layerGroup().addTo(map);
  var lastExtent = null;
  var markersTicket = 0;
  var listTicket = 0;

  L.control.layers(null, (function () {
    var overlays = {};
    overlays[labels.pilotActions] = pilotActions;
    overlays[labels.borders] = borders;
    overlays[labels.countries] = countries;
    return overlays;
  })(), { collapsed: false }).addTo(map);

  // A border line is a link too: reachable with the keyboard, named when focused, opened with Enter.
  function makeFocusable(layer, properties) {
    var path = layer.getElement();
    if (!path) return;
    path.setAttribute("tabindex", "0");
    path.setAttribute("role", "link");
    path.setAttribute("aria-label", properties.name);
    path.addEventListener("focus", function () { layer.openTooltip(); });
    path.addEventListener("blur", function () { layer.closeTooltip(); });
    path.addEventListener("keydown", function (event) {
      if (event.key === "Enter") window.location.href = properties.url;
    });
  }

  // Every name and title goes into the page as text (textContent), never as HTML: Leaflet renders a string
  // tooltip, popup or icon as HTML, and a pilot action's title is whatever its applicant typed.
  function text(tag, content, className) {
    var node = document.createElement(tag);
    node.textContent = content;
    if (className) node.className = className;
    return node;
  }

  function popup(properties) {
    var box = document.createElement("div");
    box.className = "map-popup";
    box.appendChild(text("strong", properties.title + (properties.acronym ? " (" + properties.acronym + ")" : "")));
    var facts = document.createElement("dl");
    [[labels.group, properties.group_name], [labels.border, properties.borders.join(", ")],
     [labels.themes, properties.themes.join(", ")]].forEach(function (pair) {
      if (!pair[1]) return;
      facts.appendChild(text("dt", pair[0]));
      facts.appendChild(text("dd", pair[1]));
    });
    box.appendChild(facts);
    if (properties.location_label) box.appendChild(text("p", properties.location_label, "map-location-note"));
    var link = text("a", labels.open);
    link.href = properties.url;
    box.appendChild(link);
    return box;
  }

  // A redraw makes up to a few hundred markers: what only a reader's pointer or keyboard needs (a popup, a
  // tooltip) is built when it opens, not for every marker on every redraw.
  var DOT = { radius: 9, color: "#ffffff", weight: 2, fillOpacity: 1, pane: window.portalMap.MARKER_PANE };
  var RING = {
    radius: 9, weight: 3, dashArray: "4 3", fill: true, fillOpacity: 0,
    className: "marker-on-border", pane: window.portalMap.MARKER_PANE,
  };

  function cluster(latlng, count) {
    var size = 28 + Math.min(24, Math.round(Math.log10(count) * 10));
    var marker = L.marker(latlng, {
      icon: L.divIcon({ className: "cluster-icon", html: text("span", String(count)), iconSize: [size, size] }),
      title: labels.cluster.replace("%(count)s", count),
      keyboard: true,
    });
    marker.on("click", function () { map.setView(latlng, Math.min(map.getZoom() + 2, map.getMaxZoom())); });
    return marker;
  }

  // One without a place of its own stands on its border's label point: a hollow, dashed ring, so that it is
  // not read as a town, and the server's label says so in its tooltip, popup and accessible name.
  function dot(latlng, properties) {
    var onBorder = properties.location === "border";
    var name = onBorder ? properties.name + " (" + properties.location_label + ")" : properties.name;
    var marker = L.circleMarker(latlng, L.extend({}, onBorder ? RING : DOT,
      onBorder ? { color: properties.colour } : { fillColor: properties.colour }));
    marker.accessibleName = name;
    marker.bindPopup(function () { return popup(properties); });
    marker.bindTooltip(function () { return text("span", name); });
    return marker;
  }

  function marker(feature) {
    var latlng = L.latLng(feature.geometry.coordinates[1], feature.geometry.coordinates[0]);
    if (feature.properties.kind === "cluster") return cluster(latlng, feature.properties.count);
    return dot(latlng, feature.properties);
  }

  // The dots are SVG paths: named and reachable with the keyboard once drawn, with one keyboard listener on the
  // map for all of them (a dot is found again by its path).
  var dotsByPath = new WeakMap();
  map.on("layeradd", function (event) {
    var layer = event.layer;
    if (!layer.accessibleName || !layer.getElement()) return;
    var path = layer.getElement();
    path.setAttribute("tabindex", "0");
    path.setAttribute("role", "button");
    path.setAttribute("aria-label", layer.accessibleName);
    dotsByPath.set(path, layer);
  });
  element.addEventListener("keydown", function (event) {
    var layer = dotsByPath.get(event.target);
    if (layer && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); layer.openPopup(); }
  });

  function drawMarkers(features) {
    var markers = features.map(marker);  // made before the old ones go: the swap itself is one step
    pilotActions.clearLayers();
    markers.forEach(function (layer) { pilotActions.addLayer(layer); });
  }

  function filterQuery() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (value !== "") params.append(key, value);
    });
    return params;
  }

  function viewport() {
    var bounds = map.getBounds();
    var clamp = function (value, limit) { return Math.max(-limit, Math.min(limit, value)); };
    var west = bounds.getWest(), east = bounds.getEast();
    if (east - west >= 360) { west = -180; east = 180; }
    return [clamp(L.Util.wrapNum(west, [-180, 180], true), 180), clamp(bounds.getSouth(), 90),
            clamp(L.Util.wrapNum(east, [-180, 180], true), 180), clamp(bounds.getNorth(), 90)]
      .map(function (value) { return value.toFixed(4); }).join(",");
  }

  function loadPilotActions() {
    var params = filterQuery();
    params.delete("sort");
    params.delete("page");
    params.set("bbox", viewport());
    params.set("zoom", String(map.getZoom()));
    var ticket = ++markersTicket;
    return fetch(element.dataset.pilotActionsUrl + "?" + params.toString(), { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (collection) {
        if (ticket !== markersTicket) return;  // a newer request is on its way
        drawMarkers(collection.features);
        lastExtent = collection.matches_bbox || null;  // every match, in view or not (bbox frames those sent)
        fitButton.hidden = !lastExtent;
      })
      .catch(function () { status.textContent = labels.failed; });
  }

  function loadBorders() {
    fetch(element.dataset.bordersUrl).then(function (response) { return response.json(); }).then(function (collection) {
      borders.addData(collection);
      borders.bringToFront();
    });
  }

  // The country shapes come simplified for the zoom (the server's list: from which zoom which address), coarse
  // at a low zoom and finer when zoomed in; each is fetched once, when the map first reaches its zooms.
  var countryShapes = {};
  var countriesShown = null;
  function countriesUrl(zoom) {
    var chosen = countriesByZoom[0][1];
    countriesByZoom.forEach(function (step) { if (zoom >= step[0]) chosen = step[1]; });
    return chosen;
  }
  function loadCountries() {
    var url = countriesUrl(map.getZoom());
    if (url === countriesShown) return;
    countriesShown = url;
    if (!countryShapes[url]) {
      countryShapes[url] = fetch(url).then(function (response) { return response.json(); });
    }
    countryShapes[url].then(function (collection) {
      if (countriesShown !== url) return;  // zoomed on meanwhile
      countries.clearLayers();
      countries.addData(collection);
      if (map.hasLayer(borders)) borders.bringToFront();
    });
  }

  // Swap in the server's own rendering of the list and of the filter form (its facet counts).
  function refreshList(query) {
    var ticket = ++listTicket;
    return fetch(element.dataset.resultsUrl + (query ? "?" + query : ""), { headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        if (ticket !== listTicket) return;  // a newer list is on its way
        // Parsed as an inert document (no script of it would run), then its parts moved into the page.
        var fragment = new DOMParser().parseFromString(html, "text/html");
        var results = fragment.getElementById("results");
        var freshForm = fragment.querySelector("form.filters");
        if (results) document.getElementById("results").replaceWith(document.adoptNode(results));
        if (freshForm) {
          Array.prototype.forEach.call(freshForm.elements, function (field) {
            var current = form.elements[field.name];
            // The options themselves (nodes, not their HTML as a string), with their fresh counts; moving
            // them does not carry which one is chosen, so that is set again.
            if (current && field.tagName === "SELECT") {
              var chosen = field.value;
              current.replaceChildren.apply(current, Array.from(field.childNodes));
              current.value = chosen;
            }
          });
        }
        var heading = document.getElementById("results-heading");
        if (heading) status.textContent = heading.textContent.trim();
      })
      .catch(function () { status.textContent = labels.failed; });
  }

  function syncFormTo(query) {
    var params = new URLSearchParams(query);
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name) field.value = params.get(field.name) || "";
    });
  }

  function update(push) {
    var query = filterQuery().toString();
    if (push) history.pushState({ query: query }, "", form.action + (query ? "?" + query : ""));
    status.textContent = labels.loading;
    return Promise.all([loadPilotActions(), refreshList(query)]);
  }

  function fitToResults() {
    if (!lastExtent) return;
    map.fitBounds([[lastExtent[1], lastExtent[0]], [lastExtent[3], lastExtent[2]]], { padding: [30, 30], maxZoom: 8 });
  }

  // The opening view frames the matches the page was rendered with (the server says where they are), so the
  // markers are asked for once, for that view; without matches, the configured opening view.
  var matches = element.dataset.matchesBbox ? element.dataset.matchesBbox.split(",").map(Number) : null;
  if (matches) {
    lastExtent = matches;
    map.fitBounds([[matches[1], matches[0]], [matches[3], matches[2]]], { padding: [30, 30], maxZoom: 8, animate: false });
  } else {
    window.portalMap.showOpeningView(map);
  }

  form.addEventListener("change", function () { update(true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); update(true); });
  window.addEventListener("popstate", function () {
    syncFormTo(window.location.search);
    update(false);
  });
  fitButton.addEventListener("click", fitToResults);
  map.on("moveend", loadPilotActions);
  map.on("zoomend", loadCountries);

  loadCountries();
  loadBorders();
  loadPilotActions();
})();
