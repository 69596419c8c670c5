// The home page's map: one circle marker per place, filtered by network, designation and
// a search of names and aliases. The markers are vectors, so they show without any tiles.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("places-data").textContent);
  var map = L.map("map", { zoomSnap: 0.25 });
  if (data.tiles) {
    L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution, maxZoom: 18 }).addTo(map);
  }
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function escape(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }
  var entries = data.places.map(function (place) {
    var colour = data.colours[place.status] || "#666";
    var marker = L.circleMarker([place.lat, place.lon], {
      radius: 7, color: "#222", weight: 1, fillColor: colour, fillOpacity: 0.85,
      className: "place-marker"
    });
    marker.bindTooltip(escape(place.name));
    marker.bindPopup('<a href="' + place.href + '">' + escape(place.name) + "</a><br>" +
      escape(place.status) + (place.council ? ", " + escape(place.council) : ""));
    marker.addTo(map);
    return { place: place, marker: marker, names: [place.name].concat(place.aliases).map(fold) };
  });
  if (entries.length) {
    map.fitBounds(L.latLngBounds(entries.map(function (e) { return e.marker.getLatLng(); })), { padding: [20, 20] });
  } else {
    map.setView([54.5, -3], 5);
  }
  var search = document.getElementById("search");
  var network = document.getElementById("network");
  var designation = document.getElementById("designation");
  var shown = document.getElementById("shown");
  var results = document.getElementById("search-results");
  function apply() {
    var text = fold(search.value.trim());
    var wantNetwork = network ? network.value : "";
    var wantDesignation = designation ? designation.value : "";
    var count = 0;
    results.textContent = "";
    entries.forEach(function (entry) {
      var place = entry.place;
      var matched = text === "" ? -1 : entry.names.findIndex(function (name) { return name.indexOf(text) !== -1; });
      var visible = (text === "" || matched !== -1) &&
        (!wantNetwork || place.networks.indexOf(wantNetwork) !== -1) &&
        (!wantDesignation || place.designations.indexOf(wantDesignation) !== -1);
      if (visible) {
        count += 1;
        entry.marker.addTo(map);
      } else {
        entry.marker.remove();
      }
      if (visible && text !== "") {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = place.href;
        link.textContent = place.name;
        item.appendChild(link);
        if (matched > 0) {
          item.appendChild(document.createTextNode(" (also " + place.aliases[matched - 1] + ")"));
        }
        results.appendChild(item);
      }
    });
    shown.textContent = count + " of " + entries.length + " places";
    var visible = entries.filter(function (entry) { return map.hasLayer(entry.marker); });
    if (text !== "" && visible.length) {
      map.fitBounds(L.latLngBounds(visible.map(function (e) { return e.marker.getLatLng(); })),
        { padding: [40, 40], maxZoom: 9 });
    }
  }
  [search, network, designation].forEach(function (control) {
    if (control) { control.addEventListener("input", apply); }
  });
  apply();
}());
