'use strict';
// The monitor page: draws the cluster from GET /api/events (server-sent events) and sends commands to the API.
// Views that live in their own files (frames in flight, timers, history, charts) use window.RaftEspPage, below.
(function () {
  const $ = (id) => document.getElementById(id);
  const svgNs = 'http://www.w3.org/2000/svg';
  let latest = null;
  let liveHeld = false; // while the page shows the past (history), live snapshots are kept but not drawn
  let lastLive = null;
  const drawHandlers = [];

  // The seam between this file and the other views' files:
  //  positions: board id -> {x, y} on the cluster picture (viewBox 0 0 520 520), updated at every draw;
  //  onDraw(fn): fn(snapshot) after every draw, live or past;
  //  draw(snapshot): draw a snapshot (the history view's past ones);
  //  holdLive(true|false): stop drawing live snapshots (the newest is kept), and on false draw the newest again;
  //  latest(): the snapshot drawn last.
  const page = {
    positions: {},
    onDraw(fn) { drawHandlers.push(fn); },
    draw(s) { draw(s); },
    holdLive(hold) {
      liveHeld = hold;
      if (!hold && lastLive) draw(lastLive);
    },
    latest() { return latest; },
  };
  window.RaftEspPage = page;

  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

  function roleClass(b) {
    if (!b.online) return 'offline';
    if (b.role === 'Leader') return 'leader';
    if (b.role === 'Candidate' || b.role === 'PreCandidate') return 'candidate';
    return 'follower';
  }

  function roleColor(b) {
    return { leader: 'var(--leader)', follower: 'var(--follower)', candidate: 'var(--candidate)', offline: 'var(--offline)' }[roleClass(b)];
  }

  function roleText(b) {
    if (b.membership === 'waiting') return 'waiting to join';
    if (b.role === 'Crashed') return 'crashed';
    if (b.fault) return 'stopped: ' + b.fault;
    if (!b.reported) return 'waiting';
    if (!b.online) return 'offline';
    return { Leader: 'leader', Follower: 'follower', Candidate: 'candidate', PreCandidate: 'pre-candidate' }[b.role] || b.role;
  }

  function el(name, attrs, parent) {
    const node = document.createElementNS(svgNs, name);
    for (const k in attrs) node.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(node);
    return node;
  }

  // The configuration's voters and learners sit on the ring (it grows and shrinks with them); boards waiting to
  // join wait in a row below it until the leader adds them.
  function drawPicture(s) {
    const svg = $('picture');
    svg.textContent = '';
    const cx = 260, cy = 222, r = 142;
    const members = s.boards.filter((b) => b.membership !== 'waiting');
    const waiting = s.boards.filter((b) => b.membership === 'waiting');
    const n = members.length;
    const pos = {};
    members.forEach((b, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(n, 1);
      pos[b.id] = { x: cx + r * Math.cos(a), y: cy + r * Math.sin(a) };
    });
    waiting.forEach((b, i) => { pos[b.id] = { x: cx + (i - (waiting.length - 1) / 2) * 80, y: 478 }; });
    page.positions = pos;
    if (waiting.length > 0) {
      const wl = el('text', { x: 16, y: 440, class: 'waiting-label' }, svg);
      wl.textContent = 'waiting to join';
    }
    // Radio links: every pair of members faintly; the leader's live links animated.
    // A partition cuts the links between groups: drawn red and faint.
    const group = {};
    if (s.partition) s.partition.forEach((g, k) => g.forEach((b) => { group[b] = k; }));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = members[i], b = members[j];
        const cut = (group[a.id] || 0) !== (group[b.id] || 0);
        const hb = !cut && ((s.leaderId === a.id && b.online) || (s.leaderId === b.id && a.online));
        el('line', { x1: pos[a.id].x, y1: pos[a.id].y, x2: pos[b.id].x, y2: pos[b.id].y, class: cut ? 'link cut' : hb ? 'link hb' : 'link' }, svg);
      }
    }
    // The collector listens to everything from the middle.
    const c = s.collector;
    const link = s.monitorLink;
    const linkState = link ? link.state : 'handshaking';
    const col = el('g', { id: 'collector', 'data-online': c ? String(c.online) : 'false', 'data-link': linkState }, svg);
    el('rect', { x: cx - 78, y: cy - 24, width: 156, height: 48, rx: 9, fill: '#1d2638', stroke: c && c.online && linkState === 'attached' ? 'var(--server)' : 'var(--bad)', 'stroke-width': 1.5 }, col);
    const ct = el('text', { x: cx, y: cy - 4, 'text-anchor': 'middle', class: 'node-caption strong' }, col);
    ct.textContent = (c ? 'collector ' + c.id : 'collector') + ' \u00b7 ' + linkState;
    const cs = el('text', { x: cx, y: cy + 13, 'text-anchor': 'middle', class: 'node-caption' }, col);
    cs.textContent = linkState !== 'attached' ? 'handshake with the collector' : !c ? 'waiting for its stats' : !c.online ? 'silent'
      : link.datagramsDropped > 0 ? link.datagramsDropped + ' dropped here (' + link.lastDropReason + ')'
      : c.datagramsDropped > 0 ? c.datagramsDropped + ' dropped by it'
      : c.pollsSent + ' polls \u00b7 ' + c.pollTimeouts + ' timeouts';
    const title = el('title', {}, col);
    const drops = d => Object.entries(d || {}).filter(e => e[1] > 0).map(e => e[1] + ' ' + e[0]).join(', ') || 'none';
    title.textContent = (c ? `collector ${c.id} (its own counters): up ${c.uptimeSeconds} s, ${c.commandsRelayed} commands relayed, ${c.resultsRelayed} results, ${c.radioFramesHeard} radio frames heard; ${c.datagramsReceived} datagrams from desktops, dropped: ${drops(c.datagramDrops)}; ${c.sessionsOpened} sessions opened`
      : 'no stats from the collector yet') + (link ? `\nthis monitor: link ${link.state}, ${link.sessionsOpened} sessions opened, ${link.datagramsReceived} datagrams received, dropped: ${drops(link.datagramDrops)}` : '');

    s.boards.forEach((b) => {
      const kind = b.membership === 'learner' || b.membership === 'waiting' ? ' ' + b.membership : '';
      const g = el('g', { 'data-node': b.id, 'data-member': b.membership, class: 'node ' + roleClass(b) + kind }, svg);
      const p = pos[b.id];
      if (b.online && b.framesPerSecond > 0) {
        const ring = el('circle', { cx: p.x, cy: p.y, r: 30, class: 'radio busy' }, g);
        ring.style.transformOrigin = p.x + 'px ' + p.y + 'px';
        ring.style.animationDuration = Math.max(0.5, 2.2 - Math.min(b.framesPerSecond, 60) / 30) + 's';
      }
      if (b.isServerNode) el('circle', { cx: p.x, cy: p.y, r: 36, fill: 'none', stroke: 'var(--server)', 'stroke-width': 4 }, g);
      el('circle', {
        cx: p.x, cy: p.y, r: 28, fill: roleColor(b), class: 'body',
        stroke: b.isLeader ? '#fff3cf' : '#0f1420', 'stroke-width': b.isLeader ? 3 : 2,
        'stroke-dasharray': b.online ? '' : '5 4',
      }, g);
      const t = el('text', { x: p.x, y: p.y + 5, 'text-anchor': 'middle', class: 'node-label' }, g);
      t.textContent = b.id;
      if (b.membership === 'waiting') return; // its label says it all; captions would crowd the row
      const below = p.y >= cy - 1;
      const cap = el('text', { x: p.x, y: below ? p.y + 56 : p.y - 60, 'text-anchor': 'middle', class: 'node-caption strong' }, g);
      cap.textContent = roleText(b) + (b.membership === 'learner' ? ' \u00b7 learner' : '') + (b.isServerNode ? ' \u00b7 server' : '');
      const cap2 = el('text', { x: p.x, y: below ? p.y + 71 : p.y - 45, 'text-anchor': 'middle', class: 'node-caption' }, g);
      cap2.textContent = b.reported ? 'T' + b.term + ' c' + b.commitIndex + (b.online ? ' \u00b7 ' + b.framesPerSecond.toFixed(0) + ' f/s' : '') : '';
    });
  }

  // Cards are kept and patched part by part, so a button is never replaced under the pointer between two updates.
  function drawBoards(s) {
    const virtual = s.mode === 'virtual';
    const host = $('boards');
    // A board that left the configuration leaves the page.
    const shown = new Set(s.boards.map((b) => String(b.id)));
    host.querySelectorAll('[data-board]').forEach((card) => { if (!shown.has(card.dataset.board)) card.remove(); });
    s.boards.forEach((b) => {
      let card = host.querySelector(`[data-board="${b.id}"]`);
      if (!card) {
        card = document.createElement('article');
        card.dataset.board = b.id;
        card.innerHTML = '<div class="live-part"></div><footer><span class="radio"></span><span class="acts"></span></footer>';
        // Cards stay in id order as boards come and go.
        const next = Array.from(host.querySelectorAll('[data-board]')).find((c) => Number(c.dataset.board) > b.id);
        host.insertBefore(card, next || null);
      }
      card.className = `card ${b.isLeader ? 'leader' : ''} ${b.online ? '' : 'offline'} ${b.membership}`;
      card.dataset.role = b.role;
      card.dataset.online = String(b.online);
      card.dataset.member = b.membership;
      patch(card.querySelector('.live-part'), cardBody(b));
      card.querySelector('.radio').textContent = 'radio ' + (b.online ? b.framesPerSecond.toFixed(1) + ' frames/s' : 'silent');
      const crashed = b.role === 'Crashed';
      const fault = !virtual || b.membership === 'waiting' ? '' : crashed
        ? `<button class="good" data-act="restart" data-node="${b.id}">restart</button>`
        : `<button class="danger" data-act="crash" data-node="${b.id}">crash</button>`;
      const member = b.membership === 'waiting'
        ? `<button data-member-act="join" data-node="${b.id}">join</button>`
        : (b.membership === 'voter' && !b.isLeader ? `<button data-member-act="transfer" data-node="${b.id}" title="make it the leader">lead</button>` : '') +
          (b.isServerNode ? '' : `<button data-member-act="leave" data-node="${b.id}">leave</button>`);
      patch(card.querySelector('.acts'), member + fault);
    });
  }

  function patch(node, html) {
    if (node.dataset.html !== html) {
      node.innerHTML = html;
      node.dataset.html = html;
    }
  }

  function cardBody(b) {
    const diffs = new Set(b.differsFromLeader);
    const slots = b.database.map((v, i) =>
      `<div class="slot${diffs.has(i) ? ' diff' : ''}" data-slot="${i}" title="slot ${i}${diffs.has(i) ? ' differs from the leader' : ''}"><span class="i">${i}</span><span class="v">${esc(v)}</span></div>`).join('');
    const log = b.lastEntries.slice(-4).reverse().map((e) => {
      // Membership entries (add-learner, remove-node, promote) name their board in the value.
      const what = e.kind === 'set' ? `set [${e.slot}]=${e.value}` : e.kind === 'remove' ? `remove [${e.slot}]`
        : /learner|node|promote/i.test(e.kind) ? `${e.kind} ${e.value}` : e.kind;
      return `<li class="${e.index <= b.commitIndex ? 'committed' : ''}">#${e.index} t${e.term} ${esc(what)}</li>`;
    }).join('') || '<li>no entries yet</li>';
    return `<header>
        <h3><span class="bullet${b.isServerNode ? ' server' : ''}" style="background:${roleColor(b)}"></span>Board ${b.id}</h3>
        <span class="pills">${b.isServerNode ? '<span class="pill server" title="the server node: it takes the commands">server</span>' : ''}${b.membership === 'learner' ? '<span class="pill learner" title="receives the log, does not vote yet">learner</span>' : ''}<span class="pill ${b.online ? 'on' : 'off'}">${esc(roleText(b))}</span></span>
      </header>
      <div class="facts">
        <div><span class="k">term</span><span class="v">${b.term}</span></div>
        <div><span class="k">commit</span><span class="v">${b.commitIndex}</span></div>
        <div><span class="k">applied</span><span class="v">${b.appliedIndex}</span></div>
        <div><span class="k">last</span><span class="v">${b.lastIndex}</span></div>
      </div>
      <div class="db">${slots}</div>
      <ul class="log">${log}</ul>`;
  }

  function drawTimeline(s) {
    const list = $('timeline');
    list.innerHTML = s.timeline.slice().reverse().map((e) => {
      const t = new Date(e.time);
      const hh = t.toTimeString().slice(0, 8);
      return `<li><span class="time">${hh}</span><span class="kind ${esc(e.kind)}">${esc(e.kind)}</span><span>${esc(e.text)}</span></li>`;
    }).join('') || '<li><span></span><span></span><span class="time">nothing yet</span></li>';
  }

  function draw(s) {
    latest = s;
    const online = s.boards.filter((b) => b.online).length;
    $('leader-id').textContent = s.leaderId >= 0 ? s.leaderId : 'none';
    $('term').textContent = s.term;
    const leader = s.boards.find((b) => b.id === s.leaderId) || null;
    $('commit').textContent = leader ? leader.commitIndex : '\u2013';
    $('online').textContent = online + '/' + s.boards.length;
    $('voters').textContent = s.voters.join(',') || '\u2013';
    $('learners').textContent = s.learners.join(',') || '\u2013';
    $('config-index').textContent = s.configurationIndex + (s.changePending ? '*' : '');
    $('pending-change').textContent = s.changePending ? 'in flight: ' + (s.pendingChange || 'a change') + ' (not committed yet)'
      : s.waitingToJoin.length > 0 ? 'waiting to join: ' + s.waitingToJoin.join(', ') : '';
    $('mode').textContent = (s.mode === 'virtual' ? 'virtual cluster' : 'real collector') + ' \u00b7 ' + s.voters.length +
      ' voters \u00b7 server node ' + s.serverNode + ' \u00b7 ' + s.slotCount + ' slots';
    $('sim-controls').hidden = s.mode !== 'virtual';
    const banner = $('fault-banner');
    banner.hidden = !s.faultSummary;
    banner.textContent = s.faultSummary ? 'Faults in force: ' + s.faultSummary : '';
    if (document.activeElement !== $('loss')) { $('loss').value = s.lossPercent; $('loss-value').textContent = s.lossPercent + '%'; }
    $('cmd-index').max = s.slotCount - 1;
    drawPicture(s);
    drawBoards(s);
    drawTimeline(s);
    drawHandlers.forEach((fn) => fn(s));
  }

  function connect() {
    const source = new EventSource('/api/events');
    source.addEventListener('cluster', (e) => {
      $('live').classList.add('on');
      $('live-text').textContent = 'live';
      lastLive = JSON.parse(e.data);
      if (!liveHeld) draw(lastLive);
    });
    source.onerror = () => {
      $('live').classList.remove('on');
      $('live-text').textContent = 'reconnecting';
    };
  }

  async function call(method, url) {
    const res = await fetch(url, { method });
    let body = {};
    try { body = await res.json(); } catch (_) { body = { error: res.statusText }; }
    return { status: res.status, body };
  }

  function show(target, res, okText) {
    const box = $(target);
    const ok = res.status === 200;
    const accepted = res.status === 202;
    box.className = 'result ' + (ok ? 'ok' : accepted ? 'pending' : 'err');
    box.textContent = ok ? okText(res.body) : accepted ? '202: ' + res.body.message : res.status + ': ' + (res.body.error || 'failed');
  }

  async function command(verb) {
    const index = encodeURIComponent($('cmd-index').value);
    const value = encodeURIComponent($('cmd-value').value);
    const box = $('cmd-result');
    box.className = 'result';
    box.textContent = verb + ' \u2026 waiting for the cluster';
    if (verb === 'set') {
      show('cmd-result', await call('POST', `/api/set?index=${index}&value=${value}`),
        (b) => `set [${b.index}] = ${b.value} committed at log index ${b.logIndex} (was ${b.previous})`);
    } else if (verb === 'remove') {
      show('cmd-result', await call('POST', `/api/remove?index=${index}`),
        (b) => `remove [${b.index}] committed at log index ${b.logIndex} (was ${b.previous})`);
    } else {
      show('cmd-result', await call('GET', `/api/get?index=${index}`),
        (b) => `get [${b.index}] = ${b.value} (read index ${b.readIndex})`);
    }
  }

  $('command-form').addEventListener('submit', (e) => { e.preventDefault(); command('set'); });
  $('cmd-get').addEventListener('click', () => command('get'));
  $('cmd-remove').addEventListener('click', () => command('remove'));

  $('boards').addEventListener('click', async (e) => {
    const change = e.target.closest('button[data-member-act]');
    if (change) {
      $('member-node').value = change.dataset.node;
      membership(change.dataset.memberAct);
      return;
    }
    const btn = e.target.closest('button[data-act]');
    if (!btn) return;
    btn.disabled = true;
    const res = await call('POST', `/api/sim/${btn.dataset.act}?node=${btn.dataset.node}`);
    if (res.status !== 200) {
      btn.disabled = false;
      show('cmd-result', res, () => '');
    }
  });
  $('partition').addEventListener('click', async () => {
    const res = await call('POST', '/api/sim/partition?groups=' + encodeURIComponent($('partition-groups').value));
    show('cmd-result', res, (b) => 'partitioned: ' + b.groups.map((g) => '{' + g.join(',') + '}').join(' | '));
  });
  $('heal').addEventListener('click', async () => show('cmd-result', await call('POST', '/api/sim/heal'), () => 'healed'));
  $('loss').addEventListener('input', () => { $('loss-value').textContent = $('loss').value + '%'; });
  $('loss').addEventListener('change', async () => {
    show('cmd-result', await call('POST', '/api/sim/loss?percent=' + $('loss').value), (b) => `radio loss ${b.percent}%`);
  });
  const done = {
    join: (b) => `board ${b.node} joined: it is a voter`,
    leave: (b) => `board ${b.node} left: its removal is committed`,
    transfer: (b) => `board ${b.node} leads now`,
  };
  async function membership(verb) {
    const node = $('member-node').value;
    const box = $('member-result');
    box.className = 'result';
    box.textContent = `${verb} board ${node} \u2026 waiting for the cluster`;
    show('member-result', await call('POST', `/api/${verb}?node=${encodeURIComponent(node)}`), done[verb]);
  }
  for (const verb of ['join', 'leave', 'transfer']) $(verb).addEventListener('click', () => membership(verb));

  connect();
})();
