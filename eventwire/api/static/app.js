// The eventwire dashboard: plain JS over the JSON API, views chosen by the URL hash
// (#/events?..., #/event/<id>, #/series?..., #/network?..., #/quotes?..., #/stories?...).
// Text from the store is always set with textContent, never parsed as HTML.
"use strict";

const PLOVER = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
  "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"};

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
  return node;
}

async function api(path, params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== null && v !== undefined) query.set(k, v);
  const url = `/api/${path}${query.toString() ? "?" + query : ""}`;
  const response = await fetch(url);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `${response.status} ${response.statusText}`);
  return body;
}

function parseHash() {
  const hash = location.hash.replace(/^#\/?/, "") || "events";
  const [path, query] = hash.split("?");
  return {path, params: Object.fromEntries(new URLSearchParams(query || ""))};
}

function go(path, params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v) query.set(k, v);
  location.hash = `#/${path}${query.toString() ? "?" + query : ""}`;
}

function showError(view, error) {
  view.appendChild(el("p", {class: "error", role: "alert"}, error.message));
}

// A filter form whose fields are [name, label, kind]; kind: "code" | "date" | "text" | [options].
function filterForm(id, fields, values, onSubmit) {
  const form = el("form", {class: "filters", id});
  for (const [name, label, kind] of fields) {
    let input;
    if (Array.isArray(kind)) {
      input = el("select", {name}, kind.map(([value, text]) => el("option", {value, selected: values[name] === value}, text)));
    } else {
      input = el("input", {name, value: values[name] || "", type: kind === "date" ? "date" : "text",
        class: kind === "code" ? "code" : null, maxlength: kind === "code" ? 3 : 200,
        placeholder: kind === "code" ? "RUS" : ""});
    }
    form.appendChild(el("label", {}, label, input));
  }
  form.appendChild(el("button", {type: "submit"}, "Apply"));
  form.appendChild(el("button", {type: "reset", class: "secondary", onclick: () => setTimeout(() => onSubmit({}), 0)}, "Clear"));
  form.addEventListener("submit", event => {
    event.preventDefault();
    const data = {};
    for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) data[k] = String(v).trim();
    onSubmit(data);
  });
  return form;
}

const EVENT_FILTERS = [
  ["since", "From", "date"], ["until", "To", "date"], ["source", "Source", "code"], ["target", "Target", "code"],
  ["actor", "Actor", "text"], ["type", "PLOVER type", [["", "any"], ...PLOVER.map(t => [t, t])]],
  ["quad_class", "Quad class", [["", "any"], ...Object.entries(QUADS).map(([k, v]) => [k, v])]],
  ["place", "Place", "text"], ["q", "Text", "text"],
];

function actorLabel(side) {
  return [side.name, side.code ? `(${side.code})` : null].filter(Boolean).join(" ") || "—";
}

async function eventsView(view, params) {
  view.appendChild(filterForm("event-filters", EVENT_FILTERS, params, data => go("events", data)));
  const table = el("table", {id: "events-table"},
    el("thead", {}, el("tr", {}, ["Date", "Source", "Event", "Target", "Trigger", "Place", "Outlet"].map(h => el("th", {}, h)))));
  const body = el("tbody");
  table.appendChild(body);
  const status = el("p", {class: "muted", id: "events-status"});
  const more = el("button", {class: "secondary", id: "events-more", hidden: true}, "More");
  view.append(status, table, more);
  let cursor = null, shown = 0;
  async function load() {
    try {
      const page = await api("events", {...params, limit: 50, cursor});
      for (const e of page.events) {
        body.appendChild(el("tr", {class: "clickable", "data-id": e.id, onclick: () => go(`event/${encodeURIComponent(e.id)}`)},
          el("td", {}, e.date || "—"), el("td", {}, actorLabel(e.source)),
          el("td", {class: `q${e.quad_class}`, title: QUADS[e.quad_class]}, `${e.plover.type} `, el("span", {class: "muted"}, e.cameo)),
          el("td", {}, actorLabel(e.target)), el("td", {}, e.trigger.text),
          el("td", {}, e.place ? e.place.name : "—"), el("td", {class: "muted"}, e.article.source || e.article_id)));
      }
      shown += page.events.length;
      cursor = page.next_cursor;
      more.hidden = !cursor;
      status.textContent = shown ? `${shown} event${shown === 1 ? "" : "s"}${cursor ? " (more below)" : ""}` : "No events match these filters.";
    } catch (error) { showError(view, error); }
  }
  more.addEventListener("click", load);
  await load();
}

