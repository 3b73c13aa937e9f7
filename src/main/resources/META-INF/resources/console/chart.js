// Cloud calls per minute as stacked SVG bars: the busiest operations each get a colour, the rest
// are summed as "other". Plain SVG attributes, so the page's CSP needs no inline styles.

const SVG = 'http://www.w3.org/2000/svg';
const COLOURS = ['#2563eb', '#16a34a', '#d97706', '#dc2626', '#7c3aed', '#0891b2', '#94a3b8'];
const SHOWN = 6;

function svg(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  Object.entries(attributes).forEach(([k, v]) => node.setAttribute(k, v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function grouped(series) {
  const shown = series.slice(0, SHOWN).map((s) => ({
    label: s.provider + ' ' + s.service + ':' + s.operation, calls: s.calls, total: s.total,
  }));
  const rest = series.slice(SHOWN);
  if (rest.length) {
    const calls = rest[0].calls.map((_, i) => rest.reduce((sum, s) => sum + s.calls[i], 0));
    shown.push({ label: rest.length + ' other operations', calls, total: calls.reduce((a, b) => a + b, 0) });
  }
  return shown;
}

export function renderCallsChart(container, rates) {
  const groups = grouped(rates.series);
  const n = rates.minutes.length;
  const perMinute = rates.minutes.map((_, i) => groups.reduce((sum, g) => sum + g.calls[i], 0));
  const max = Math.max(1, ...perMinute);
  const width = 720, height = 160, left = 40, bottom = 20, bar = (width - left) / n;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height + bottom}`, role: 'img', id: 'calls-svg',
    'aria-label': 'cloud calls per minute' });
  chart.append(svg('text', { x: 0, y: 12, class: 'axis' }, String(max)));
  chart.append(svg('text', { x: 0, y: height, class: 'axis' }, '0'));
  rates.minutes.forEach((start, i) => {
    let y = height;
    groups.forEach((g, k) => {
      const h = (g.calls[i] / max) * (height - 10);
      if (h > 0) {
        y -= h;
        const rect = svg('rect', { x: left + i * bar + 1, y, width: Math.max(1, bar - 2), height: h,
          fill: COLOURS[k] });
        rect.append(svg('title', {}, `${new Date(start).toLocaleTimeString()}: ${g.calls[i]} ${g.label}`));
        chart.append(rect);
      }
    });
    // Every tenth minute counted back from now, the newest one flush with the right edge.
    if ((n - 1 - i) % 10 === 0) {
      const last = i === n - 1;
      chart.append(svg('text', { x: left + (last ? n * bar : i * bar + bar / 2), y: height + bottom - 4,
        class: 'axis', 'text-anchor': last ? 'end' : 'middle' },
        new Date(start).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
    }
  });

  const legend = document.createElement('ul');
  legend.className = 'legend';
  groups.forEach((g, k) => {
    const item = document.createElement('li');
    const swatch = svg('svg', { width: 10, height: 10 });
    swatch.append(svg('rect', { width: 10, height: 10, fill: COLOURS[k] }));
    item.append(swatch, ` ${g.label}: ${g.total}`);
    legend.append(item);
  });
  const total = perMinute.reduce((a, b) => a + b, 0);
  const summary = document.createElement('p');
  summary.id = 'calls-total';
  summary.textContent = `${total} calls in the last ${n} minutes`;
  container.replaceChildren(summary, chart, legend);
}
