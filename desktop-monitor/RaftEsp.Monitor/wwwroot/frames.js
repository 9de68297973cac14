'use strict';
// Frames in flight: every radio frame the monitor saw (GET /api/frames) drawn as a mark moving from its sender to each
// receiver on a canvas laid over the cluster picture. A frame is 1-3 ms on the air, far too quick to see, so frames
// play on a "view clock": each mark flies for FLIGHT_MS of view time (at 1x: 0.3 s), and the view clock runs at the
// chosen speed (1x down to 1/20), can pause, and can step to the next shown frame. Lost copies stop halfway and fade
// with a cross. Marks on screen and frames waiting are bounded; when the page or the monitor has to leave frames out,
// the notice says "showing N of M frames/s".
(function () {
  const page = window.RaftEspPage;
  if (!page) return;
  const $ = (id) => document.getElementById(id);
  const FLIGHT_MS = 300;        // view-clock time a mark takes from sender to receiver
  const FADE_MS = 250;          // view-clock time a lost copy takes to fade where it stopped
  const LIVE_LAG_MS = 300;      // the live view runs this far behind the monitor, so polled frames arrive in time
  const POLL_MS = 100;
  const POLL_MAX = 150;         // frames per poll at most (1,500 a second: more than the screen can show); the
                                // monitor then sends an even sample and the notice says so
  const MAX_MARKS = 600;        // copies on screen at once; more frames are skipped (and counted)
  const MAX_QUEUE = 6000;       // frames waiting for the view clock; older ones are dropped (and counted)
  const WINDOW_MS = 2000;       // in the past (history slider): frames of the window ending at the chosen time
  const VIEW = 520;             // the picture's viewBox size

  // Colours by kind (FrameKinds); the legend and the filter list them in this order.
  const KINDS = [
    ['append', '#f5b942', 'append (entries)'], ['heartbeat', '#8b97b0', 'heartbeat'], ['append-ack', '#2ecc71', 'append ack'],
    ['prevote', '#e8a8ff', 'pre-vote'], ['prevote-ack', '#b48ac2', 'pre-vote ack'], ['vote', '#c678dd', 'vote request'],
    ['vote-ack', '#9b59b6', 'vote ack'], ['snapshot', '#ff8c42', 'snapshot chunk'], ['snapshot-ack', '#c96a2e', 'snapshot ack'],
    ['propose', '#3fd0e0', 'forwarded proposal'], ['propose-reject', '#ff5c6c', 'proposal refused'],
    ['read-index', '#7ee0b5', 'read index'], ['read-index-ack', '#4fb38a', 'read index ack'],
    ['timeout-now', '#ff79c6', 'timeout now'], ['transfer', '#ff79c6', 'transfer request'],
    ['sync', '#d0d6e2', 'sync'], ['sync-ack', '#a0a8b8', 'sync ack'],
    ['status-poll', '#4a5670', 'status poll'], ['status-report', '#4a5670', 'status report'],
    ['client-command', '#6c7a96', 'client command'], ['client-result', '#6c7a96', 'client result'], ['unknown', '#ffffff', 'unknown'],
  ];
  const COLOR = Object.fromEntries(KINDS.map((k) => [k[0], k[1]]));
  // The collector's own traffic (polls, reports, client commands) starts hidden: it is not Raft.
  const HIDDEN_AT_START = new Set(['status-poll', 'status-report', 'client-command', 'client-result']);
  const shownKinds = new Set(KINDS.map((k) => k[0]).filter((k) => !HIDDEN_AT_START.has(k)));

  let speed = 1;
  let paused = false;
  let live = true;
  let viewMs = null;            // the view clock (monitor ms); null until the first answer
  let serverMs = null, serverAt = 0; // the monitor's clock at performance.now() = serverAt
  let afterSeq = -1;
  let queue = [];               // frames not yet launched, in time order, from queue[qHead] on
  let qHead = 0;
  const marks = [];             // copies on screen
  let stepUntil = null;         // while stepping: the view time to stop at
  let shown = 0, skipped = 0;   // frames launched; frames the page left out (marks or queue full)
  const launchTimes = [], skipTimes = [];
  let monitor = { ratePerSecond: 0, keptPerSecond: 0, sampled: false, note: '', source: 'none' };
  const frameTimes = [];
  let lastPaint = performance.now();
  let pollTimer = null;
  let pastRequest = 0;

  // The overlay: a canvas over #picture, sized to it at every paint.
  const svg = $('picture');
  const panel = svg.parentElement;
  const canvas = document.createElement('canvas');
  canvas.id = 'frames-canvas';
  canvas.setAttribute('aria-hidden', 'true');
  panel.appendChild(canvas);
  const ctx = canvas.getContext('2d');
  const tip = document.createElement('div');
  tip.id = 'frames-tip';
  tip.hidden = true;
  panel.appendChild(tip);

  // Where the picture sits, measured only when the layout changes (measuring forces a layout: not at every paint).
  let placement = null;
  const invalidate = () => { placement = null; };
  if (window.ResizeObserver) { const ro = new ResizeObserver(invalidate); ro.observe(svg); ro.observe(panel); }
  window.addEventListener('resize', invalidate);
  page.onDraw(invalidate); // a redraw of the picture may change its size (boards joining, captions)

  function place() {
    if (placement === null) placement = measure();
    return placement;
  }

  function measure() {
    const r = svg.getBoundingClientRect(), p = panel.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(r.width * dpr), h = Math.round(r.height * dpr);
    canvas.style.left = (r.left - p.left) + 'px';
    canvas.style.top = (r.top - p.top) + 'px';
    canvas.style.width = r.width + 'px';
    canvas.style.height = r.height + 'px';
    if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
    const scale = Math.min(r.width, r.height) / VIEW; // viewBox 0 0 520 520, xMidYMid meet
    return { dpr, scale, ox: (r.width - VIEW * scale) / 2, oy: (r.height - VIEW * scale) / 2 };
  }

  // Where a node sits: the picture's positions, the collector in the middle.
  function position(id) {
    const p = page.positions[id];
    if (p) return p;
    const s = page.latest();
    if (s && s.collector && s.collector.id === id) return { x: 260, y: 222 };
    return null;
  }

  function receivers(f) {
    const known = (f.deliveredTo || []).length + (f.lostTo || []).length > 0;
    if (known) return (f.deliveredTo || []).map((n) => [n, false]).concat((f.lostTo || []).map((n) => [n, true]));
    if (f.to !== 255) return [[f.to, false]];
    // Overheard by the collector: a broadcast goes to every board on the picture; what became of it is not known.
    return Object.keys(page.positions).map(Number).filter((n) => n !== f.from).map((n) => [n, false]);
  }

  function now() {
    if (serverMs === null) return null;
    return serverMs + (performance.now() - serverAt);
  }

  function queued() { return queue.length - qHead; }

  function enqueue(frames) {
    if (frames.length === 0) return;
    if (qHead > 0) { queue = queue.slice(qHead); qHead = 0; }
    const inOrder = queue.length === 0 || frames[0].tMs >= queue[queue.length - 1].tMs;
    for (const f of frames) queue.push(f);
    if (!inOrder) queue.sort((a, b) => a.tMs - b.tMs || a.seq - b.seq); // a late batch: rare
    if (queue.length > MAX_QUEUE) { const n = queue.length - MAX_QUEUE; queue.splice(0, n); countSkip(n); }
  }

  function countSkip(n) { skipped += n; const t = performance.now(); for (let i = 0; i < Math.min(n, 500); i++) skipTimes.push(t); }

  async function poll() {
    pollTimer = null;
    if (!live) return;
    try {
      const res = await fetch('/api/frames?max=' + (afterSeq < 0 ? 1 : POLL_MAX) + '&after=' + Math.max(afterSeq, 0), { cache: 'no-store' });
      if (res.ok && live) {
        const body = await res.json();
        take(body);
        if (afterSeq < 0) { afterSeq = body.nextSeq; } // the first answer: start with what comes next
        else {
          if (body.omitted > 0) countSkip(body.omitted);
          enqueue(body.frames);
          afterSeq = body.nextSeq;
        }
      }
    } catch (e) { /* the monitor is restarting: try again */ }
    if (live && pollTimer === null) pollTimer = setTimeout(poll, POLL_MS);
  }

  function take(body) {
    serverMs = body.clockMs;
    serverAt = performance.now();
    monitor = body;
    if (viewMs === null) viewMs = serverMs - LIVE_LAG_MS;
  }

  // The history view moved the time: show the frames of the window ending there, or go back to live.
  window.addEventListener('raftesp:time', async (e) => {
    const d = e.detail || {};
    if (d.live) {
      if (live) return;
      live = true;
      clear();
      afterSeq = -1;
      viewMs = null;
      poll();
      return;
    }
    if (typeof d.ms !== 'number') return;
    live = false;
    if (pollTimer !== null) { clearTimeout(pollTimer); pollTimer = null; }
    const ask = ++pastRequest;
    const from = Math.max(0, Math.floor(d.ms - WINDOW_MS)), to = Math.ceil(d.ms);
    try {
      const res = await fetch(`/api/frames?fromMs=${from}&toMs=${to}&max=5000`, { cache: 'no-store' });
      if (!res.ok || ask !== pastRequest || live) return;
      const body = await res.json();
      monitor = body;
      clear();
      enqueue(body.frames);
      viewMs = from;
    } catch (err) { /* keep what is shown */ }
  });

  function clear() { queue = []; qHead = 0; marks.length = 0; stepUntil = null; }

  function visible(f) { return shownKinds.has(f.kind); }

  // Puts a frame's copies on screen (or skips it when the screen is full).
  function launch(f) {
    const from = position(f.from);
    const to = receivers(f).map(([n, lost]) => [position(n), lost, n]).filter((r) => r[0]);
    if (!from || to.length === 0) return;
    if (marks.length + to.length > MAX_MARKS) { countSkip(1); return; }
    for (const [p, lost, n] of to) marks.push({ f, from, to: p, node: n, lost, t0: f.tMs });
    shown++;
    launchTimes.push(performance.now());
  }

  function advance(dtReal) {
    if (viewMs === null) return;
    if (!paused || stepUntil !== null) viewMs += dtReal * speed;
    if (live && !paused && speed === 1) {
      // At 1x the view follows the monitor; after a slow stretch it jumps forward rather than lag behind for ever.
      const target = now() - LIVE_LAG_MS;
      if (target - viewMs > 3000) {
        let n = 0;
        while (qHead < queue.length && queue[qHead].tMs < target - FLIGHT_MS) { qHead++; n++; }
        countSkip(n);
        viewMs = target;
      }
    }
    if (stepUntil !== null && viewMs >= stepUntil) { viewMs = stepUntil; stepUntil = null; }
    while (qHead < queue.length && queue[qHead].tMs <= viewMs) {
      const f = queue[qHead++];
      if (visible(f)) launch(f);
    }
    if (qHead > 1024 && qHead * 2 > queue.length) { queue = queue.slice(qHead); qHead = 0; }
    let kept = 0; // drop finished marks in place
    for (let i = 0; i < marks.length; i++) {
      const m = marks[i];
      const age = viewMs - m.t0;
      if (age <= FLIGHT_MS + (m.lost ? FADE_MS : 0) && visible(m.f)) marks[kept++] = m;
    }
    marks.length = kept;
  }

  function paint(t) {
    const dt = Math.min(250, t - lastPaint); // a stalled tab does not leap ahead
    lastPaint = t;
    frameTimes.push(t);
    while (frameTimes.length > 0 && frameTimes[0] < t - 1000) frameTimes.shift();
    advance(dt);
    const { dpr, scale, ox, oy } = place();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(dpr * scale, 0, 0, dpr * scale, dpr * ox, dpr * oy);
    const labels = paused && marks.length <= 40;
    for (const m of marks) {
      const age = viewMs - m.t0;
      let k = Math.max(0, Math.min(1, age / FLIGHT_MS));
      let alpha = 1;
      if (m.lost) {
        k = Math.min(k, 0.5); // a lost copy stops halfway ...
        if (age > FLIGHT_MS / 2) alpha = Math.max(0, 1 - (age - FLIGHT_MS / 2) / (FLIGHT_MS / 2 + FADE_MS)); // ... and fades
      }
      const x = m.from.x + (m.to.x - m.from.x) * k, y = m.from.y + (m.to.y - m.from.y) * k;
      m.x = x; m.y = y;
      ctx.globalAlpha = alpha;
      ctx.fillStyle = COLOR[m.f.kind] || '#fff';
      ctx.beginPath();
      ctx.arc(x, y, m.f.kind === 'append' ? 6 + Math.min(m.f.entries, 15) / 5 : 5, 0, Math.PI * 2);
      ctx.fill();
      if (m.f.refused) { ctx.strokeStyle = '#ff5c6c'; ctx.lineWidth = 2; ctx.stroke(); }
      if (m.lost && age > FLIGHT_MS / 2) {
        ctx.strokeStyle = '#ff5c6c'; ctx.lineWidth = 2.5;
        ctx.beginPath(); ctx.moveTo(x - 6, y - 6); ctx.lineTo(x + 6, y + 6); ctx.moveTo(x + 6, y - 6); ctx.lineTo(x - 6, y + 6); ctx.stroke();
      }
      if (labels) {
        ctx.fillStyle = '#e6ebf5';
        ctx.font = '10px system-ui, sans-serif';
        ctx.fillText(shortLabel(m.f), x + 8, y - 6);
      }
    }
    ctx.globalAlpha = 1;
    notice();
    requestAnimationFrame(paint);
  }

  function shortLabel(f) {
    let s = f.kind + ' T' + f.term;
    if (f.index) s += ' i' + f.index;
    if (f.commit) s += ' c' + f.commit;
    if (f.refused) s += ' refused';
    return s;
  }

  function longLabel(m) {
    const f = m.f;
    return `${f.kind} ${f.from}\u2192${f.to === 255 ? 'all' : f.to}${m.lost ? ' (copy to ' + m.node + ' lost)' : ''}` +
      ` \u00b7 term ${f.term}` + (f.index ? ` \u00b7 index ${f.index}` : '') + (f.commit ? ` \u00b7 commit ${f.commit}` : '') +
      (f.entries ? ` \u00b7 ${f.entries} entries` : '') + (f.refused ? ' \u00b7 refused' : '') + ` \u00b7 ${f.bytes} B \u00b7 t=${f.tMs.toFixed(1)} ms`;
  }

  // Hover: the label of the nearest mark.
  panel.addEventListener('mousemove', (e) => {
    const r = canvas.getBoundingClientRect();
    const { scale, ox, oy } = place();
    const x = (e.clientX - r.left - ox) / scale, y = (e.clientY - r.top - oy) / scale;
    let best = null, bestD = 12;
    for (const m of marks) {
      if (m.x === undefined) continue;
      const d = Math.hypot(m.x - x, m.y - y);
      if (d < bestD) { best = m; bestD = d; }
    }
    tip.hidden = !best;
    if (best) {
      tip.textContent = longLabel(best);
      tip.style.left = (e.clientX - panel.getBoundingClientRect().left + 12) + 'px';
      tip.style.top = (e.clientY - panel.getBoundingClientRect().top + 12) + 'px';
    }
  });
  panel.addEventListener('mouseleave', () => { tip.hidden = true; });

  function perSecond(times) {
    const cut = performance.now() - 2000;
    while (times.length > 0 && times[0] < cut) times.shift();
    return times.length / 2;
  }

  let lastNotice = '';
  function notice() {
    const launched = perSecond(launchTimes), left = perSecond(skipTimes);
    const pageSamples = left > 0;
    const text = !live ? `past: frames of the ${WINDOW_MS / 1000} s before the chosen time (${queued()} to play)`
      : monitor.sampled || pageSamples
        ? `showing ${launched.toFixed(0)} of ${Math.round(monitor.ratePerSecond)} frames/s` +
          (monitor.sampled ? ' (the monitor samples: ' + monitor.note + ')' : ' (the page skips frames to stay smooth)')
        : monitor.source === 'none' ? 'no frame source' + (monitor.note ? ': ' + monitor.note : '')
        : `${Math.round(monitor.ratePerSecond)} frames/s from the ${monitor.source}`;
    if (text !== lastNotice) { $('frames-notice').textContent = text; lastNotice = text; }
    $('frames-notice').classList.toggle('sampling', live && (monitor.sampled || pageSamples));
  }

  // Controls.
  function buildControls() {
    const filter = $('frames-filter');
    for (const [kind, color, label] of KINDS) {
      const l = document.createElement('label');
      l.className = 'frames-kind';
      l.title = kind;
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = shownKinds.has(kind);
      box.dataset.kind = kind;
      box.addEventListener('change', () => { if (box.checked) shownKinds.add(kind); else shownKinds.delete(kind); });
      const sw = document.createElement('i');
      sw.style.background = color;
      l.append(box, sw, document.createTextNode(label));
      filter.appendChild(l);
    }
    $('frames-speed').addEventListener('change', (e) => { speed = Number(e.target.value) || 1; });
    $('frames-pause').addEventListener('click', () => {
      paused = !paused;
      stepUntil = null;
      $('frames-pause').textContent = paused ? 'play' : 'pause';
      $('frames-pause').setAttribute('aria-pressed', String(paused));
    });
    $('frames-step').addEventListener('click', step);
  }

  // Step: pause, then run the view clock to the next shown frame and on through its flight (or until the frame after
  // it would start), so exactly one more frame goes on screen and the marks move.
  function step() {
    if (!paused) $('frames-pause').click();
    if (viewMs === null) return;
    while (qHead < queue.length && !visible(queue[qHead])) qHead++;
    const next = queue[qHead];
    if (!next) return;
    viewMs = Math.max(viewMs, next.tMs);
    advance(0); // launches it
    let after = null;
    for (let i = qHead; i < queue.length && after === null; i++) if (visible(queue[i])) after = queue[i];
    stepUntil = Math.min(next.tMs + FLIGHT_MS, after ? after.tMs - 0.001 : Infinity);
  }

  buildControls();
  window.RaftEspFrames = {
    stats() {
      return { fps: frameTimes.length, marks: marks.length, shown, sampled: monitor.sampled || skipped > 0, skipped, queued: queued(),
        speed, paused, live, viewMs };
    },
    // The marks on screen as last painted (picture coordinates), for tests: [{ seq, node, kind, lost, x, y }].
    marks() { return marks.filter((m) => m.x !== undefined).map((m) => ({ seq: m.f.seq, node: m.node, kind: m.f.kind, lost: m.lost, x: m.x, y: m.y })); },
  };
  poll();
  requestAnimationFrame(paint);
})();