// The article text with the event's spans highlighted and its sentence outlined.
function highlightedText(text, spans, sentence) {
  const container = el("div", {class: "article-text", id: "article-text"});
  const marks = spans.filter(s => s.start >= 0 && s.end <= text.length && s.end > s.start).sort((a, b) => a.start - b.start);
  let pos = 0;
  const pieces = [];
  for (const span of marks) {
    if (span.start < pos) continue; // overlapping spans: the first one wins
    pieces.push([text.slice(pos, span.start), null], [text.slice(span.start, span.end), span]);
    pos = span.end;
  }
  pieces.push([text.slice(pos), null]);
  let offset = 0;
  const sentenceBox = el("span", {class: "sentence-current", id: "event-sentence"});
  for (const [chunk, span] of pieces) {
    const start = offset, end = offset + chunk.length;
    offset = end;
    // Split plain text at the sentence bounds so the sentence box wraps exactly its text.
    const parts = span ? [[chunk, start]] : [[chunk.slice(0, Math.max(0, sentence.start - start)), start],
      [chunk.slice(Math.max(0, sentence.start - start), Math.max(0, sentence.end - start)), Math.max(start, sentence.start)],
      [chunk.slice(Math.max(0, sentence.end - start)), Math.max(start, sentence.end)]];
    for (const [part, at] of parts) {
      if (!part) continue;
      const node = span ? el("mark", {class: span.kind, title: span.kind, "data-kind": span.kind}, part) : document.createTextNode(part);
      if (at >= sentence.start && at < sentence.end) {
        if (!sentenceBox.parentNode) container.appendChild(sentenceBox);
        sentenceBox.appendChild(node);
      } else container.appendChild(node);
    }
  }
  return container;
}

async function eventView(view, id) {
  let event, article;
  try {
    event = await api(`events/${encodeURIComponent(id)}`);
    article = await api(`articles/${encodeURIComponent(event.article_id)}`);
  } catch (error) { showError(view, error); return; }
  const fields = [
    ["Date", event.date || "—"], ["Event", `${event.plover.type} (CAMEO ${event.cameo})`],
    ["Quad class", QUADS[event.quad_class]], ["Goldstein", String(event.goldstein)],
    ["Source", actorLabel(event.source)], ["Target", actorLabel(event.target)],
    ["Place", event.place ? `${event.place.name}${event.place.country ? " (" + event.place.country + ")" : ""}` : "—"],
    ["Modality", `${event.modality}${event.negated ? ", negated" : ""}`],
    ["Article", `${article.article.title || event.article_id} — ${article.article.source || "unknown outlet"}, ${article.article.published || "undated"}`],
    ["Outlets", event.outlets.map(o => o.source || o.id).join(", ")],
  ];
  if (event.story) fields.push(["Story", `${event.story.label || event.story.id}: ${event.story.num_articles} articles, ${event.story.num_sources} outlets`]);
  view.appendChild(el("div", {class: "card", id: "event-detail"},
    el("h2", {}, `${actorLabel(event.source)} — ${event.trigger.text} — ${actorLabel(event.target)}`),
    el("dl", {class: "fields"}, fields.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]))));
  const dateSpan = {kind: "date", text: event.date};
  view.appendChild(el("p", {class: "legend"}, "Highlighted: ", el("mark", {class: "trigger"}, "trigger"),
    el("mark", {class: "source"}, "source"), el("mark", {class: "target"}, "target"), el("mark", {class: "place"}, "place"),
    el("span", {class: "muted"}, `date: ${dateSpan.text || "unknown"} (resolved against the article's date)`)));
  view.appendChild(el("div", {class: "card"}, highlightedText(article.text, event.evidence.spans, event.evidence.sentence)));
  const sentence = document.getElementById("event-sentence");
  if (sentence) sentence.scrollIntoView({block: "center"});
}

async function seriesView(view, params) {
  const values = {a: "RUS", b: "CHN", interval: "month", ...params};
  view.appendChild(filterForm("series-filters", [["a", "Country", "code"], ["b", "and country", "code"],
    ["interval", "Per", [["day", "day"], ["week", "week"], ["month", "month"], ["year", "year"]]],
    ["since", "From", "date"], ["until", "To", "date"]], values, data => go("series", data)));
  const query = {interval: values.interval, since: values.since, until: values.until};
  if (values.a && values.b) query.between = `${values.a.toUpperCase()},${values.b.toUpperCase()}`;
  else if (values.a || values.b) query.country = (values.a || values.b).toUpperCase();
  try {
    const data = await api("series", query);
    const title = query.between ? `Events between ${values.a.toUpperCase()} and ${values.b.toUpperCase()}` : "Events";
    view.appendChild(el("h2", {}, `${title} per ${data.interval}`));
    if (!data.points.length) { view.appendChild(el("p", {class: "muted", id: "series-empty"}, "No dated events for this dyad.")); return; }
    const wrap = el("div", {class: "chart-wrap", id: "series-chart"});
    wrap.appendChild(lineChart(data.points, [
      {key: "cooperation", label: "cooperation", color: "#1b7f4c"}, {key: "conflict", label: "conflict", color: "#b3261e"},
      {key: "mean_goldstein", label: "mean Goldstein", color: "#667085"}], {title}));
    view.appendChild(wrap);
    view.appendChild(el("table", {id: "series-table"}, el("thead", {}, el("tr", {},
      ["Period", "Events", "Cooperation", "Conflict", "Goldstein sum", "Mean"].map(h => el("th", {}, h)))),
      el("tbody", {}, data.points.map(p => el("tr", {}, el("td", {}, p.period), el("td", {}, p.events),
        el("td", {class: "q1"}, p.cooperation), el("td", {class: "q4"}, p.conflict), el("td", {}, p.goldstein),
        el("td", {}, p.mean_goldstein))))));
  } catch (error) { showError(view, error); }
}

