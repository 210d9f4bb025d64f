// Admin: pick a pilot action's location on a Leaflet map. The latitude and longitude inputs stay the
// source of truth (staff may type into them); the map follows them and fills them on click or drag.
(function () {
  "use strict";

  function parse(input) {
    var value = parseFloat(String(input.value).replace(",", "."));
    return isFinite(value) ? value : null;
  }

  function setUp(picker) {
    var latitude = document.getElementById(picker.dataset.latitudeInput);
    var longitude = document.getElementById(picker.dataset.longitudeInput);
    if (!latitude || !longitude || !window.portalMap || typeof L === "undefined") return;
    var element = picker.querySelector(".location-picker__map");
    var map = window.portalMap.create(element);
    window.portalMap.showOpeningView(map);
    var marker = null;

    function place(lat, lng, pan) {
      if (marker === null) {
        marker = L.marker([lat, lng], { draggable: true, keyboard: true, title: picker.dataset.markerTitle || "" }).addTo(map);
        marker.on("dragend", function () {
          var position = marker.getLatLng().wrap();
          fill(position.lat, position.lng);
        });
      } else {
        marker.setLatLng([lat, lng]);
      }
      if (pan) map.setView([lat, lng], Math.max(map.getZoom(), 7));
    }

    function fill(lat, lng) {
      latitude.value = lat.toFixed(5);
      longitude.value = lng.toFixed(5);
      latitude.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function follow() {
      var lat = parse(latitude), lng = parse(longitude);
      if (lat === null || lng === null || Math.abs(lat) > 90 || Math.abs(lng) > 180) return;
      place(lat, lng, true);
    }

    map.on("click", function (event) {
      var position = event.latlng.wrap();
      place(position.lat, position.lng, false);
      fill(position.lat, position.lng);
    });
    latitude.addEventListener("input", follow);
    longitude.addEventListener("input", follow);
    picker.querySelector(".location-picker__clear").addEventListener("click", function () {
      latitude.value = "";
      longitude.value = "";
      if (marker !== null) { map.removeLayer(marker); marker = null; }
    });
    follow();
  }

  // The admin loads form media in <head>, before the form itself.
  function start() { document.querySelectorAll(".location-picker").forEach(setUp); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
