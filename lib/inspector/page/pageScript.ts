/**
 * @internal The inspector page's script (served as `/inspector.js`; plain ES2020, no build step).
 * It reads the `/events` stream and writes every value from the bus with `textContent` (never
 * `innerHTML`), so an event type, handler name or error message cannot become markup.
 */
export const PAGE_SCRIPT = String.raw`'use strict';
(function () {
  var MAX_EVENTS = 5000, SHOWN_EVENTS = 200, SHOWN_DEAD_LETTERS = 100, RATE_POINTS = 120, CHART_HEIGHT = 200;
  var events = [], deadLetters = [], handlerRows = new Map(), rateX = [], rateY = [], plot = null;
  var $ = function (id) { return document.getElementById(id); };
  var put = function (id, value) { $(id).textContent = value; };
  var count = function (n) { return typeof n === 'number' && isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–'; };
  var ms = function (n) { return typeof n === 'number' && isFinite(n) ? n.toFixed(2) : '–'; };
  var clock = function (epochMs) { var d = new Date(epochMs); return isNaN(d.getTime()) ? '' : d.toISOString().slice(11, 23); };

  function cell(row, value, className) {
    var td = document.createElement('td');
    td.textContent = value;
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function correlationCell(row, correlationId) {
    var td = document.createElement('td');
    if (correlationId) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'link';
      button.textContent = correlationId;
      button.title = 'show the timeline of this correlation id';
      button.addEventListener('click', function () { pick(correlationId); });
      td.appendChild(button);
    }
    row.appendChild(td);
  }

  function prepend(body, row, max) {
    body.insertBefore(row, body.firstChild);
    while (body.childNodes.length > max) body.removeChild(body.lastChild);
  }

  function initChart() {
    var el = $('chart');
    if (typeof uPlot !== 'function') {
      put('chart-note', 'The chart needs the optional package uplot (npm install uplot); the figures are live without it.');
      return;
    }
    var width = function () { return Math.max(300, el.clientWidth || 600); };
    plot = new uPlot({
      width: width(),
      height: CHART_HEIGHT,
      legend: { show: false },
      scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, Math.max(1, max * 1.1)]; } } },
      series: [{}, { label: 'events/s', stroke: '#1f77b4', fill: 'rgba(31,119,180,0.12)', width: 2, points: { show: false } }],
      axes: [{}, { size: 70 }],
    }, [rateX, rateY], el);
    window.addEventListener('resize', function () { plot.setSize({ width: width(), height: CHART_HEIGHT }); });
  }

  function onMetrics(data) {
    var s = data.snapshot, t = s.total;
    put('rate', count(t.eventsPerSecond));
    put('total-events', count(t.totalEvents));
    put('total-errors', count(t.totalErrors));
    put('dead-letters', count(t.deadLetters));
    put('queue-size', count(s.queueSize));
    put('in-flight', count(s.inFlight));
    put('uptime', (s.uptimeMs / 1000).toFixed(1) + ' s');
    put('skipped', count(data.skippedEvents));
    rateX.push(Date.now() / 1000);
    rateY.push(t.eventsPerSecond);
    if (rateX.length > RATE_POINTS) { rateX.shift(); rateY.shift(); }
    if (plot) plot.setData([rateX, rateY]);
    renderHandlers(s.handlers || {});
  }

  function renderHandlers(handlers) {
    var body = $('handlers');
    var names = Object.keys(handlers).sort();
    names.forEach(function (name) {
      var h = handlers[name], row = handlerRows.get(name);
      if (!row) {
        row = document.createElement('tr');
        row.setAttribute('data-handler', name);
        cell(row, name);
        for (var i = 0; i < 7; i++) cell(row, '', 'num');
        handlerRows.set(name, row);
      }
      body.appendChild(row);
      var values = [count(h.successCount), count(h.errorCount), count(h.timeoutCount), count(h.retryCount), ms(h.p50), ms(h.p95), ms(h.p99)];
      for (var k = 0; k < values.length; k++) row.cells[k + 1].textContent = values[k];
    });
    handlerRows.forEach(function (row, name) {
      if (!Object.prototype.hasOwnProperty.call(handlers, name)) { row.remove(); handlerRows.delete(name); }
    });
  }

  function onEvent(e) {
    events.push(e);
    if (events.length > MAX_EVENTS) events.shift();
    var row = document.createElement('tr');
    cell(row, clock(e.timestamp));
    cell(row, e.type);
    cell(row, e.priority);
    correlationCell(row, e.correlationId);
    cell(row, e.id).className = 'id';
    var payload = cell(row, '', 'wrap');
    if (typeof e.payload === 'string') {
      var code = document.createElement('code');
      code.textContent = e.payload;
      payload.appendChild(code);
    } else {
      put('payload-note', 'Payloads are hidden; open the inspector with inspect(bus, { payloads: true }) to show them.');
    }
    prepend($('event-list'), row, SHOWN_EVENTS);
    if (e.correlationId && e.correlationId === current()) renderTimeline();
  }

  function onDeadLetter(d) {
    deadLetters.push(d);
    if (deadLetters.length > SHOWN_DEAD_LETTERS) deadLetters.shift();
    var row = document.createElement('tr');
    cell(row, clock(d.event.timestamp));
    cell(row, d.reason, 'reason');
    cell(row, d.event.type);
    cell(row, d.handler || '');
    cell(row, String(d.attempts), 'num');
    correlationCell(row, d.event.correlationId);
    cell(row, d.error ? d.error.name + ': ' + d.error.message : '', 'wrap');
    prepend($('dead-letter-list'), row, SHOWN_DEAD_LETTERS);
    if (d.event.correlationId && d.event.correlationId === current()) renderTimeline();
  }

  function current() { return $('correlation').value.trim(); }

  function pick(correlationId) {
    $('correlation').value = correlationId;
    renderTimeline();
  }

  function renderTimeline() {
    var id = current(), list = $('timeline');
    while (list.firstChild) list.removeChild(list.firstChild);
    if (id === '') { put('timeline-note', ''); return; }
    var items = events.filter(function (e) { return e.correlationId === id; }).map(function (e) {
      return { at: e.timestamp, what: e.type + '  (' + e.priority + ', ' + e.id + ')', dead: false };
    });
    deadLetters.forEach(function (d) {
      if (d.event.correlationId === id) items.push({ at: d.event.timestamp, what: 'dead letter: ' + d.reason + ', ' + d.event.type + (d.error ? ' (' + d.error.name + ': ' + d.error.message + ')' : ''), dead: true });
    });
    items.sort(function (a, b) { return a.at - b.at; });
    put('timeline-note', items.length === 0 ? 'No event of this correlation id among the last ' + count(MAX_EVENTS) + ' events seen.' : items.length + ' entries');
    var first = items.length > 0 ? items[0].at : 0, span = items.length > 0 ? Math.max(1, items[items.length - 1].at - first) : 1;
    items.forEach(function (item) {
      var li = document.createElement('li');
      if (item.dead) li.className = 'dead';
      var offset = document.createElement('span');
      offset.className = 'offset';
      offset.textContent = '+' + (item.at - first) + ' ms';
      var what = document.createElement('span');
      what.className = 'what';
      what.textContent = item.what;
      var bar = document.createElement('div');
      bar.className = 'bar';
      bar.style.width = Math.max(1, Math.round(((item.at - first) / span) * 100)) + '%';
      what.appendChild(bar);
      li.appendChild(offset);
      li.appendChild(what);
      list.appendChild(li);
    });
  }

  function listen() {
    var source = new EventSource('/events');
    var on = function (name, handle) {
      source.addEventListener(name, function (message) {
        var data;
        try { data = JSON.parse(message.data); } catch (error) { return; }
        handle(data);
      });
    };
    on('metrics', onMetrics);
    on('event', onEvent);
    on('deadLetter', onDeadLetter);
    source.addEventListener('open', function () { put('status', 'live'); $('status').className = 'live'; });
    source.addEventListener('error', function () { put('status', 'disconnected, retrying…'); $('status').className = 'down'; });
  }

  $('correlation').addEventListener('input', renderTimeline);
  initChart();
  listen();
})();
`
