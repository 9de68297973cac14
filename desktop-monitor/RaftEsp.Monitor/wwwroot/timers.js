'use strict';
// Timers and state on each board (issue 16, part 2), drawn over the page's own picture and cards through
// window.RaftEspPage:
//  - around each board in the picture, its election timer as a ring: the time since its timer last restarted against
//    its randomized timeout; the leader instead pulses once per heartbeat interval;
//  - on each card, its log as bars: compacted (up to the snapshot), applied, committed, uncommitted (up to its last
//    entry), with the numbers;
//  - on the leader's card, its in-flight window per follower: state, match, how far behind, frames in flight.
// A report gives the timers as they were when the board answered; live, the ring runs on from there (the report's
// age, secondsSinceReport, plus the time since the page drew it) until the next report resets it. A snapshot from the
// past (the history view holds live drawing) is drawn still, from that snapshot's own values.
(function () {
  const page = window.RaftEspPage;
  if (!page) return;
  const svgNs = 'http://www.w3.org/2000/svg';
  const ringRadius = 41;
  let shown = null; // the snapshot drawn last
  let drawnAt = 0; // performance.now() when it was drawn
  let held = false; // the page shows the past: no timer runs
  let frame = 0;

  // Whether the page shows the past: the history view holds live drawing, and says so in its time events too.
  const holdLive = page.holdLive.bind(page);
  page.holdLive = (hold) => {
    held = !!hold;
    holdLive(hold);
    if (frame) cancelAnimationFrame(frame);
    if (shown) tick();
  };
  window.addEventListener('raftesp:time', (e) => {
    held = !(e.detail && e.detail.live);
    if (shown) tick();
  });

  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

  function el(name, attrs, parent) {
    const node = document.createElementNS(svgNs, name);
    for (const k in attrs) node.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(node);
    return node;
  }

  const timed = (b) => b.reported && b.online && b.electionTimeoutMs > 0;
  const leads = (b) => b.isLeader || b.role === 'Leader';

  // Milliseconds the board's timers have run on since its report, at this moment: frozen for a past snapshot.
  function runOn(b) {
    const age = Math.max(0, (b.secondsSinceReport || 0) * 1000);
    return held ? age : age + (performance.now() - drawnAt);
  }

  // The fraction of its election timeout a board's timer has run, never past 1 (it would have started an election).
  function electionFraction(b) {
    return Math.min(1, Math.max(0, (b.electionElapsedMs + runOn(b)) / b.electionTimeoutMs));
  }

  // Where in its heartbeat interval the leader is, 0..1.
  function heartbeatPhase(b) {
    const interval = Math.max(1, b.heartbeatIntervalMs);
    return ((b.heartbeatElapsedMs + runOn(b)) % interval) / interval;
  }

  // An arc of the ring from the top, clockwise, over the fraction f of the circle.
  function arcPath(p, f) {
    const r = ringRadius;
    if (f >= 0.9999) return `M ${p.x} ${p.y - r} A ${r} ${r} 0 1 1 ${p.x} ${p.y + r} A ${r} ${r} 0 1 1 ${p.x} ${p.y - r}`;
    const a = -Math.PI / 2 + 2 * Math.PI * f;
    const x = p.x + r * Math.cos(a), y = p.y + r * Math.sin(a);
    return `M ${p.x} ${p.y - r} A ${r} ${r} 0 ${f > 0.5 ? 1 : 0} 1 ${x.toFixed(2)} ${y.toFixed(2)}`;
  }

  // The picture is drawn again on every snapshot, so the rings are too: one group on top of it.
  function drawRings(s) {
    const svg = document.getElementById('picture');
    if (!svg) return;
    const old = svg.querySelector('#timer-rings');
    if (old) old.remove();
    const g = el('g', { id: 'timer-rings' }, svg);
    s.boards.forEach((b) => {
      const p = page.positions[b.id];
      if (!p || !timed(b) || b.membership === 'waiting') return;
      if (leads(b)) {
        el('circle', { cx: p.x, cy: p.y, r: 30, class: 'heartbeat-pulse', 'data-timer-node': b.id }, g);
        return;
      }
      el('circle', { cx: p.x, cy: p.y, r: ringRadius, class: 'election-track' }, g);
      const arc = el('path', { class: 'election-arc', 'data-timer-node': b.id }, g);
      const title = el('title', {}, arc);
      title.textContent = `board ${b.id}: election timer (randomized timeout ${b.electionTimeoutMs} ms)`;
    });
  }

  // Moves every ring to this moment; live, once per animation frame.
  function tick() {
    frame = 0;
    const s = shown;
    if (!s) return;
    const svg = document.getElementById('picture');
    if (!svg) return;
    s.boards.forEach((b) => {
      const p = page.positions[b.id];
      if (!p || !timed(b)) return;
      if (leads(b)) {
        const pulse = svg.querySelector(`.heartbeat-pulse[data-timer-node="${b.id}"]`);
        if (!pulse) return;
        const phase = heartbeatPhase(b);
        pulse.setAttribute('r', (30 + 16 * phase).toFixed(2));
        pulse.setAttribute('opacity', (1 - phase).toFixed(3));
        pulse.dataset.phase = phase.toFixed(3);
        return;
      }
      const arc = svg.querySelector(`.election-arc[data-timer-node="${b.id}"]`);
      if (!arc) return;
      const f = electionFraction(b);
      arc.setAttribute('d', arcPath(p, f));
      arc.dataset.fraction = f.toFixed(4);
      arc.classList.toggle('late', f > 0.8);
    });
    if (!held && !document.hidden) frame = requestAnimationFrame(tick);
  }

  function logBars(b, scale) {
    const last = b.lastIndex, commit = Math.min(b.commitIndex, last), applied = Math.min(b.appliedIndex, commit);
    const snap = Math.min(b.snapshotIndex || 0, applied);
    const pct = (n) => (100 * n / scale).toFixed(2) + '%';
    const seg = (cls, from, to, what) => to > from
      ? `<span class="seg ${cls}" style="width:${pct(to - from)}" title="${what}"></span>` : '';
    return `<div class="logbar" data-snapshot="${snap}" data-applied="${applied}" data-commit="${commit}" data-last="${last}"
        title="log of board ${b.id}: entries 1..${last}">
        ${seg('compacted', 0, snap, `1..${snap}: compacted into the snapshot`)}${seg('applied', snap, applied, `${snap + 1}..${applied}: applied`)}${seg('committed', applied, commit, `${applied + 1}..${commit}: committed, not applied yet`)}${seg('uncommitted', commit, last, `${commit + 1}..${last}: not committed yet`)}
      </div>
      <div class="loglegend"><span><i class="sw compacted"></i>snapshot ${snap}</span><span><i class="sw applied"></i>applied ${applied}</span><span><i class="sw committed"></i>committed ${commit}</span><span><i class="sw uncommitted"></i>last ${last}</span></div>`;
  }

  function timerLine(b) {
    if (!b.reported || b.electionTimeoutMs <= 0) return '<div class="timerline">no timers reported yet</div>';
    if (leads(b)) return `<div class="timerline" title="the leader starts a heartbeat round every ${b.heartbeatIntervalMs} ms">heartbeat ${b.heartbeatIntervalMs} ms \u00b7 tick ${b.tickMs} ms</div>`;
    return `<div class="timerline" title="its election timer had run ${b.electionElapsedMs} ms of its randomized ${b.electionTimeoutMs} ms timeout when it reported">election ${b.electionElapsedMs}/${b.electionTimeoutMs} ms \u00b7 tick ${b.tickMs} ms</div>`;
  }

  function inflightWindow(b) {
    const rows = (b.progress || []);
    if (!leads(b) || rows.length === 0) return '';
    const body = rows.map((p) => {
      const behind = p.behind >= 255 ? '255+' : String(p.behind);
      const dots = '<i class="fl"></i>'.repeat(Math.min(p.inflight, 8));
      return `<tr data-follower="${p.node}" data-state="${esc(p.state)}" data-behind="${p.behind}" data-inflight="${p.inflight}">
          <td>${p.node}</td><td class="state ${esc(p.state)}">${esc(p.state)}</td><td>${p.match}</td><td>${behind}</td><td>${p.next}</td><td class="dots">${dots}${p.inflight}</td></tr>`;
    }).join('');
    return `<table class="inflight" title="the leader's view of each follower">
        <thead><tr><th>to</th><th>state</th><th>match</th><th>behind</th><th>next</th><th title="AppendEntries frames in flight">in flight</th></tr></thead>
        <tbody>${body}</tbody></table>`;
  }

  // Each card gets a part of its own, below the page's, patched only when its text changes.
  function drawCards(s) {
    const scale = Math.max(1, ...s.boards.map((b) => b.lastIndex || 0));
    s.boards.forEach((b) => {
      const card = document.querySelector(`#boards [data-board="${b.id}"]`);
      if (!card) return;
      let part = card.querySelector('.timers-part');
      if (!part) {
        part = document.createElement('div');
        part.className = 'timers-part';
        card.insertBefore(part, card.querySelector('footer'));
      }
      const html = b.membership === 'waiting' ? '' : logBars(b, scale) + timerLine(b) + inflightWindow(b);
      if (part.dataset.html !== html) {
        part.innerHTML = html;
        part.dataset.html = html;
      }
    });
  }

  function addLegend() {
    const legend = document.querySelector('.picture-panel .legend');
    if (!legend || legend.querySelector('.timers-legend')) return;
    const span = document.createElement('span');
    span.className = 'timers-legend';
    span.innerHTML = '<span><i class="sw election"></i>election timer</span><span><i class="sw heartbeat"></i>heartbeat</span>';
    legend.appendChild(span);
  }

  page.onDraw((s) => {
    shown = s;
    drawnAt = performance.now();
    addLegend();
    drawRings(s);
    drawCards(s);
    if (frame) cancelAnimationFrame(frame);
    tick();
  });
  document.addEventListener('visibilitychange', () => { if (!document.hidden && !frame && shown) tick(); });
})();
