/* kg explorer: an actor index, search, a date range, a network of the most active actors (or of one
   actor's neighbourhood) and a details panel with timelines of statements and commitments, and the
   actor's positions (stances: what it wants, supports, opposes or judges; never counted as speech).
   Article text is data: it reaches the page only through textContent (never innerHTML); links
   to articles are followed only for http(s) URLs. */
(function () {
  "use strict";
  performance.mark("kg:start");
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  performance.mark("kg:parsed");

  var LANDING_ACTORS = 30;    // actors in the overview network
  var LINKS_PER_ACTOR = 3;    // strongest fact links kept per actor in the overview
  var PARTNERS = 16;          // partners drawn around a selected actor
  var INDEX_ROWS = 250;       // index rows rendered at once
  var TIMELINE_ITEMS = 150;   // timeline items rendered before "show more"
  var POSITION_ITEMS = 8;     // an actor's positions (stances) listed before "show more"
  var OVERVIEW_ITEMS = 60;    // commitments listed beside the first view before "show more"
  var RESULTS = 60;           // fact results listed
  var STABILIZE = 160;        // layout iterations of a network of a few dozen actors
  var COLOURS = {};
  data.relations.forEach(function (r) { COLOURS[r[0]] = r[1]; });

  // ------------------------------------------------------------ helpers
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'").replace(/[\u201c\u201d\u00ab\u00bb]/g, "\"")
      .replace(/[\u2010-\u2015]/g, "-").replace(/\s+/g, " ");
  }
  function safeUrl(url) { return /^https?:\/\//i.test(url) ? url : ""; }
  function plural(n, word) { return n.toLocaleString("en") + " " + word + (n === 1 ? "" : "s"); }
  function byKey(key) { return function (a, b) { return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0; }; }

  // ------------------------------------------------------------ the tables
  var types = data.types;  // [name, shape, colour, legend]
  var actors = data.actors.map(function (a, i) {
    return {i: i, iri: a[0], name: a[1], type: types[a[2]][0], rank: a[2], aliases: a[3], wikidata: a[4],
      docs: [], said: [], pledged: [], received: [], held: [], posts: []};
  });
  var docs = data.documents.map(function (d, i) {
    return {i: i, iri: d[0], title: d[1], date: d[2], url: safeUrl(d[3]), publisher: d[4], identifier: d[5], mentions: d[6], passages: d[7] || [], facts: null};
  });
  // A fact IRI starting with "/" is short for its kind's prefix, its document's local name, then it.
  function factIri(short, kind, doc) {
    if (short.charAt(0) !== "/") return short;
    return data.prefixes[kind] + docs[doc].iri.slice(data.prefixes.document.length) + short;
  }
  function fact(row, kind) {
    var f = {kind: kind, iri: factIri(row[0], kind, row[2]), date: row[1], doc: row[2], start: row[3], end: row[4], exact: row[5] || row[10],
      actors: row[6], targets: row[7], manner: row[8], cue: row[9], text: row[10]};
    if (kind === "commitment") { f.item = row[11]; f.amount = row[12]; f.category = row[13]; f.reporters = row[14]; }
    return f;
  }
  var statements = data.statements.map(function (r) { return fact(r, "statement"); });
  var commitments = data.commitments.map(function (r) { return fact(r, "commitment"); });
  var stances = (data.stances || []).map(function (r) { return fact(r, "stance"); });
  var posts = data.posts.map(function (p) { return {holders: p[0], orgs: p[1], title: p[2], date: p[3], doc: p[4], iri: p[5]}; });
  var byIri = Object.create(null);
  actors.forEach(function (a) { byIri[a.iri] = a; });
  statements.forEach(function (f) { byIri[f.iri] = f; f.actors.forEach(function (a) { actors[a].said.push(f); }); });
  commitments.forEach(function (f) {
    byIri[f.iri] = f;
    f.actors.forEach(function (a) { actors[a].pledged.push(f); });
    f.targets.forEach(function (a) { actors[a].received.push(f); });
  });
  stances.forEach(function (f) { byIri[f.iri] = f; f.actors.forEach(function (a) { actors[a].held.push(f); }); });
  posts.forEach(function (p) { p.holders.forEach(function (a) { actors[a].posts.push(p); }); });
  docs.forEach(function (d) { d.mentions.forEach(function (a) { actors[a].docs.push(d); }); });
  // The rows are objects now: the arrays they came from would only double the heap.
  data.statements = data.commitments = data.stances = data.posts = data.documents = null;
  var dates = docs.map(function (d) { return d.date; }).filter(Boolean).sort();
  var firstDate = dates[0] || "", lastDate = dates[dates.length - 1] || "";
  performance.mark("kg:tables");

  // ------------------------------------------------------------ state: date range and counts
  var state = {from: firstDate, to: lastDate, selected: null, sort: "activity", types: {}, query: ""};
  types.forEach(function (t) { state.types[t[0]] = true; });
  function inRange(date) {
    if (!date) return state.from === firstDate && state.to === lastDate;  // undated: only with all dates
    return (!state.from || date >= state.from) && (!state.to || date <= state.to);
  }
  var counts = null;  // per actor in the range: statements, commitments, received, articles, activity
  function count() {
    counts = actors.map(function () { return {statements: 0, commitments: 0, received: 0, articles: 0, activity: 0}; });
    statements.forEach(function (f) { if (inRange(f.date)) f.actors.forEach(function (a) { counts[a].statements++; }); });
    commitments.forEach(function (f) {
      if (!inRange(f.date)) return;
      f.actors.forEach(function (a) { counts[a].commitments++; });
      f.targets.forEach(function (a) { counts[a].received++; });
    });
    docs.forEach(function (d) { if (inRange(d.date)) d.mentions.forEach(function (a) { counts[a].articles++; }); });
    counts.forEach(function (c) { c.activity = c.statements + 3 * c.commitments + 2 * c.received + c.articles; });
  }

  // ------------------------------------------------------------ links between actors
  // pair key "a|b|relation" -> {from, to, relation, weight}; directed for facts, a < b for appears with.
  function addLink(links, from, to, relation, weight) {
    if (from === to) return;
    if (relation === "appears with" && from > to) { var t = from; from = to; to = t; }
    var key = from + "|" + to + "|" + relation;
    var link = links[key] || (links[key] = {from: from, to: to, relation: relation, weight: 0});
    link.weight += weight || 1;
  }
  function factLinks(keep) {  // keep(actorIndex) -> bool: only links between kept actors
    var links = Object.create(null);
    commitments.forEach(function (f) {
      if (!inRange(f.date)) return;
      f.actors.forEach(function (a) { f.targets.forEach(function (b) { if (keep(a) && keep(b)) addLink(links, a, b, "pledged to"); }); });
    });
    statements.forEach(function (f) {
      if (!inRange(f.date)) return;
      f.actors.forEach(function (a) { f.targets.forEach(function (b) { if (keep(a) && keep(b)) addLink(links, a, b, "said about"); }); });
    });
    posts.forEach(function (p) {
      if (!inRange(p.date)) return;
      p.holders.forEach(function (a) { p.orgs.forEach(function (b) { if (keep(a) && keep(b)) addLink(links, a, b, "holds post in"); }); });
    });
    return links;
  }
  function coMentions(keep, links) {
    docs.forEach(function (d) {
      if (!inRange(d.date)) return;
      var kept = d.mentions.filter(keep);
      for (var i = 0; i < kept.length; i++) for (var j = i + 1; j < kept.length; j++) addLink(links, kept[i], kept[j], "appears with");
    });
    return links;
  }
  function values(obj) { return Object.keys(obj).sort().map(function (k) { return obj[k]; }); }
  var RELATION_ORDER = {"pledged to": 0, "holds post in": 1, "said about": 2, "appears with": 3};
  function strongest(a, b) { return b.weight - a.weight || RELATION_ORDER[a.relation] - RELATION_ORDER[b.relation] || a.from - b.from || a.to - b.to; }

  // The overview: the most active actors in the range and their strongest links; an actor is drawn
  // only with a link, so no node floats alone.
  function overviewGraph() {
    var ranked = actors.filter(function (a) { return counts[a.i].activity > 0 && state.types[a.type]; })
      .sort(function (a, b) { return counts[b.i].activity - counts[a.i].activity || a.i - b.i; })
      .slice(0, LANDING_ACTORS);
    var top = Object.create(null);
    ranked.forEach(function (a) { top[a.i] = true; });
    var keep = function (a) { return top[a] === true; };
    var facts = values(factLinks(keep)).sort(strongest);
    var together = values(coMentions(keep, {})).sort(strongest);
    var chosen = [], used = Object.create(null), degree = Object.create(null);
    function take(link) {
      var key = link.from + "|" + link.to + "|" + link.relation;
      if (used[key]) return;
      used[key] = true;
      chosen.push(link);
      degree[link.from] = (degree[link.from] || 0) + 1;
      degree[link.to] = (degree[link.to] || 0) + 1;
    }
    facts.forEach(function (l) { if (l.relation === "pledged to") take(l); });
    facts.forEach(function (l) {
      if ((degree[l.from] || 0) < LINKS_PER_ACTOR || (degree[l.to] || 0) < LINKS_PER_ACTOR) take(l);
    });
    ranked.forEach(function (a) {  // an actor without a fact link is drawn with its strongest companion
      if (degree[a.i]) return;
      for (var k = 0; k < together.length; k++) {
        if (together[k].from === a.i || together[k].to === a.i) { take(together[k]); break; }
      }
    });
    var shown = ranked.filter(function (a) { return degree[a.i]; });
    return {actors: shown, links: chosen, centre: null};
  }

  // One actor's neighbourhood: its partners by total weight of every relation, both directions.
  function neighbourhood(centre) {
    var keep = function () { return true; };
    var links = factLinks(keep);
    var together = Object.create(null);
    centre.docs.forEach(function (d) {
      if (!inRange(d.date)) return;
      d.mentions.forEach(function (b) { if (b !== centre.i) addLink(together, centre.i, b, "appears with"); });
    });
    var mine = values(links).filter(function (l) { return l.from === centre.i || l.to === centre.i; })
      .concat(values(together));
    var weight = Object.create(null);
    mine.forEach(function (l) {
      var other = l.from === centre.i ? l.to : l.from;
      weight[other] = (weight[other] || 0) + l.weight * (l.relation === "appears with" ? 1 : 3);
    });
    var partners = Object.keys(weight).map(Number).filter(function (b) { return state.types[actors[b].type]; })
      .sort(function (a, b) { return weight[b] - weight[a] || a - b; }).slice(0, PARTNERS);
    var kept = Object.create(null);
    partners.forEach(function (b) { kept[b] = true; });
    var drawn = mine.filter(function (l) { return kept[l.from === centre.i ? l.to : l.from]; });
    // Co-mention is drawn only where no fact links the pair: facts are what the page is for.
    var factPair = Object.create(null);
    drawn.forEach(function (l) { if (l.relation !== "appears with") factPair[l.from === centre.i ? l.to : l.from] = true; });
    drawn = drawn.filter(function (l) { return l.relation !== "appears with" || !factPair[l.from === centre.i ? l.to : l.from]; });
    return {actors: [centre].concat(partners.map(function (b) { return actors[b]; })), links: drawn.sort(strongest),
      centre: centre.i, weight: weight, all: mine};
  }

  // ------------------------------------------------------------ the network pane
  var typeStyle = Object.create(null);
  types.forEach(function (t) { typeStyle[t[0]] = t; });
  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  var network = new vis.Network(document.getElementById("kg-network"), {nodes: nodes, edges: edges}, {
    autoResize: true,
    layout: {randomSeed: 7, improvedLayout: false},  // Kamada-Kawai start: slow; a spiral is given
    physics: {enabled: true, solver: "forceAtlas2Based",
      forceAtlas2Based: {gravitationalConstant: -160, centralGravity: 0.015, springLength: 120, springConstant: 0.04, avoidOverlap: 1},
      stabilization: {enabled: true, iterations: STABILIZE, updateInterval: 1000, fit: false}},
    interaction: {hover: true, tooltipDelay: 150, multiselect: false},
    nodes: {borderWidth: 1, font: {size: 17, face: "system-ui, sans-serif", color: "#222", strokeWidth: 4, strokeColor: "#ffffff"}},
    edges: {smooth: {enabled: true, type: "continuous", roundness: 0.2}, font: {size: 14, color: "#444", strokeWidth: 4, strokeColor: "#ffffff", align: "middle"},
      arrows: {to: {enabled: true, scaleFactor: 0.55}}, color: {inherit: false}, selectionWidth: 2}
  });
  var view = {network: network, nodes: nodes, edges: edges, ready: false, readyMs: null, data: data, state: state};
  window.kgView = view;
  var drawing = 0;
  function tooltip(a) {
    var c = counts[a.i];
    return el("div", a.name + " (" + typeStyle[a.type][3] + ")\n" + plural(c.statements, "statement") + ", " +
      plural(c.commitments, "commitment") + " made, " + plural(c.received, "commitment") + " received, " +
      plural(c.articles, "article"), "kg-tip");
  }
  function linkLabel(l) {
    if (l.relation === "appears with") return undefined;
    if (l.relation === "said about") return undefined;  // the colour says it; the many labels would hide the pledges
    var word = {"pledged to": "pledged", "holds post in": "post in"}[l.relation];
    return l.weight > 1 ? word + " ×" + l.weight : word;
  }
  function draw(graph) {
    drawing++;
    var max = 1;
    graph.actors.forEach(function (a) { max = Math.max(max, counts[a.i].activity); });
    var items = graph.actors.map(function (a, k) {
      var style = typeStyle[a.type];
      var centre = graph.centre === a.i;
      // Start on a golden-angle spiral, most active in the middle: the physics has less to do.
      var angle = k * 2.399963, radius = 60 * Math.sqrt(k);
      return {id: a.iri, label: a.name, x: Math.round(radius * Math.cos(angle)), y: Math.round(radius * Math.sin(angle)), shape: style[1], color: {background: style[2], border: centre ? "#000" : style[2]},
        borderWidth: centre ? 3 : 1, size: Math.round(10 + 24 * Math.sqrt(counts[a.i].activity / max)),
        font: centre ? {size: 24} : undefined, title: tooltip(a)};
    });
    var links = graph.links.map(function (l, k) {
      var faint = l.relation === "appears with";
      var said = l.relation === "said about";
      return {id: "l" + k, from: actors[l.from].iri, to: actors[l.to].iri, label: linkLabel(l),
        color: {color: COLOURS[l.relation], opacity: faint ? 0.6 : said ? 0.55 : 1}, dashes: faint,
        arrows: faint ? {to: {enabled: false}} : undefined,
        width: Math.min(7, 1 + Math.log2(l.weight)) * (faint ? 0.7 : said ? 0.6 : 1.3),
        title: el("div", actors[l.from].name + " — " + l.relation + " — " + actors[l.to].name + " (" + l.weight + ")", "kg-tip")};
    });
    view.settled = false;
    nodes.clear(); edges.clear();
    nodes.add(items); edges.add(links);
    view.drawn = {nodes: items.map(function (n) { return n.id; }), edges: graph.links.map(function (l) {
      return {from: actors[l.from].iri, to: actors[l.to].iri, relation: l.relation, weight: l.weight}; })};
    var round = drawing;
    // Lay out with the physics off screen, then freeze it and fit the drawing to the pane.
    network.once("stabilizationIterationsDone", function () {
      if (round !== drawing) return;
      network.setOptions({physics: {enabled: false}});
      network.fit({animation: false});
      network.once("afterDrawing", function () {
        if (round !== drawing) return;
        view.settled = true;
        if (!view.ready) {
          view.ready = true;
          view.readyMs = performance.now();
          performance.mark("kg:drawn");
          document.body.setAttribute("data-ready", "true");
          // The search index is built in slices while the reader looks at the first view.
          setTimeout(indexSlice, 50);
        }
      });
      network.redraw();
    });
    if (items.length) network.stabilize(STABILIZE); else network.emit("stabilizationIterationsDone");
  }
  network.on("click", function (params) {
    if (params.nodes.length && byIri[params.nodes[0]]) select(params.nodes[0]);
  });

  var legend = document.getElementById("kg-legend");
  types.forEach(function (t) {
    var li = el("li");
    var swatch = el("span", null, "kg-swatch kg-shape-" + t[1]);
    swatch.style.background = t[2];
    li.append(swatch, document.createTextNode(t[3]));
    legend.appendChild(li);
  });
  data.relations.forEach(function (r) {
    var li = el("li");
    var swatch = el("span", null, "kg-swatch kg-shape-line" + (r[0] === "appears with" ? " kg-dashed" : ""));
    swatch.style.background = r[1];
    li.append(swatch, document.createTextNode(r[0] === "appears with" ? "named in the same articles" : r[0]));
    legend.appendChild(li);
  });

  // ------------------------------------------------------------ facts as the page shows them
  var MANNER = {direct: "quote", indirect: "reported", mixed: "quote and report", partial: "partial quote"};
  var STANCE = {intention: "intends", position: "takes a side", view: "judges"};
  function actorButton(index) {
    var a = actors[index];
    var b = el("button", a.name, "kg-link");
    b.type = "button";
    b.addEventListener("click", function () { select(a.iri); });
    return b;
  }
  function actorList(indices, parent) {
    indices.forEach(function (a, k) {
      if (k) parent.appendChild(document.createTextNode(", "));
      parent.appendChild(actorButton(a));
    });
  }
  // The text with one part marked (the item, the quote within its sentence): only text nodes.
  function marked(text, part) {
    var p = el("span");
    var at = part ? text.indexOf(part) : -1;
    if (at < 0 || part === text) { p.textContent = text; return p; }
    p.append(document.createTextNode(text.slice(0, at)), el("mark", part), document.createTextNode(text.slice(at + part.length)));
    return p;
  }
  // Quotation marks only around what was quoted: a direct quote gets them, a reported statement is
  // shown as reported, mixed ones carry the article's own marks.
  function factText(f) {
    var p = el("p", null, "kg-text");
    if (f.kind === "statement") {
      var open = f.manner === "direct" ? "\u201c" : "", close = f.manner === "direct" ? "\u201d" : "";
      if (f.exact !== f.text && f.exact.indexOf(f.text) >= 0) {
        p.appendChild(marked(f.exact, f.text));  // the span read, the statement marked in it
      } else {
        // The statement (a quote in several parts is longer than each span), the span marked.
        var said = marked(f.text, f.exact === f.text ? "" : f.exact);
        said.className = "kg-said";
        p.append(document.createTextNode(open), said, document.createTextNode(close));
        if (f.exact !== f.text && f.text.indexOf(f.exact) < 0) p.appendChild(el("span", " (read in: " + f.exact + ")", "kg-hint"));
      }
      if (f.manner === "indirect") p.classList.add("kg-reported");
    } else if (f.kind === "stance") {
      p.appendChild(marked(f.text, ""));  // what is held, as the article words it: nobody said it
      p.classList.add("kg-reported");
    } else {
      p.appendChild(marked(f.exact, f.item));
    }
    return p;
  }
  function factHead(f) {
    var head = el("div", null, "kg-meta");
    head.appendChild(el("span", f.date || "undated", "kg-date"));
    if (f.kind === "statement") {
      head.appendChild(document.createTextNode(" "));
      actorList(f.actors, head);
      head.appendChild(el("span", " · " + (MANNER[f.manner] || f.manner || "statement") + (f.cue ? " (" + f.cue + ")" : "")));
      if (f.targets.length) { head.appendChild(el("span", " · about ")); actorList(f.targets.slice(0, 6), head); }
    } else if (f.kind === "stance") {
      head.appendChild(document.createTextNode(" "));
      actorList(f.actors, head);
      head.appendChild(el("span", " · " + (STANCE[f.manner] || f.manner || "stance") + (f.cue ? " (" + f.cue + ")" : "")));
      if (f.targets.length) { head.appendChild(el("span", " · about ")); actorList(f.targets.slice(0, 6), head); }
    } else {
      head.appendChild(el("span", " " + f.manner, "kg-status kg-status-" + f.manner));
      head.appendChild(document.createTextNode(" "));
      if (f.actors.length) actorList(f.actors, head); else head.appendChild(el("span", "unknown"));
      head.appendChild(el("span", " → "));
      if (f.targets.length) actorList(f.targets, head); else head.appendChild(el("span", "no recipient named"));
      var what = el("div", null, "kg-item");
      what.appendChild(el("strong", f.item || f.category));
      if (f.amount) what.appendChild(el("span", " · " + f.amount));
      if (f.reporters && f.reporters.length) { what.appendChild(el("span", " · reported by ")); actorList(f.reporters, what); }
      head.appendChild(what);
    }
    return head;
  }
  function docFacts(d) {
    if (d.facts) return d.facts;
    d.facts = [];
    return d.facts;
  }
  var docsIndexed = false;
  function indexDocFacts() {
    if (docsIndexed) return;
    docsIndexed = true;
    statements.concat(commitments, stances).forEach(function (f) { if (f.doc >= 0) docFacts(docs[f.doc]).push(f); });
    docs.forEach(function (d) { docFacts(d).sort(function (a, b) { return a.start - b.start || a.end - b.end; }); });
  }
  // The paragraph of the article that holds the fact's start, the fact's span marked: passages are
  // [start, text] with offsets in code points (Python's), hence Array.from, not String.slice.
  function passageAround(f) {
    var found = null;
    docs[f.doc].passages.forEach(function (p) {
      if (found || f.start < p[0]) return;
      var chars = Array.from(p[1]);
      if (f.start < p[0] + chars.length) found = {start: p[0], chars: chars};
    });
    return found;
  }
  function around(f, box) {
    var p = passageAround(f);
    if (p) {
      var from = f.start - p.start, to = Math.max(from, Math.min(f.end - p.start, p.chars.length));
      var para = el("p", null, "kg-passage");
      para.append(document.createTextNode(p.chars.slice(0, from).join("")),
        el("mark", p.chars.slice(from, to).join("")), document.createTextNode(p.chars.slice(to).join("")));
      box.replaceChildren(el("p", "The paragraph of the article, characters " + p.start + "–" + (p.start + p.chars.length) + ":", "kg-hint"), para);
      return;
    }
    spansRead(f, box);
  }
  // What kg read from the article, in the order of the text, the fact itself marked: the article
  // offline as far as an older graph.json holds it (spans read, no passages).
  function spansRead(f, box) {
    indexDocFacts();
    var list = el("ol", null, "kg-around");
    docs[f.doc].facts.forEach(function (g) {
      var li = el("li", null, g === f ? "kg-here" : "");
      var who = g.actors.map(function (a) { return actors[a].name; }).join(", ") || "unknown";
      li.appendChild(el("span", "@" + g.start + " " + who + (g.kind === "statement" ? "" : " (" + g.manner + ")") + ": ", "kg-who"));
      li.appendChild(el("span", g.exact));
      list.appendChild(li);
    });
    box.replaceChildren(el("p", "Every span kg read from this article, in the order of the text:", "kg-hint"), list);
  }
  function factItem(f) {
    var li = el("li", null, "kg-fact kg-" + f.kind);
    li.setAttribute("data-iri", f.iri);
    li.appendChild(factHead(f));
    li.appendChild(factText(f));
    if (f.doc >= 0) {
      var d = docs[f.doc];
      var src = el("div", null, "kg-source");
      if (d.url) {
        var a = el("a", d.title);
        a.href = d.url; a.target = "_blank"; a.rel = "noopener noreferrer";
        src.appendChild(a);
      } else src.appendChild(el("span", d.title, "kg-doc-title"));
      src.appendChild(el("span", " · " + [d.publisher, d.date].filter(Boolean).join(", ") + " · characters " + f.start + "–" + f.end + " "));
      var more = el("button", "Read around", "kg-link");
      more.type = "button";
      var box = el("div", null, "kg-around-box");
      more.addEventListener("click", function () {
        if (box.childNodes.length) { box.replaceChildren(); more.textContent = "Read around"; }
        else { around(f, box); more.textContent = "Close"; }
      });
      src.appendChild(more);
      li.append(src, box);
    }
    return li;
  }

  // ------------------------------------------------------------ the details panel
  var details = document.getElementById("kg-details");
  function timeline(items, list, limit) {
    var month = null;
    var shown = 0;
    items.slice(0, limit).forEach(function (f) {
      var m = (f.date || "undated").slice(0, 7);
      if (m !== month) { month = m; list.appendChild(el("li", m, "kg-month")); }
      list.appendChild(factItem(f));
      shown++;
    });
    if (items.length > limit) {
      var li = el("li");
      var button = el("button", "Show " + Math.min(TIMELINE_ITEMS, items.length - limit) + " more of " + (items.length - limit), "kg-link");
      button.type = "button";
      button.addEventListener("click", function () { li.remove(); timeline(items.slice(limit), list, TIMELINE_ITEMS); });
      li.appendChild(button);
      list.appendChild(li);
    }
    return shown;
  }
  function dated(a, b) { return (a.date || "9999") < (b.date || "9999") ? -1 : (a.date || "9999") > (b.date || "9999") ? 1 : a.doc - b.doc || a.start - b.start; }
  function rangeText() {
    if (state.from === firstDate && state.to === lastDate) return "all dates (" + (firstDate || "?") + " to " + (lastDate || "?") + ")";
    return state.from + " to " + state.to;
  }
  function showOverview() {
    details.replaceChildren();
    details.appendChild(el("h2", "Commitments, " + rangeText()));
    details.appendChild(el("p", "Who pledged, delivered, refused or proposed what to whom, by article date. Click a name for that actor's statements and commitments; search for a phrase to find who said it.", "kg-hint"));
    var items = commitments.filter(function (f) { return inRange(f.date); }).sort(dated);
    details.appendChild(commitmentSummary(items));
    var list = el("ol", null, "kg-timeline");
    timeline(items, list, OVERVIEW_ITEMS);
    details.appendChild(list);
    if (!items.length) details.appendChild(el("p", "No commitment in this date range.", "kg-hint"));
    details.scrollTop = 0;
  }
  // How many commitments of each status, and the pairs (who to whom) with most of them.
  function commitmentSummary(items) {
    var box = el("div", null, "kg-summary");
    if (!items.length) return box;
    var byStatus = Object.create(null), byPair = Object.create(null);
    items.forEach(function (f) {
      byStatus[f.manner] = (byStatus[f.manner] || 0) + 1;
      f.actors.forEach(function (a) {
        (f.targets.length ? f.targets : [-1]).forEach(function (b) {
          var key = a + "|" + b;
          (byPair[key] || (byPair[key] = {from: a, to: b, n: 0})).n++;
        });
      });
    });
    var statuses = Object.keys(byStatus).sort(function (a, b) { return byStatus[b] - byStatus[a] || (a < b ? -1 : 1); });
    var line = el("p", items.length.toLocaleString("en") + " commitments: ");
    statuses.forEach(function (st, k) {
      if (k) line.appendChild(document.createTextNode(", "));
      line.append(el("span", st, "kg-status kg-status-" + st), document.createTextNode(" " + byStatus[st]));
    });
    box.appendChild(line);
    var pairs = Object.keys(byPair).map(function (k) { return byPair[k]; })
      .sort(function (a, b) { return b.n - a.n || a.from - b.from || a.to - b.to; }).slice(0, 6);
    var most = el("p", "Most: ");
    pairs.forEach(function (p, k) {
      if (k) most.appendChild(document.createTextNode(" · "));
      most.appendChild(actorButton(p.from));
      most.appendChild(document.createTextNode(" → "));
      if (p.to >= 0) most.appendChild(actorButton(p.to)); else most.appendChild(el("span", "no recipient named"));
      most.appendChild(document.createTextNode(" ×" + p.n));
    });
    box.appendChild(most);
    return box;
  }
  function partnerTable(centre, graph) {
    var rows = Object.create(null);
    graph.all.forEach(function (l) {
      var other = l.from === centre.i ? l.to : l.from;
      var word = l.relation === "appears with" ? "named with" : l.from === centre.i ? l.relation :
        {"pledged to": "pledged to it", "said about": "spoke about it", "holds post in": "post holder"}[l.relation];
      (rows[other] || (rows[other] = [])).push(word + " \u00d7" + l.weight);
    });
    var list = el("ol", null, "kg-partners");
    graph.actors.slice(1).forEach(function (a) {
      var li = el("li");
      li.appendChild(actorButton(a.i));
      li.appendChild(el("span", " " + (rows[a.i] || []).join(" · "), "kg-hint"));
      list.appendChild(li);
    });
    return list;
  }
  function showActor(a, graph, focus) {
    var c = counts[a.i];
    details.replaceChildren();
    details.appendChild(el("h2", a.name));
    details.appendChild(el("p", typeStyle[a.type][3] + (a.wikidata ? " · Wikidata " + a.wikidata : "") + " · " + rangeText(), "kg-kind"));
    if (a.aliases.length) details.appendChild(el("p", "Also: " + a.aliases.slice(0, 12).join(", "), "kg-hint"));
    var held = a.posts.filter(function (p) { return inRange(p.date); });
    if (held.length) {
      var seen = Object.create(null), names = [];
      held.forEach(function (p) {
        var text = p.title + (p.orgs.length ? " (" + p.orgs.map(function (o) { return actors[o].name; }).join(", ") + ")" : "");
        if (!seen[text]) { seen[text] = true; names.push(text); }
      });
      details.appendChild(el("p", "Posts: " + names.slice(0, 8).join("; "), "kg-posts"));
    }
    details.appendChild(el("p", plural(c.statements, "statement") + " · " + plural(c.commitments, "commitment") + " made · " +
      plural(c.received, "commitment") + " received · named in " + plural(c.articles, "article"), "kg-counts"));
    if (graph.actors.length > 1) {
      details.appendChild(el("h3", "Top partners"));
      details.appendChild(partnerTable(a, graph));
    }
    // Stances apart from what was said: what the actor wants, supports, opposes or judges (never
    // counted as statements); the first few before the timeline, the rest on demand.
    var positions = a.held.filter(function (f) { return inRange(f.date); }).sort(dated);
    if (positions.length) {
      details.appendChild(el("h3", "Positions (" + positions.length.toLocaleString("en") + "): what " + a.name + " wants, supports, opposes or judges"));
      var positionList = el("ol", null, "kg-timeline kg-positions");
      positionList.id = "kg-positions";
      timeline(positions, positionList, Math.max(POSITION_ITEMS, positions.indexOf(focus) + 1));
      details.appendChild(positionList);
    }
    var items = a.said.concat(a.pledged, a.received.filter(function (f) { return a.pledged.indexOf(f) < 0; }))
      .filter(function (f) { return inRange(f.date); }).sort(dated);
    details.appendChild(el("h3", "Timeline: " + items.length.toLocaleString("en") + " statements and commitments, by article date"));
    var list = el("ol", null, "kg-timeline");
    list.id = "kg-timeline";
    // A fact asked for (a search result) is listed even when it is past the first items.
    timeline(items, list, Math.max(TIMELINE_ITEMS, items.indexOf(focus) + 1));
    details.appendChild(list);
    details.scrollTop = 0;
  }

  // ------------------------------------------------------------ selection
  function select(iri, options) {
    var target = byIri[iri];
    if (!target) return false;
    var a = target.kind ? actors[(target.actors.length ? target.actors : target.targets)[0]] : target;
    if (!a) return false;
    state.selected = a.i;
    var graph = neighbourhood(a);
    draw(graph);
    document.getElementById("kg-caption").textContent = a.name + ": top partners, " + rangeText() + ". Click a name to follow it; Overview to go back.";
    showActor(a, graph, target.kind ? target : null);
    markIndex();
    if (target.kind) {  // a statement or commitment: show it in the timeline
      var item = details.querySelector('li[data-iri="' + CSS.escape(iri) + '"]');
      if (item) { item.classList.add("kg-flash"); item.scrollIntoView({block: "center"}); }
    }
    if (!(options && options.quiet)) status.textContent = "";
    return true;
  }
  function overview() {
    state.selected = null;
    var graph = overviewGraph();
    performance.mark("kg:overview-graph");
    draw(graph);
    performance.mark("kg:overview-drawn");
    document.getElementById("kg-caption").textContent = "The " + Math.min(LANDING_ACTORS, view.drawn.nodes.length) +
      " most active actors, " + rangeText() + ", and their strongest links. Click an actor for its neighbourhood and timeline.";
    showOverview();
    markIndex();
  }

  // ------------------------------------------------------------ the actor index
  var indexRows = document.getElementById("kg-index-rows");
  var indexFilter = document.getElementById("kg-index-filter");
  var typeBoxes = document.getElementById("kg-types");
  types.forEach(function (t) {
    var label = el("label", null, "kg-type");
    var box = el("input");
    box.type = "checkbox"; box.checked = true; box.value = t[0];
    box.addEventListener("change", function () {
      state.types[t[0]] = box.checked;
      renderIndex();
      if (state.selected === null) overview(); else select(actors[state.selected].iri);
    });
    var swatch = el("span", null, "kg-swatch kg-shape-" + t[1]);
    swatch.style.background = t[2];
    label.append(box, swatch, document.createTextNode(t[3]));
    typeBoxes.appendChild(label);
  });
  var SORTS = {
    activity: function (a, b) { return counts[b.i].activity - counts[a.i].activity || a.i - b.i; },
    name: function (a, b) { return a.name.localeCompare(b.name, "en") || a.i - b.i; },
    statements: function (a, b) { return counts[b.i].statements - counts[a.i].statements || a.i - b.i; },
    commitments: function (a, b) { return counts[b.i].commitments - counts[a.i].commitments || a.i - b.i; },
    received: function (a, b) { return counts[b.i].received - counts[a.i].received || a.i - b.i; },
    articles: function (a, b) { return counts[b.i].articles - counts[a.i].articles || a.i - b.i; }
  };
  var rowOf = Object.create(null);
  function renderIndex() {
    var q = fold(indexFilter.value.trim());
    var shown = actors.filter(function (a) {
      if (!state.types[a.type] || counts[a.i].activity === 0) return false;
      return !q || a.folded.some(function (n) { return n.indexOf(q) >= 0; });
    }).sort(SORTS[state.sort]);
    rowOf = Object.create(null);
    var frag = document.createDocumentFragment();
    shown.slice(0, INDEX_ROWS).forEach(function (a) {
      var c = counts[a.i];
      var tr = el("tr");
      var name = el("td");
      var swatch = el("span", null, "kg-swatch kg-shape-" + typeStyle[a.type][1]);
      swatch.style.background = typeStyle[a.type][2];
      swatch.title = typeStyle[a.type][3];
      name.append(swatch, actorButton(a.i));
      tr.append(name, el("td", c.statements || ""), el("td", c.commitments || ""), el("td", c.received || ""), el("td", c.articles || ""));
      tr.setAttribute("data-iri", a.iri);
      rowOf[a.i] = tr;
      frag.appendChild(tr);
    });
    indexRows.replaceChildren(frag);
    document.getElementById("kg-index-count").textContent = "(" + shown.length.toLocaleString("en") + ")";
    document.getElementById("kg-index-more").textContent = shown.length > INDEX_ROWS ?
      "First " + INDEX_ROWS + " shown: filter or search for the others." : "";
    view.indexed = shown.map(function (a) { return a.iri; });
    markIndex();
  }
  function markIndex() {
    Object.keys(rowOf).forEach(function (i) { rowOf[i].classList.toggle("kg-current", Number(i) === state.selected); });
  }
  document.querySelectorAll("#kg-index-table th").forEach(function (th) {
    th.addEventListener("click", function () {
      var key = th.getAttribute("data-sort");
      state.sort = state.sort === key ? "activity" : key;
      document.querySelectorAll("#kg-index-table th").forEach(function (h) { h.classList.toggle("kg-sorted", h.getAttribute("data-sort") === state.sort); });
      renderIndex();
    });
  });
  indexFilter.addEventListener("input", renderIndex);

  // ------------------------------------------------------------ search
  actors.forEach(function (a) { a.folded = [a.name].concat(a.aliases).map(fold); });
  // Folded in one pass over one joined string: a call of normalize() per fact cost two seconds
  // at 60,000 facts, one call over all of them a tenth of that.
  var allFacts = statements.concat(commitments);
  var folded = [];
  var SLICE = 4000;
  function foldSlice() {
    var slice = allFacts.slice(folded.length, folded.length + SLICE).map(function (f) {
      return (f.kind === "commitment" ? f.item + " | " + f.exact : f.text === f.exact ? f.text : f.text + " | " + f.exact).replace(/\u0001/g, " ");
    });
    folded.push.apply(folded, fold(slice.join("\u0001")).split("\u0001"));
  }
  function indexSlice() {
    if (folded.length >= allFacts.length) { view.searchReadyMs = view.searchReadyMs || performance.now(); return; }
    foldSlice();
    setTimeout(indexSlice, 0);
  }
  function searchable() {
    while (folded.length < allFacts.length) foldSlice();
    return folded;
  }
  function actorScore(a, q) {
    var best = null;
    a.folded.forEach(function (n) {
      var s = n === q ? 0 : n.indexOf(q) === 0 || n.indexOf(" " + q) >= 0 || n.indexOf("-" + q) >= 0 ? 1 : n.indexOf(q) >= 0 ? 2 : null;
      if (s !== null && (best === null || s < best)) best = s;
    });
    return best;
  }
  // Matching actors (the better the match the earlier; of equal matches a person before a country,
  // an organisation or a group, then the most active), then statements and commitments in date order.
  function search(text) {
    var q = fold(String(text).trim());
    if (!q) return {actors: [], facts: []};
    var found = [];
    actors.forEach(function (a) {
      var s = actorScore(a, q);
      if (s !== null && counts[a.i].activity > 0) found.push([s, a.rank, -counts[a.i].activity, a.i]);
    });
    found.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || x[3] - y[3]; });
    var all = allFacts;
    var texts = searchable();
    var facts = [];
    for (var k = 0; k < texts.length; k++) if (texts[k].indexOf(q) >= 0 && inRange(all[k].date)) facts.push(all[k]);
    facts.sort(dated);
    return {actors: found.map(function (x) { return actors[x[3]]; }), facts: facts};
  }
  function find(text) {
    var r = search(text);
    return r.actors.map(function (a) { return a.iri; }).concat(r.facts.map(function (f) { return f.iri; }));
  }
  var results = document.getElementById("kg-results");
  var resultsList = document.getElementById("kg-results-list");
  var status = document.getElementById("kg-status");
  function showResults(text) {
    var started = performance.now();
    var r = search(text);
    state.query = text;
    resultsList.replaceChildren();
    r.actors.slice(0, 12).forEach(function (a) {
      var li = el("li", null, "kg-result");
      var swatch = el("span", null, "kg-swatch kg-shape-" + typeStyle[a.type][1]);
      swatch.style.background = typeStyle[a.type][2];
      li.append(swatch, actorButton(a.i), el("span", " " + typeStyle[a.type][3], "kg-hint"));
      resultsList.appendChild(li);
    });
    r.facts.slice(0, RESULTS).forEach(function (f) {
      var li = el("li", null, "kg-result");
      var b = el("button", null, "kg-link kg-result-fact");
      b.type = "button";
      var who = (f.actors.length ? f.actors.map(function (a) { return actors[a].name; }).join(", ") : "unknown");
      b.appendChild(el("span", f.date + " · " + who + (f.kind === "commitment" ? " · " + f.manner : "") + ": ", "kg-who"));
      var shown = f.kind === "commitment" ? f.exact : f.text;
      var at = fold(shown).indexOf(fold(String(text).trim()));
      var from = Math.max(0, at - 60);
      var snippet = (from ? "…" : "") + shown.slice(from, from + 220) + (from + 220 < shown.length ? "…" : "");
      b.appendChild(el("span", snippet));
      b.addEventListener("click", function () { select(f.iri); });
      li.appendChild(b);
      resultsList.appendChild(li);
    });
    var total = r.actors.length + r.facts.length;
    document.getElementById("kg-results-title").textContent = total ?
      plural(r.actors.length, "actor") + ", " + r.facts.length.toLocaleString("en") + " statements and commitments" + (r.facts.length > RESULTS ? " (first " + RESULTS + ")" : "") :
      "No match for \u201c" + String(text).trim() + "\u201d";
    results.hidden = false;
    view.searchMs = performance.now() - started;
    return r;
  }
  document.getElementById("kg-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = document.getElementById("kg-search").value;
    if (!text.trim()) { results.hidden = true; return; }
    var r = showResults(text);
    if (r.actors.length) select(r.actors[0].iri, {quiet: true});
    else if (r.facts.length) select(r.facts[0].iri, {quiet: true});
  });

  // ------------------------------------------------------------ date range
  var fromInput = document.getElementById("kg-from"), toInput = document.getElementById("kg-to");
  [fromInput, toInput].forEach(function (input) { input.min = firstDate; input.max = lastDate; });
  function setRange(from, to) {
    state.from = from || firstDate; state.to = to || lastDate;
    if (state.from > state.to) { var t = state.from; state.from = state.to; state.to = t; }
    fromInput.value = state.from; toInput.value = state.to;
    count();
    markWeeks();
    renderIndex();
    if (state.query) showResults(state.query);
    if (state.selected === null) overview(); else select(actors[state.selected].iri);
  }
  fromInput.addEventListener("change", function () { setRange(fromInput.value, toInput.value); });
  toInput.addEventListener("change", function () { setRange(fromInput.value, toInput.value); });
  document.getElementById("kg-all-dates").addEventListener("click", function () { setRange(firstDate, lastDate); });
  document.getElementById("kg-reset").addEventListener("click", function () {
    document.getElementById("kg-search").value = ""; state.query = ""; results.hidden = true; overview();
  });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape" && event.target === document.body) overview(); });

  // ------------------------------------------------------------ activity by week
  // A bar a week (from Monday): statements and commitments of the whole corpus, the weeks in the
  // date range darker; a click narrows the range to that week.
  var mondays = Object.create(null);  // a few hundred dates, tens of thousands of facts
  function monday(date) {
    if (mondays[date]) return mondays[date];
    var d = new Date(date + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() - (d.getUTCDay() + 6) % 7);
    return (mondays[date] = d.toISOString().slice(0, 10));
  }
  function addDays(date, days) {
    var d = new Date(date + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }
  var weeks = [], weekAt = Object.create(null);
  if (firstDate) {
    for (var w = monday(firstDate); w <= lastDate; w = addDays(w, 7)) {
      weekAt[w] = weeks.length;
      weeks.push({start: w, statements: 0, commitments: 0});
    }
  }
  statements.forEach(function (f) { if (f.date && weekAt[monday(f.date)] !== undefined) weeks[weekAt[monday(f.date)]].statements++; });
  commitments.forEach(function (f) { if (f.date && weekAt[monday(f.date)] !== undefined) weeks[weekAt[monday(f.date)]].commitments++; });
  var weekBars = document.getElementById("kg-weeks");
  var busiest = 1;
  weeks.forEach(function (w) { busiest = Math.max(busiest, w.statements + w.commitments); });
  weeks.forEach(function (w) {
    var bar = el("button", null, "kg-week");
    bar.type = "button";
    bar.title = "Week of " + w.start + ": " + plural(w.statements, "statement") + ", " + plural(w.commitments, "commitment");
    var said = el("span", null, "kg-week-said"), pledged = el("span", null, "kg-week-pledged");
    said.style.height = Math.round(100 * w.statements / busiest) + "%";
    pledged.style.height = Math.max(w.commitments ? 8 : 0, Math.round(100 * w.commitments / busiest)) + "%";
    bar.append(said, pledged);
    bar.addEventListener("click", function () { setRange(w.start, addDays(w.start, 6)); });
    w.bar = bar;
    weekBars.appendChild(bar);
  });
  if (weeks.length) {
    var label = el("span", "By week, " + weeks[0].start.slice(0, 7), "kg-week-label");
    label.title = "Statements (orange) and commitments (green) a week; click a week to see it";
    weekBars.insertBefore(label, weekBars.firstChild);
    weekBars.appendChild(el("span", lastDate.slice(0, 7), "kg-week-label"));
  }
  function markWeeks() {
    weeks.forEach(function (w) { w.bar.classList.toggle("kg-week-out", addDays(w.start, 6) < state.from || w.start > state.to); });
  }

  if (data.truncated) {
    var notice = document.getElementById("kg-notice");
    notice.hidden = false;
    notice.textContent = "This page holds " + data.truncated.kept.toLocaleString("en") + " of the " + data.truncated.total.toLocaleString("en") +
      " statements and commitments (those of the most active actors): more than one file can hold. " +
      (data.served ? "" : "Run `kg serve BUILD-FOLDER` and open http://127.0.0.1:7878/ for the explorer with all of them.");
  }

  fromInput.value = state.from; toInput.value = state.to;
  count();
  performance.mark("kg:counted");
  renderIndex();
  performance.mark("kg:index");
  overview();
  performance.mark("kg:ui");
  view.find = find;
  view.select = function (iri) { return select(iri); };
  view.overview = overview;
  view.setRange = setRange;
  view.search = showResults;
})();
