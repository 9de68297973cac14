'use strict';
// The time slider (docs/recording.md, docs/protocol.md section 3): live, drag back to see the cluster as it was
// (GET /api/cluster?atMs=T) and "live" returns to the present; in a replay (--replay FILE), play, pause, speed and
// seek drive the monitor's playback (POST /api/replay/...), whose position the event stream then draws.
// Every move raises window's 'raftesp:time' event with {ms, live} so the frames and charts views follow.
(function () {
  const $ = (id) => document.getElementById(id);
  const page = window.RaftEspPage;
  const bar = $('history');
  if (!bar || !page) return;
  const slider = $('history-slider');
  let info = null;          // the last GET /api/history
  let live = true;          // live mode: showing the present
  let dragging = false;
  let wanted = null;        // the time the slider asks for while a request is out
  let busy = false;

  function fmt(ms) {
    const s = Math.max(0, ms) / 1000;
    const m = Math.floor(s / 60);
    const rest = (s - m * 60).toFixed(3).padStart(6, '0');
    return m + ':' + rest;
  }

  function announce(ms, isLive) {
    window.dispatchEvent(new CustomEvent('raftesp:time', { detail: { ms, live: isLive } }));
  }

  function showPosition(ms) {
    $('history-position').textContent = fmt(ms) + ' / ' + fmt(info ? info.endMs : ms);
    if (!dragging) slider.value = String(ms);
  }

  // The header says what is shown (app.js names only the live modes).
  function nameReplay(s) {
    if (s) $('mode').textContent = 'replay \u00b7 ' + (info.file || '') + ' \u00b7 ' + s.boards.length + ' boards \u00b7 server node ' + s.serverNode;
  }

  function layout() {
    if (!info) return;
    const replay = info.mode === 'replay';
    if (replay) nameReplay(page.latest());
    bar.dataset.mode = info.mode;
    slider.min = '0';
    slider.max = String(Math.max(1, info.endMs));
    const dropped = Math.max(info.startMs, info.droppedBeforeMs || 0);
    const cut = $('history-dropped');
    cut.hidden = dropped <= 0;
    cut.style.width = (100 * Math.min(1, dropped / Math.max(1, info.endMs))) + '%';
    cut.title = dropped > 0 ? 'dropped before ' + fmt(dropped) + ' (the recording\'s cap)' : '';
    $('history-replay').hidden = !replay;
    $('history-live').hidden = replay;
    $('history-play').textContent = info.playing ? 'pause' : 'play';
    $('history-play').dataset.playing = String(info.playing);
    if (document.activeElement !== $('history-speed')) $('history-speed').value = String(info.speed);
    $('history-file').textContent = info.file ? info.file + (replay ? '' : ' \u00b7 ' + (info.bytes / 1048576).toFixed(1) + ' of ' +
      (info.capBytes / 1048576).toFixed(0) + ' MB') : (replay ? '' : 'history in memory only');
    if (info.note) $('history-file').textContent += ' \u00b7 ' + info.note;
    if (replay) {
      bar.dataset.live = 'false';
      showPosition(info.positionMs);
    } else {
      bar.dataset.live = String(live);
      if (live) showPosition(info.endMs);
    }
  }

  async function refresh() {
    try {
      const res = await fetch('/api/history');
      if (res.ok) { info = await res.json(); layout(); }
    } catch (_) { /* the monitor is restarting: try again later */ }
  }

  async function post(url) {
    const res = await fetch(url, { method: 'POST' });
    if (res.ok) { info = await res.json(); layout(); }
  }

  // Live mode: ask for the cluster at the slider's time; one request at a time, the newest time wins.
  async function showPast(ms) {
    wanted = ms;
    if (busy) return;
    busy = true;
    try {
      while (wanted !== null) {
        const t = wanted;
        wanted = null;
        const res = await fetch('/api/cluster?atMs=' + t);
        if (res.ok && !live) { page.draw(await res.json()); announce(t, false); showPosition(t); }
      }
    } finally {
      busy = false;
    }
  }

  function goLive() {
    live = true;
    bar.dataset.live = 'true';
    page.holdLive(false);
    const latest = page.latest();
    announce(latest && latest.clockMs !== undefined ? latest.clockMs : (info ? info.endMs : 0), true);
    refresh();
  }

  slider.addEventListener('input', () => {
    if (!info) return;
    const ms = Math.max(Number(slider.value), info.startMs);
    if (info.mode === 'replay') {
      post('/api/replay/seek?ms=' + ms);
      announce(ms, false);
      return;
    }

    if (info.endMs - ms < 50) { goLive(); return; }
    live = false;
    bar.dataset.live = 'false';
    page.holdLive(true);
    showPast(ms);
  });
  slider.addEventListener('pointerdown', () => { dragging = true; });
  window.addEventListener('pointerup', () => { dragging = false; });

  $('history-live').addEventListener('click', goLive);
  $('history-play').addEventListener('click', () => post(info && info.playing ? '/api/replay/pause' : '/api/replay/play'));
  $('history-speed').addEventListener('change', () => post('/api/replay/speed?x=' + encodeURIComponent($('history-speed').value)));

  // Whatever is drawn says when it is from: a replay's position while it plays, the present while live.
  page.onDraw((s) => {
    if (!info || typeof s.clockMs !== 'number') return;
    if (info.mode === 'replay') {
      nameReplay(s);
      info.positionMs = s.clockMs;
      showPosition(s.clockMs);
      announce(s.clockMs, false);
    } else if (live) {
      info.endMs = Math.max(info.endMs, s.clockMs);
      slider.max = String(info.endMs);
      showPosition(s.clockMs);
    }
  });

  refresh();
  setInterval(refresh, 1000);
})();
