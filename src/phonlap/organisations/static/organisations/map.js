/* Office-location pin: progressive enhancement over the latitude/longitude inputs.
   No map tiles are loaded (no external requests): the pin sits over a rough outline of
   Thailand. Typing coordinates always works; the map only mirrors and fills the inputs.
   The map is aria-hidden and not focusable: the labelled inputs are the accessible way. */
(function () {
  "use strict";
  var box = document.getElementById("org-map");
  var lat = document.getElementById("id_latitude");
  var lon = document.getElementById("id_longitude");
  if (!box || !lat || !lon || typeof window.L === "undefined") { return; }
  var L = window.L;
  L.Icon.Default.imagePath = box.getAttribute("data-icon-path") || "";
  box.hidden = false;

  // A coarse outline (about 30 points) so the pin has a sense of place without tiles.
  var outline = [
    [20.42, 100.08], [20.15, 100.58], [19.5, 101.28], [18.4, 101.1], [17.9, 102.1],
    [18.2, 103.0], [17.4, 104.8], [16.4, 105.5], [15.3, 105.5], [14.35, 105.2],
    [14.3, 103.0], [13.4, 102.35], [12.2, 102.75], [11.65, 102.9], [12.6, 101.4],
    [13.4, 100.95], [13.5, 100.1], [12.2, 99.95], [10.3, 99.2], [9.2, 99.85],
    [8.2, 100.45], [6.9, 100.5], [6.45, 101.7], [5.65, 101.1], [6.6, 100.1],
    [7.9, 98.3], [9.7, 98.5], [10.9, 98.75], [12.4, 99.1], [15.3, 98.2],
    [16.6, 98.6], [18.2, 97.6], [19.8, 98.0], [20.42, 100.08]
  ];

  var map = L.map(box, {
    center: [13.0, 101.0], zoom: 5, zoomControl: false, attributionControl: false,
    keyboard: false, minZoom: 4, maxZoom: 14
  });
  box.removeAttribute("tabindex");
  L.polygon(outline, { color: "#0b5394", weight: 1, fillColor: "#dbe7f3", fillOpacity: 1 }).addTo(map);

  function read() {
    var a = parseFloat(lat.value.replace(",", ".")), b = parseFloat(lon.value.replace(",", "."));
    if (isNaN(a) || isNaN(b) || a < -90 || a > 90 || b < -180 || b > 180) { return null; }
    return [a, b];
  }
  var start = read();
  var marker = L.marker(start || [13.7563, 100.5018], { draggable: true, keyboard: false }).addTo(map);
  if (start) { map.setView(start, 8); }

  function write(point) {
    lat.value = point.lat.toFixed(6);
    lon.value = point.lng.toFixed(6);
  }
  marker.on("dragend", function () { write(marker.getLatLng()); });
  map.on("click", function (event) { marker.setLatLng(event.latlng); write(event.latlng); });
  function follow() {
    var point = read();
    if (point) { marker.setLatLng(point); map.panTo(point); }
  }
  lat.addEventListener("change", follow);
  lon.addEventListener("change", follow);
})();
