// The /map/ page: pilot actions (clustered by the server to the viewport), border lines and countries.
// The filter form and the result list are plain HTML that work without this script; with it, changing
// a filter updates the map, the list and the address without a reload, and the back button works.
(function () {
  "use strict";

  var element = document.getElementById("pilot-action-map");
  if (!element || !window.portalMap || typeof L === "undefined") return;

  var labels = JSON.parse(document.getElementById("map-labels").textContent);
  var form = document.querySelector("form.filters");
  var status = document.getElementById("map-status");
  var fitButton = document.getElementById("fit-to-results");

  var map = window.portalMap.create(element, { scrollWheelZoom: true, keyboard: true });
  window.portalMap.showOpeningView(map);
  var fittedOnce = false;

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
  var request = 0;

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

  function marker(feature) {
    var latlng = L.latLng(feature.geometry.coordinates[1], feature.geometry.coordinates[0]);
    var properties = feature.properties;
    if (properties.kind === "cluster") {
      var size = 28 + Math.min(24, Math.round(Math.log10(properties.count) * 10));
      var cluster = L.marker(latlng, {
        icon: L.divIcon({
          className: "cluster-icon",
          html: text("span", String(properties.count)),
          iconSize: [size, size],
        }),
        title: labels.cluster.replace("%(count)s", properties.count),
        keyboard: true,
      });
      cluster.on("click", function () { map.setView(latlng, Math.min(map.getZoom() + 2, map.getMaxZoom())); });
      return cluster;
    }
    // One without a place of its own stands on its border's label point: a hollow, dashed ring, so that
    // it is not read as a town, and the server's label says so in its tooltip, popup and accessible name.
    var onBorder = properties.location === "border";
    var name = onBorder ? properties.name + " (" + properties.location_label + ")" : properties.name;
    var dot = L.circleMarker(latlng, onBorder ? {
      radius: 9, color: properties.colour, weight: 3, dashArray: "4 3", fill: true, fillOpacity: 0,
      className: "marker-on-border", pane: window.portalMap.MARKER_PANE,
    } : {
      radius: 9, color: "#ffffff", weight: 2, fillColor: properties.colour, fillOpacity: 1,
      pane: window.portalMap.MARKER_PANE,
    });
    dot.bindPopup(popup(properties));
    dot.bindTooltip(text("span", name));
    dot.on("add", function () {
      var path = dot.getElement();
      if (!path) return;
      path.setAttribute("tabindex", "0");
      path.setAttribute("role", "button");
      path.setAttribute("aria-label", name);
      path.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); dot.openPopup(); }
      });
    });
    return dot;
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
    var ticket = ++request;
    return fetch(element.dataset.pilotActionsUrl + "?" + params.toString(), { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (collection) {
        if (ticket !== request) return;  // a newer request is on its way
        pilotActions.clearLayers();
        collection.features.forEach(function (feature) { pilotActions.addLayer(marker(feature)); });
        lastExtent = collection.matches_bbox || null;  // every match, in view or not (bbox frames those sent)
        fitButton.hidden = !lastExtent;
        if (!fittedOnce && lastExtent) {
          fittedOnce = true;  // frame the results once; after that the reader's own view wins
          fitToResults();
        }
      })
      .catch(function () { status.textContent = labels.failed; });
  }

  function loadLayer(url, layer) {
    fetch(url).then(function (response) { return response.json(); }).then(function (collection) {
      layer.addData(collection);
      if (layer === borders) borders.bringToFront();
    });
  }

  // Swap in the server's own rendering of the list and of the filter form (its facet counts).
  function refreshList(query) {
    return fetch(form.action + (query ? "?" + query : ""), { headers: { Accept: "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var results = page.getElementById("results");
        var freshForm = page.querySelector("form.filters");
        if (results) document.getElementById("results").replaceWith(results);
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
      });
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

  form.addEventListener("change", function () { update(true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); update(true); });
  window.addEventListener("popstate", function () {
    syncFormTo(window.location.search);
    update(false);
  });
  function fitToResults() {
    if (!lastExtent) return;
    map.fitBounds([[lastExtent[1], lastExtent[0]], [lastExtent[3], lastExtent[2]]], { padding: [30, 30], maxZoom: 8 });
  }
  fitButton.addEventListener("click", fitToResults);
  map.on("moveend", loadPilotActions);

  loadLayer(element.dataset.countriesUrl, countries);
  loadLayer(element.dataset.bordersUrl, borders);
  loadPilotActions();
})();
