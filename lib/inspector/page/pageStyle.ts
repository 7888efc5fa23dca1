/** @internal The inspector page's stylesheet (served as `/inspector.css`). */
export const PAGE_STYLE = `
:root { color-scheme: light; --ink: #1d2433; --muted: #5b6475; --line: #dfe3ea; --bg: #f6f7f9; --card: #fff; --bad: #b42318; --accent: #1f77b4; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, 'Segoe UI', sans-serif; color: var(--ink); background: var(--bg); }
header { display: flex; align-items: baseline; gap: 1rem; padding: 0.8rem 1.2rem; background: var(--ink); color: #fff; }
header h1 { margin: 0; font-size: 1.1rem; font-weight: 600; }
#status { font-size: 0.85rem; opacity: 0.85; }
#status.live::before { content: '● '; color: #4ade80; }
#status.down::before { content: '● '; color: #f87171; }
main { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 1rem; padding: 1rem 1.2rem; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 0.8rem 1rem; min-width: 0; }
section.wide { grid-column: 1 / -1; }
h2 { margin: 0 0 0.6rem; font-size: 0.95rem; font-weight: 600; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(120px, 1fr)); gap: 0.6rem; }
.tile { border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem 0.7rem; }
.tile .label { color: var(--muted); font-size: 0.8rem; }
.tile .value { font-size: 1.35rem; font-variant-numeric: tabular-nums; font-weight: 600; }
.tile.bad .value { color: var(--bad); }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--line); white-space: nowrap; }
td.num, th.num { text-align: right; }
td.wrap { white-space: normal; overflow-wrap: anywhere; min-width: 16rem; }
th { color: var(--muted); font-weight: 500; font-size: 0.8rem; }
.scroll { max-height: 320px; overflow: auto; }
.reason { color: var(--bad); font-weight: 600; }
code { font: 12px/1.3 ui-monospace, 'SFMono-Regular', Menlo, monospace; }
button.link { border: 0; padding: 0; background: none; color: var(--accent); cursor: pointer; font: 12px ui-monospace, Menlo, monospace; text-decoration: underline; }
input#correlation { width: 100%; padding: 0.35rem 0.5rem; font: 13px ui-monospace, Menlo, monospace; border: 1px solid var(--line); border-radius: 4px; }
ol#timeline { list-style: none; margin: 0.6rem 0 0; padding: 0; }
ol#timeline li { display: grid; grid-template-columns: 5.5rem 1fr; gap: 0.5rem; align-items: center; padding: 0.15rem 0; }
ol#timeline .offset { color: var(--muted); text-align: right; font-variant-numeric: tabular-nums; }
ol#timeline .bar { height: 4px; background: var(--accent); border-radius: 2px; margin-top: 2px; }
ol#timeline li.dead .what { color: var(--bad); }
.note { color: var(--muted); font-size: 0.85rem; margin: 0.3rem 0; }
`
