/** A figure of the tiles row: element id, label, and whether a value above 0 is bad news. */
const TILES: readonly (readonly [id: string, label: string, bad: boolean])[] = [
  ['rate', 'events/s', false],
  ['total-events', 'events', false],
  ['total-errors', 'errors', true],
  ['dead-letters', 'dead letters', true],
  ['queue-size', 'queue', false],
  ['in-flight', 'in flight', false],
  ['uptime', 'uptime', false],
  ['skipped', 'not streamed', false],
]

/**
 * @internal The inspector page (served as `/`). Static markup only: everything from the bus is
 * written by `/inspector.js` with `textContent`. `chart`: uPlot is installed and served.
 */
export function pageHtml(options: { readonly chart: boolean }): string {
  const uplot = options.chart ? '<link rel="stylesheet" href="/uplot.css">\n<script src="/uplot.js" defer></script>\n' : ''
  const tiles = TILES.map(
    ([id, label, bad]) => `<div class="tile${bad ? ' bad' : ''}"><div class="label">${label}</div><div class="value" id="${id}">–</div></div>`,
  ).join('\n')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>event-bus inspector</title>
<link rel="icon" href="data:,">
${uplot}<link rel="stylesheet" href="/inspector.css">
<script src="/inspector.js" defer></script>
</head>
<body>
<header><h1>event-bus inspector</h1><span id="status">connecting…</span></header>
<main>
<section class="wide"><div class="tiles">
${tiles}
</div></section>
<section><h2>Events per second</h2><div id="chart"></div><p class="note" id="chart-note"></p></section>
<section><h2>Handlers</h2><div class="scroll"><table>
<thead><tr><th>handler</th><th class="num">ok</th><th class="num">errors</th><th class="num">timeouts</th><th class="num">retries</th><th class="num">p50 ms</th><th class="num">p95 ms</th><th class="num">p99 ms</th></tr></thead>
<tbody id="handlers"></tbody></table></div></section>
<section><h2>Errors and dead letters</h2><div class="scroll"><table>
<thead><tr><th>time</th><th>reason</th><th>event type</th><th>handler</th><th class="num">attempts</th><th>correlation id</th><th>error</th></tr></thead>
<tbody id="dead-letter-list"></tbody></table></div></section>
<section><h2>Timeline of one correlation id</h2>
<input id="correlation" placeholder="a correlation id (or click one in the events below)" autocomplete="off" spellcheck="false">
<p class="note" id="timeline-note"></p><ol id="timeline"></ol></section>
<section class="wide"><h2>Recent events</h2><p class="note" id="payload-note"></p><div class="scroll"><table>
<thead><tr><th>time</th><th>event type</th><th>priority</th><th>correlation id</th><th>id</th><th>payload</th></tr></thead>
<tbody id="event-list"></tbody></table></div></section>
</main>
</body>
</html>
`
}
