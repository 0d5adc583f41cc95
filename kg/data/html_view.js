/* kg graph view: search, type filter, legend, neighbourhood highlight and a details panel.
   Article text is data: it reaches the page only through textContent (never innerHTML), and the
   tooltips are DOM elements, so vis-network never parses it either. */
(function () {
  "use strict";
  performance.mark("kg:start");
  var payload = JSON.parse(document.getElementById("kg-data").textContent);
  performance.mark("kg:parsed");
  var FADED = "rgba(190,190,190,0.35)";
  var FADED_FONT = "rgba(120,120,120,0.3)";
  var ACTORS = {Person: 1, Organization: 1, Country: 1, Group: 1, Actor: 1};

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function tip(text) { return el("div", text, "kg-tip"); }
  function swatch(shape, colour) {
    var s = el("span", null, "kg-swatch kg-shape-" + shape);
    s.style.background = colour;
    return s;
  }

  var byId = Object.create(null);
  var edgeById = Object.create(null);
  var legendText = Object.create(null);
  var legendStyle = Object.create(null);
  payload.nodes.forEach(function (n) { byId[n.id] = n; });
  payload.edges.forEach(function (e) { edgeById[e.id] = e; });
  payload.legend.forEach(function (entry) {
    legendStyle[entry[0]] = entry; legendText[entry[0]] = entry[3];
  });

  // vis-network gets only what it draws: it deep-copies every field of every item.
  function pick(item, keys) {
    var out = {};
    keys.forEach(function (k) { if (item[k] !== undefined) out[k] = item[k]; });
    return out;
  }
  var NODE_KEYS = ["id", "label", "shape", "color", "size", "x", "y", "font"];
  var EDGE_KEYS = ["id", "from", "to", "color", "label", "width"];
  var nodes = new vis.DataSet(payload.nodes.map(function (n) {
    var item = pick(n, NODE_KEYS);
    item.title = tip(n.info);
    return item;
  }));
  var edges = new vis.DataSet(payload.edges.map(function (e) {
    var item = pick(e, EDGE_KEYS);
    item.title = tip(e.info);
    return item;
  }));
  performance.mark("kg:datasets");
  var network = new vis.Network(document.getElementById("kg-network"), {nodes: nodes, edges: edges}, payload.options);
  var view = {network: network, nodes: nodes, edges: edges, ready: false, readyMs: null, selected: null};
  window.kgView = view;
  network.once("afterDrawing", function () {
    view.ready = true;
    view.readyMs = performance.now();
    performance.mark("kg:drawn");
    document.body.setAttribute("data-ready", "true");
  });
  // No fit() here: with physics off vis-network fits once by itself, and each fit measures every label.
  performance.mark("kg:network");

  // ------------------------------------------------------------ neighbourhood highlight
  // Only nodes and edges whose state changes are updated: each update costs vis-network a re-parse.
  // Edges are faded only on smaller graphs; on big ones the selection already marks the connected edges.
  var fadeEdges = payload.edges.length <= 1500;
  var nodeFaded = Object.create(null);
  var edgeFaded = Object.create(null);
  function paint(near, centre) {
    var nodeChanges = [];
    payload.nodes.forEach(function (n) {
      var fade = near !== null && near[n.id] !== true;
      if ((nodeFaded[n.id] === true) === fade) return;
      nodeFaded[n.id] = fade;
      nodeChanges.push({id: n.id, color: fade ? FADED : n.color,
        font: Object.assign({}, n.font, {color: fade ? FADED_FONT : "#343434"})});
    });
    nodes.update(nodeChanges);
    if (!fadeEdges) return;
    var edgeChanges = [];
    payload.edges.forEach(function (e) {
      var fade = near !== null && e.from !== centre && e.to !== centre;
      if ((edgeFaded[e.id] === true) === fade) return;
      edgeFaded[e.id] = fade;
      edgeChanges.push({id: e.id, color: fade ? FADED : e.color});
    });
    edges.update(edgeChanges);
  }
  function highlight(id) {
    var near = Object.create(null);
    network.getConnectedNodes(id).forEach(function (m) { near[m] = true; });
    near[id] = true;
    paint(near, id);
  }
  function clearHighlight() { paint(null, null); }

  // ------------------------------------------------------------ details panel
  var details = document.getElementById("kg-details");
  function nodeLink(id) {
    var n = byId[id];
    var li = el("li");
    var style = legendStyle[n.category];
    if (style) li.appendChild(swatch(style[1], style[2]));
    var button = el("button", n.heading, "kg-link");
    button.type = "button";
    button.addEventListener("click", function () { select(id, true); });
    li.appendChild(button);
    return li;
  }
  function showDetails(id) {
    var n = byId[id];
    details.replaceChildren(el("h2", n.heading), el("p", legendText[n.category] || n.category, "kg-kind"), el("pre", n.info, "kg-info"));
    var neighbours = network.getConnectedNodes(id).slice().sort(function (a, b) {
      var ka = (ACTORS[byId[a].category] ? "0" : "1") + byId[a].category + byId[a].heading;
      var kb = (ACTORS[byId[b].category] ? "0" : "1") + byId[b].category + byId[b].heading;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    if (neighbours.length) {
      details.appendChild(el("h3", "Connected (" + neighbours.length + ")"));
      var list = el("ul");
      neighbours.slice(0, 80).forEach(function (m) { list.appendChild(nodeLink(m)); });
      details.appendChild(list);
    }
  }
  function showEdge(id) {
    var e = edgeById[id];
    details.replaceChildren(el("h2", e.label || e.relation), el("pre", e.info, "kg-info"));
    var list = el("ul");
    list.appendChild(nodeLink(e.from));
    list.appendChild(nodeLink(e.to));
    details.appendChild(list);
  }

  function select(id, focus) {
    var n = byId[id];
    if (!n) return;
    if (hiddenCategories[n.category]) setCategoryVisible(n.category, true);
    view.selected = id;
    network.selectNodes([id]);
    highlight(id);
    showDetails(id);
    if (focus) network.focus(id, {scale: Math.max(network.getScale(), 0.9), animation: false});
  }
  function reset() {
    view.selected = null;
    network.unselectAll();
    clearHighlight();
    details.replaceChildren(el("p", "Search or click a node to see what was said and pledged, and the evidence.", "kg-hint"));
  }
  network.on("click", function (params) {
    if (params.nodes.length) select(params.nodes[0], false);
    else if (params.edges.length) { reset(); showEdge(params.edges[0]); }
    else reset();
  });

  // ------------------------------------------------------------ type filter and legend
  var hiddenCategories = Object.create(null);
  var checkboxes = Object.create(null);
  var counts = Object.create(null);
  payload.nodes.forEach(function (n) { counts[n.category] = (counts[n.category] || 0) + 1; });
  function setCategoryVisible(category, visible) {
    hiddenCategories[category] = !visible;
    if (checkboxes[category]) checkboxes[category].checked = visible;
    nodes.update(payload.nodes.filter(function (n) { return n.category === category; })
      .map(function (n) { return {id: n.id, hidden: !visible}; }));
  }
  var types = document.getElementById("kg-types");
  payload.legend.forEach(function (entry) {
    var category = entry[0];
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = category;
    box.addEventListener("change", function () { setCategoryVisible(category, box.checked); });
    checkboxes[category] = box;
    var label = el("label");
    label.append(box, swatch(entry[1], entry[2]), document.createTextNode(entry[3] + " (" + (counts[category] || 0) + ")"));
    var li = el("li");
    li.appendChild(label);
    types.appendChild(li);
  });
  var relations = document.getElementById("kg-relations");
  payload.edgeLegend.forEach(function (entry) {
    var li = el("li");
    li.append(swatch("line", entry[1]), document.createTextNode(" " + entry[0]));
    relations.appendChild(li);
  });

  // ------------------------------------------------------------ search
  function fold(text) {
    return String(text).toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }
  var index = payload.nodes.map(function (n) {
    return {id: n.id, actor: ACTORS[n.category] === 1, names: (n.names || [n.heading]).map(fold)};
  });
  function find(query) {
    var q = fold(query.trim());
    if (!q) return [];
    var scored = [];
    index.forEach(function (entry) {
      var best = null;
      entry.names.forEach(function (name) {
        var score = name === q ? 0 : (name.indexOf(q) === 0 || name.indexOf(" " + q) >= 0) ? 1 : name.indexOf(q) >= 0 ? 2 : null;
        if (score !== null && (best === null || score < best)) best = score;
      });
      if (best !== null) scored.push([best + (entry.actor ? 0 : 3), entry.id]);
    });
    scored.sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
    return scored.map(function (s) { return s[1]; });
  }
  var names = document.getElementById("kg-names");
  var seen = Object.create(null);
  payload.nodes.forEach(function (n) {
    if (!ACTORS[n.category] || seen[n.heading]) return;
    seen[n.heading] = true;
    var option = el("option");
    option.value = n.heading;
    names.appendChild(option);
  });
  var search = document.getElementById("kg-search");
  var status = document.getElementById("kg-status");
  var matches = [];
  var matchAt = -1;
  var lastQuery = null;
  document.getElementById("kg-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var query = search.value;
    if (query !== lastQuery) { matches = find(query); matchAt = -1; lastQuery = query; }
    if (!matches.length) {
      status.textContent = query.trim() ? "No match for “" + query.trim() + "”" : "";
      return;
    }
    matchAt = (matchAt + 1) % matches.length;
    select(matches[matchAt], true);
    status.textContent = matches.length === 1 ? "1 match" : (matchAt + 1) + " of " + matches.length + " matches (Find again for the next)";
  });
  document.getElementById("kg-reset").addEventListener("click", function () {
    search.value = "";
    status.textContent = "";
    lastQuery = null;
    Object.keys(checkboxes).forEach(function (c) { if (hiddenCategories[c]) setCategoryVisible(c, true); });
    reset();
    // No fit() here: with physics off vis-network fits once by itself, and each fit measures every label.
  performance.mark("kg:network");
  });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") reset(); });
  performance.mark("kg:ui");
  view.payload = payload;
  view.find = find;
  view.select = select;
})();
