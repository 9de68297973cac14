// The charts view (issue 16, part 4): per-second series from GET /api/metrics drawn as small hand-made SVG charts.
// No charting library: nothing may be fetched at run time and none is vendored here; these few hundred lines are
// smaller than any library and need no licence review (docs/watching-raft.md, "Charts").
// Live it asks for the last minutes every second; on the history view's `raftesp:time` event ({ms, live}) it shows
// the window ending at ms until live returns. A board selector switches between the cluster and one board.
(function () {
  const $ = (id) => document.getElementById(id);
  const svgNs = 'http://www.w3.org/2000/svg';
  const W = 380, H = 150, PAD = { l: 40, r: 8, t: 10, b: 20 };
  // Frame kinds coloured as the frames view (frames.js) colours them; a colour map it exposes wins.
  const KIND_COLORS = {
    append: '#f5b942', heartbeat: '#8b97b0', 'append-ack': '#2ecc71', prevote: '#e8a8ff', 'prevote-ack': '#b48ac2',
    vote: '#c678dd', 'vote-ack': '#9b59b6', snapshot: '#ff8c42', 'snapshot-ack': '#c96a2e', propose: '#3fd0e0',
    'propose-reject': '#ff5c6c', 'read-index': '#7ee0b5', 'read-index-ack': '#4fb38a', 'timeout-now': '#ff79c6',
    transfer: '#ff79c6', sync: '#d0d6e2', 'sync-ack': '#a0a8b8', 'status-poll': '#4a5670', 'status-report': '#4a5670',
    'client-command': '#6c7a96', 'client-result': '#6c7a96', unknown: '#ffffff',
  };

  const kindColor = (k) => {
    const frames = window.RaftEspFrames;
    const given = frames && frames.colors && frames.colors[k];
    return given || KIND_COLORS[k] || '#8b97b0';
  };

  let live = true;
  let endMs = null; // the chosen time while not live
  let last = null;
  let timer = null;
  let generation = 0;
  const hoverAt = {}; // chart name -> point index under the mouse

  function el(name, attrs, parent) {
    const node = document.createElementNS(svgNs, name);
    for (const k in attrs) node.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(node);
    return node;
  }

  const fmtTime = (ms) => {
    const s = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    return (h > 0 ? h + ':' + String(m).padStart(2, '0') : m) + ':' + String(sec).padStart(2, '0');
  };
  const fmtValue = (v, unit) => (v === null || v === undefined ? '\u2013' : (Math.round(v * 10) / 10) + (unit ? ' ' + unit : ''));

  function niceMax(v) {
    if (!(v > 0)) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 5, 10]) if (v <= m * p) return m * p;
    return 10 * p;
  }

  // A path through the values, broken where a value is unknown (null).
  function linePath(values, x, y) {
    let d = '', pen = false;
    values.forEach((v, i) => {
      if (v === null || v === undefined) { pen = false; return; }
      d += (pen ? 'L' : 'M') + x(i).toFixed(1) + ',' + y(v).toFixed(1);
      pen = true;
    });
    return d;
  }

  // Filled area between `lower` and `upper` (arrays of the same length), one polygon per run of known values.
  function areaPath(lower, upper, x, y) {
    let d = '';
    let run = [];
    const flush = () => {
      if (run.length === 0) return;
      d += 'M' + run.map((i) => x(i).toFixed(1) + ',' + y(upper[i]).toFixed(1)).join('L');
      d += 'L' + run.slice().reverse().map((i) => x(i).toFixed(1) + ',' + y(lower[i]).toFixed(1)).join('L') + 'Z';
      run = [];
    };
    upper.forEach((v, i) => { if (v === null || v === undefined) flush(); else run.push(i); });
    flush();
    return d;
  }

  // One chart: series = [{name, color, values, stack?}], unit for the hover text.
  function drawChart(name, title, series, unit, data) {
    const box = document.querySelector(`[data-chart='${name}']`);
    if (!box) return;
    box.querySelector('.chart-title').textContent = title;
    const svg = box.querySelector('svg');
    svg.textContent = '';
    const n = series.length ? series[0].values.length : 0;
    const stacked = series.some((s) => s.stack);
    const tops = [];
    let acc = new Array(n).fill(0);
    for (const s of series) {
      const lower = acc.slice();
      const upper = s.values.map((v, i) => (v === null || v === undefined ? null : (s.stack ? lower[i] : 0) + v));
      if (s.stack) acc = upper.map((v, i) => (v === null ? lower[i] : v));
      tops.push({ s, lower: s.stack ? lower : null, upper });
    }
    let max = 0;
    for (const t of tops) for (const v of t.upper) if (v !== null && v > max) max = v;
    max = niceMax(max);
    const pw = W - PAD.l - PAD.r, ph = H - PAD.t - PAD.b;
    const x = (i) => PAD.l + (n > 1 ? (i / (n - 1)) * pw : pw / 2);
    const y = (v) => PAD.t + ph - (v / max) * ph;
    for (const f of [0, 0.5, 1]) {
      el('line', { x1: PAD.l, x2: W - PAD.r, y1: y(max * f), y2: y(max * f), class: 'grid' }, svg);
      el('text', { x: PAD.l - 4, y: y(max * f) + 4, class: 'axis', 'text-anchor': 'end' }, svg).textContent = String(Math.round(max * f * 10) / 10);
    }
    const start = data.startMs, step = data.stepMs;
    // Monitor time (since it started, or the recording's clock); a live window that reaches back before the start
    // has no left label: nothing was seen there.
    if (start >= 0) el('text', { x: PAD.l, y: H - 4, class: 'axis' }, svg).textContent = fmtTime(start);
    el('text', { x: W - PAD.r, y: H - 4, class: 'axis', 'text-anchor': 'end' }, svg).textContent = fmtTime(start + n * step);
    for (const t of tops.slice().reverse()) {
      if (t.s.stack || t.s.fill) {
        const lower = t.lower || new Array(n).fill(0);
        // Colours go in style, not attributes: presentation attributes do not take CSS variables.
        el('path', { d: areaPath(lower, t.upper, x, y), style: `fill:${t.s.color};fill-opacity:${t.s.stack ? 0.75 : 0.25}`, class: 'area', 'data-series': t.s.name }, svg);
      }
      if (!t.s.stack) el('path', { d: linePath(t.upper, x, y), style: `stroke:${t.s.color}`, class: 'series', 'data-series': t.s.name }, svg);
    }
    const legend = box.querySelector('.chart-legend');
    legend.innerHTML = series.map((s) => `<span><i style="background:${s.color}"></i>${s.name}</span>`).join('');
    const cursor = el('line', { y1: PAD.t, y2: PAD.t + ph, class: 'cursor', visibility: 'hidden' }, svg);
    const tip = box.querySelector('.chart-tip');
    const showAt = (i) => {
      if (i === undefined || i < 0 || i >= n) { cursor.setAttribute('visibility', 'hidden'); tip.hidden = true; return; }
      cursor.setAttribute('x1', x(i));
      cursor.setAttribute('x2', x(i));
      cursor.setAttribute('visibility', 'visible');
      tip.hidden = false;
      tip.innerHTML = `<b>${fmtTime(start + i * step)}</b>` +
        series.map((s) => `<div><i style="background:${s.color}"></i>${s.name}: <span class="v">${fmtValue(s.values[i], unit)}</span></div>`).join('');
      tip.style.left = Math.min(Math.max(0, (x(i) / W) * svg.clientWidth + 10), Math.max(0, svg.clientWidth - 150)) + 'px';
    };
    svg.onmousemove = (e) => {
      const r = svg.getBoundingClientRect();
      const vx = ((e.clientX - r.left) / r.width) * W;
      hoverAt[name] = Math.round(((vx - PAD.l) / pw) * (n - 1));
      showAt(hoverAt[name]);
    };
    svg.onmouseleave = () => { delete hoverAt[name]; showAt(undefined); };
    showAt(hoverAt[name]); // a redraw keeps the hover where the mouse is
  }

  function draw(data) {
    last = data;
    const select = $('charts-board');
    const boards = Object.keys(data.boards).sort((a, b) => a - b);
    const have = Array.from(select.options).map((o) => o.value);
    for (const id of boards) {
      if (!have.includes(id)) {
        const o = document.createElement('option');
        o.value = id;
        o.textContent = 'board ' + id;
        select.appendChild(o);
      }
    }
    const board = select.value === 'cluster' ? null : data.boards[select.value];
    const n = data.commitsPerSecond.length;
    const empty = new Array(n).fill(null);
    const who = board ? 'board ' + select.value : 'cluster';
    drawChart('commits', `commits / s \u00b7 ${who}`,
      [{ name: 'commits/s', color: 'var(--ok)', values: board ? board.commitsPerSecond : data.commitsPerSecond, fill: true }], '', data);
    drawChart('latency', 'commit latency, ms \u00b7 cluster',
      [{ name: 'p50', color: 'var(--follower)', values: data.latencyP50Ms }, { name: 'p99', color: 'var(--leader)', values: data.latencyP99Ms }], 'ms', data);
    if (board) {
      drawChart('frames', `frames sent / s \u00b7 ${who}`, [{ name: 'sent', color: 'var(--follower)', values: board.framesPerSecond, fill: true }], '', data);
    } else {
      const kinds = Object.keys(data.framesPerSecond);
      drawChart('frames', 'frames / s by kind \u00b7 cluster',
        kinds.length ? kinds.map((k) => ({ name: k, color: kindColor(k), values: data.framesPerSecond[k], stack: true })) : [{ name: 'frames', color: 'var(--muted)', values: empty }], '', data);
    }
    const lostName = data.frameSource === 'simulator' ? 'lost copies (collisions included) / s' : 'lost copies / s';
    drawChart('lost', lostName + ' \u00b7 cluster', [{ name: 'lost', color: 'var(--bad)', values: data.lostPerSecond, fill: true }], '', data);
    $('charts-note').textContent = data.note;
    const span = Number($('charts-span').value);
    $('charts-window').textContent = live ? `last ${span / 60000} min, live` : `${span / 60000} min ending at ${fmtTime(endMs)}`;
  }

  async function load() {
    const span = Number($('charts-span').value);
    const step = Math.max(1000, Math.ceil(span / 300000) * 1000); // at most ~300 points a chart
    // Live, the monitor's own clock ends the window; otherwise the time the history view chose.
    let url = `/api/metrics?stepMs=${step}&windowMs=${span}`;
    if (!live && endMs !== null) {
      const to = Math.max(0, Math.round(endMs));
      url += `&fromMs=${Math.max(0, to - span)}&toMs=${to}`;
    }
    const mine = ++generation; // an answer to an older request (a live poll in flight at a time event) is dropped
    try {
      const res = await fetch(url);
      const data = res.ok ? await res.json() : null;
      if (data && mine === generation) draw(data);
    } catch (_) {
      // The monitor is restarting; the next tick tries again.
    }
  }

  function follow() {
    clearInterval(timer);
    timer = live ? setInterval(load, 1000) : null;
    load();
  }

  window.addEventListener('raftesp:time', (e) => {
    const d = e.detail || {};
    live = d.live !== false;
    endMs = live ? null : Number(d.ms);
    follow();
  });
  $('charts-board').addEventListener('change', () => { if (last) draw(last); });
  $('charts-span').addEventListener('change', load);
  window.RaftEspCharts = { latest: () => last, reload: load };
  follow();
})();
