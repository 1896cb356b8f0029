// Charts drawn as SVG by our own code: no chart library, nothing fetched at run time.
"use strict";
const SVG_NS = "http://www.w3.org/2000/svg";

function svgEl(tag, attrs, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

// A line chart of several series over shared x labels.
// lines: [{key, label, color}], points: [{period, [key]: number}]
function lineChart(points, lines, opts) {
  const width = (opts && opts.width) || 900, height = (opts && opts.height) || 320;
  const m = {top: 20, right: 140, bottom: 50, left: 50};
  const svg = svgEl("svg", {width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
                            "aria-label": (opts && opts.title) || "time series"});
  const w = width - m.left - m.right, h = height - m.top - m.bottom;
  const values = points.flatMap(p => lines.map(l => p[l.key] || 0));
  const max = Math.max(1, ...values), min = Math.min(0, ...values);
  const x = i => m.left + (points.length < 2 ? w / 2 : (i * w) / (points.length - 1));
  const y = v => m.top + h - ((v - min) / (max - min)) * h;
  const axis = svgEl("g", {class: "axis"});
  axis.appendChild(svgEl("line", {x1: m.left, x2: m.left + w, y1: y(0), y2: y(0)}));
  axis.appendChild(svgEl("line", {x1: m.left, x2: m.left, y1: m.top, y2: m.top + h}));
  for (let t = 0; t <= 4; t++) {
    const v = min + ((max - min) * t) / 4;
    axis.appendChild(svgEl("text", {x: m.left - 6, y: y(v) + 4, "text-anchor": "end"}, String(Math.round(v * 10) / 10)));
  }
  const step = Math.max(1, Math.ceil(points.length / 12));
  points.forEach((p, i) => {
    if (i % step === 0) axis.appendChild(svgEl("text", {x: x(i), y: m.top + h + 16, "text-anchor": "middle"}, p.period));
  });
  svg.appendChild(axis);
  lines.forEach((line, n) => {
    const d = points.map((p, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(p[line.key] || 0).toFixed(1)}`).join("");
    svg.appendChild(svgEl("path", {d, fill: "none", stroke: line.color, "stroke-width": 2, class: `line-${line.key}`}));
    points.forEach((p, i) => {
      const dot = svgEl("circle", {cx: x(i), cy: y(p[line.key] || 0), r: 3, fill: line.color});
      dot.appendChild(svgEl("title", {}, `${p.period}: ${line.label} ${p[line.key] || 0}`));
      svg.appendChild(dot);
    });
    svg.appendChild(svgEl("rect", {x: m.left + w + 16, y: m.top + n * 20, width: 12, height: 12, fill: line.color}));
    svg.appendChild(svgEl("text", {x: m.left + w + 34, y: m.top + n * 20 + 10}, line.label));
  });
  return svg;
}

// A directed network laid out by a small force simulation (deterministic start on a circle).
// nodes: [{id, weight}], edges: [{source, target, weight, mean_goldstein}]
function networkChart(nodes, edges, opts) {
  const width = (opts && opts.width) || 900, height = (opts && opts.height) || 560;
  const svg = svgEl("svg", {width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "actor network"});
  const defs = svgEl("defs");
  for (const [id, color] of [["arrow-coop", "#1b7f4c"], ["arrow-conf", "#b3261e"]]) {
    const marker = svgEl("marker", {id, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto"});
    marker.appendChild(svgEl("path", {d: "M0,0L10,5L0,10z", fill: color}));
    defs.appendChild(marker);
  }
  svg.appendChild(defs);
  const pos = new Map();
  nodes.forEach((n, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, nodes.length);
    pos.set(n.id, {x: width / 2 + Math.cos(a) * width / 3, y: height / 2 + Math.sin(a) * height / 3, vx: 0, vy: 0});
  });
  const maxNode = Math.max(1, ...nodes.map(n => n.weight));
  const radius = n => 6 + 18 * Math.sqrt(n.weight / maxNode);
  // Fruchterman-Reingold: nodes repel (k^2/d), linked nodes attract (d^2/k), and each step
  // moves a node at most `temperature`, which cools to zero.
  const k = 0.8 * Math.sqrt((width * height) / Math.max(1, nodes.length));
  for (let iter = 0, temperature = width / 8; iter < 300; iter++, temperature *= 0.98) {
    for (const p of pos.values()) { p.vx = 0; p.vy = 0; }
    for (const a of nodes) for (const b of nodes) {
      if (a === b) continue;
      const pa = pos.get(a.id), pb = pos.get(b.id);
      const dx = pa.x - pb.x, dy = pa.y - pb.y, d = Math.max(Math.hypot(dx, dy), 1);
      pa.vx += (dx / d) * (k * k) / d; pa.vy += (dy / d) * (k * k) / d;
    }
    for (const e of edges) {
      const pa = pos.get(e.source), pb = pos.get(e.target);
      const dx = pb.x - pa.x, dy = pb.y - pa.y, d = Math.max(Math.hypot(dx, dy), 1), f = (d * d) / k;
      pa.vx += (dx / d) * f; pa.vy += (dy / d) * f; pb.vx -= (dx / d) * f; pb.vy -= (dy / d) * f;
    }
    for (const p of pos.values()) {
      p.vx += (width / 2 - p.x) * 0.05; p.vy += (height / 2 - p.y) * 0.05;  // gravity keeps islands in view
      const step = Math.max(Math.hypot(p.vx, p.vy), 1e-9), move = Math.min(step, temperature);
      p.x = Math.min(width - 60, Math.max(30, p.x + (p.vx / step) * move));
      p.y = Math.min(height - 20, Math.max(20, p.y + (p.vy / step) * move));
    }
  }
  const maxEdge = Math.max(1, ...edges.map(e => e.weight));
  const byId = new Map(nodes.map(n => [n.id, n]));
  for (const e of edges) {
    const a = pos.get(e.source), b = pos.get(e.target), rb = radius(byId.get(e.target));
    const d = Math.max(Math.hypot(b.x - a.x, b.y - a.y), 1);
    const conflict = (e.mean_goldstein || 0) < 0;
    const line = svgEl("line", {x1: a.x, y1: a.y, x2: b.x - ((b.x - a.x) / d) * rb, y2: b.y - ((b.y - a.y) / d) * rb,
      stroke: conflict ? "#b3261e" : "#1b7f4c", "stroke-opacity": 0.6, "stroke-width": 1 + 5 * (e.weight / maxEdge),
      "marker-end": `url(#${conflict ? "arrow-conf" : "arrow-coop"})`, class: "edge"});
    line.appendChild(svgEl("title", {}, `${e.source} → ${e.target}: ${e.weight} events, mean Goldstein ${e.mean_goldstein}`));
    svg.appendChild(line);
  }
  for (const n of nodes) {
    const p = pos.get(n.id);
    const g = svgEl("g", {class: "node", "data-id": n.id});
    const c = svgEl("circle", {cx: p.x, cy: p.y, r: radius(n), fill: "#344054", "fill-opacity": 0.85});
    c.appendChild(svgEl("title", {}, `${n.id}: ${n.weight} events (${n.out} as source, ${n.in} as target)`));
    g.appendChild(c);
    g.appendChild(svgEl("text", {x: p.x + radius(n) + 3, y: p.y + 4}, n.id));
    svg.appendChild(g);
  }
  return svg;
}
