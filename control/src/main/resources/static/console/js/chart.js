// Delivery charts as inline SVG, built with svg() so every label is text: outcomes per bucket
// as stacked bars, and the p50/p99 response time as two lines.
import { h, fill, svg } from './dom.js';
import { api, query } from './api.js';
import { errorBox } from './ui.js';

const W = 600;
const H = 140;
const PAD = 28;

/** A section with the deliveries of the tenant, or of one endpoint, and a window switch. */
export function deliveriesSection(endpointId) {
  const body = h('div', { class: 'chart-body' });
  const section = h('section', { class: 'charts' }, h('h2', {}, 'Deliveries'),
    h('div', { class: 'window', role: 'group', 'aria-label': 'Window' },
      h('button', { type: 'button', onclick: () => load('1h') }, 'Last hour'),
      h('button', { type: 'button', onclick: () => load('24h') }, 'Last day')),
    body);
  async function load(window) {
    try {
      const stats = await api('GET', `/stats/deliveries${query({ window, endpoint_id: endpointId })}`);
      fill(body, charts(stats));
    } catch (error) {
      fill(body, errorBox(error));
    }
  }
  load('1h');
  return section;
}

function slots(stats) {
  const step = stats.step === 'PT1M' ? 60_000 : 15 * 60_000;
  const since = Date.parse(stats.since);
  const count = Math.round((Date.parse(stats.until) - since) / step);
  const byStart = new Map(stats.buckets.map((b) => [Date.parse(b.start), b]));
  return Array.from({ length: count }, (_, i) => ({ at: since + i * step, ...(byStart.get(since + i * step) || {}) }));
}

function label(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function charts(stats) {
  const t = stats.totals;
  const rate = t.failure_rate == null ? '—' : `${(t.failure_rate * 100).toFixed(1)} %`;
  const per = stats.step === 'PT1M' ? 'minute' : '15 minutes';
  return [
    h('p', { class: 'chart-summary' },
      `${t.succeeded} delivered, ${t.failed} failed (failure rate ${rate}); `
      + `p50 ${t.p50_ms ?? '—'} ms, p99 ${t.p99_ms ?? '—'} ms`),
    figure(`Attempts per ${per} by outcome`, bars(slots(stats))),
    figure('Response time (ms), p50 and p99', lines(slots(stats))),
  ];
}

function figure(caption, drawing) {
  return h('figure', { class: 'chart' }, drawing, h('figcaption', {}, caption));
}

function frame(max, first, last, children, label0) {
  return svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label0, class: 'chart-svg' },
    svg('line', { x1: PAD, y1: H - PAD, x2: W, y2: H - PAD, class: 'axis' }),
    svg('text', { x: 0, y: 12, class: 'tick' }, String(max)),
    svg('text', { x: PAD, y: H - 8, class: 'tick' }, label(first)),
    svg('text', { x: W, y: H - 8, class: 'tick', 'text-anchor': 'end' }, label(last)),
    children);
}

function bars(slotList) {
  const max = Math.max(1, ...slotList.map((s) => (s.succeeded || 0) + (s.failed || 0)));
  const width = (W - PAD) / slotList.length;
  const y = (n) => ((H - PAD - 16) * n) / max;
  const drawn = slotList.filter((s) => s.succeeded || s.failed).map((s) => {
    const i = slotList.indexOf(s);
    const x = PAD + i * width;
    const ok = y(s.succeeded || 0);
    const bad = y(s.failed || 0);
    return svg('g', { class: 'bar' },
      svg('title', {}, `${label(s.at)}: ${s.succeeded || 0} succeeded, ${s.failed || 0} failed`),
      svg('rect', { x, y: H - PAD - ok, width: Math.max(1, width - 1), height: ok, class: 'ok' }),
      svg('rect', { x, y: H - PAD - ok - bad, width: Math.max(1, width - 1), height: bad, class: 'bad' }));
  });
  return frame(max, slotList[0].at, slotList[slotList.length - 1].at, drawn, 'attempts by outcome');
}

function lines(slotList) {
  const max = Math.max(1, ...slotList.map((s) => s.p99_ms || 0));
  const width = (W - PAD) / slotList.length;
  const line = (key, cls) => {
    const points = slotList
      .map((s, i) => (s[key] == null ? null : [PAD + (i + 0.5) * width, H - PAD - ((H - PAD - 16) * s[key]) / max, s]))
      .filter(Boolean);
    if (!points.length) return null;
    return svg('g', { class: cls },
      svg('polyline', { points: points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ') }),
      points.map(([x, y, s]) => svg('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: 2.5 },
        svg('title', {}, `${label(s.at)}: ${key.replace('_ms', '')} ${s[key]} ms`))));
  };
  return frame(max, slotList[0].at, slotList[slotList.length - 1].at,
    [line('p50_ms', 'p50'), line('p99_ms', 'p99')], 'response time p50 and p99');
}