async function networkView(view, params) {
  const values = {level: "country", min_weight: "1", ...params};
  view.appendChild(filterForm("network-filters", [["level", "Nodes", [["country", "countries"], ["code", "actor codes"]]],
    ["min_weight", "Min events", "text"], ["since", "From", "date"], ["until", "To", "date"],
    ["type", "PLOVER type", [["", "any"], ...PLOVER.map(t => [t, t])]]], values, data => go("network", data)));
  try {
    const data = await api("network", {...values, limit: 150});
    if (!data.edges.length) { view.appendChild(el("p", {class: "muted"}, "No actor pairs match.")); return; }
    view.appendChild(el("p", {class: "muted"}, `${data.nodes.length} nodes, ${data.edges.length} edges; `
      + "edge width: events; green: cooperative on average, red: conflictual."));
    const wrap = el("div", {class: "chart-wrap", id: "network-chart"});
    wrap.appendChild(networkChart(data.nodes, data.edges));
    view.appendChild(wrap);
  } catch (error) { showError(view, error); }
}

async function quotesView(view, params) {
  view.appendChild(filterForm("quote-filters", [["q", "Text", "text"], ["speaker", "Speaker", "text"],
    ["since", "From", "date"], ["until", "To", "date"]], params, data => go("quotes", data)));
  try {
    const page = await api("quotes", {...params, limit: 100});
    if (!page.quotes.length) { view.appendChild(el("p", {class: "muted"}, "No quotes match.")); return; }
    view.appendChild(el("table", {id: "quotes-table"}, el("thead", {}, el("tr", {},
      ["Speaker", "Kind", "Quote", "Article", "Date"].map(h => el("th", {}, h)))),
      el("tbody", {}, page.quotes.map(q => el("tr", {},
        el("td", {}, q.speaker ? actorLabel(q.speaker) : (q.source_text || "—")), el("td", {}, q.kind),
        el("td", {}, `“${q.content.text}”`), el("td", {class: "muted"}, q.article.title || q.article_id),
        el("td", {}, q.article.published || "—"))))));
  } catch (error) { showError(view, error); }
}

async function storiesView(view, params) {
  try {
    const page = await api("stories", {...params, limit: 100});
    if (!page.stories.length) {
      view.appendChild(el("p", {class: "muted", id: "stories-empty"},
        "No stories in this store yet: `eventwire stories --db ...` groups events reported by several articles."));
      return;
    }
    view.appendChild(el("table", {id: "stories-table"}, el("thead", {}, el("tr", {},
      ["Story", "Type", "Dyad", "First seen", "Last seen", "Events", "Articles", "Outlets"].map(h => el("th", {}, h)))),
      el("tbody", {}, page.stories.map(s => el("tr", {},
        el("td", {}, s.label || s.id), el("td", {}, s.plover_type || "—"),
        el("td", {}, `${s.source_country || "?"} → ${s.target_country || "?"}`), el("td", {}, s.first_seen || "—"),
        el("td", {}, s.last_seen || "—"), el("td", {}, s.num_events), el("td", {}, s.num_articles), el("td", {}, s.num_sources))))));
  } catch (error) { showError(view, error); }
}

async function render() {
  // A fresh element per render: a slower render still in flight for an earlier hash writes
  // into its own detached element, never into this one.
  const view = el("main", {id: "view", "aria-live": "polite"});
  document.getElementById("view").replaceWith(view);
  const {path, params} = parseHash();
  const name = path.split("/")[0];
  for (const link of document.querySelectorAll("nav a[data-view]")) {
    link.classList.toggle("active", link.dataset.view === name || (name === "event" && link.dataset.view === "events"));
  }
  view.dataset.view = name;
  view.dataset.ready = "false";
  const views = {events: eventsView, series: seriesView, network: networkView, quotes: quotesView, stories: storiesView};
  if (name === "event") await eventView(view, decodeURIComponent(path.slice("event/".length)));
  else if (views[name]) await views[name](view, params);
  else view.appendChild(el("p", {class: "error"}, `No view called ${name}.`));
  view.dataset.hash = location.hash;
  view.dataset.ready = "true";  // the browser tests wait for this, with the hash it rendered
}

async function storeInfo() {
  try {
    const health = await api("health");
    document.getElementById("store-info").textContent =
      `${health.counts.articles} articles · ${health.counts.events} events · ${health.counts.quotes} quotes · ${health.store}`;
  } catch (error) { document.getElementById("store-info").textContent = error.message; }
}

window.addEventListener("hashchange", render);
storeInfo();
render();
