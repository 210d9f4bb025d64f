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
    // A Leaflet map on element, with the configured tiles and zoom limits; options are Leaflet's own.
    create: function (element, options) {
      var config = read();
      var map = L.map(element, Object.assign({ minZoom: config.minZoom, maxZoom: config.maxZoom }, options));
      L.tileLayer(config.tiles.url, Object.assign({ maxZoom: config.maxZoom }, config.tiles.options)).addTo(map);
      return map;
    },
    showOpeningView: function (map) {
      map.setView(read().center, read().zoom);
    },
  };
})();
