// One map configuration for every map (settings.LEAFLET_CONFIG, put in the page by {% map_settings %}):
// the tiles and their attribution, the zoom limits and the opening view. The map scripts build on it.
// It is read when the first map is made: in the admin this script runs in <head>, before the settings exist.
(function () {
  "use strict";

  var settings = null;

  function read() {
    if (settings === null) settings = JSON.parse(document.getElementById("map-settings").textContent);
    return settings;
  }

  window.portalMap = {
    // The pane of the pilot actions' dots: above the border lines (the overlay pane, 400) whichever loads first,
    // so that a dot on a border is the one a pointer or a tap reaches; below the cluster icons (markers, 600).
    MARKER_PANE: "pilot-actions",

    // A Leaflet map on element, with the configured tiles and zoom limits; options are Leaflet's own.
    create: function (element, options) {
      var config = read();
      var map = L.map(element, Object.assign({ minZoom: config.minZoom, maxZoom: config.maxZoom }, options));
      L.tileLayer(config.tiles.url, Object.assign({ maxZoom: config.maxZoom }, config.tiles.options)).addTo(map);
      map.createPane(this.MARKER_PANE).style.zIndex = 450;
      return map;
    },
    showOpeningView: function (map) {
      map.setView(read().center, read().zoom);
    },
  };
})();
