// The performance page's plot: min, median and max of one metric at each point, drawn with uPlot
// from the points the page carries (the same the API's /api/v1/results/perf answers).
'use strict';
document.addEventListener('DOMContentLoaded', () => {
  const box = document.getElementById('perf-plot');
  if (!box) return;
  const points = JSON.parse(box.dataset.points);
  const xs = points.map((p, i) => i);
  const data = [xs, points.map(p => p.min), points.map(p => p.median), points.map(p => p.max)];
  const labels = points.map(p => p.x);
  const opts = {
    title: `${box.dataset.metric} by ${box.dataset.by}`,
    width: Math.min(box.clientWidth || 1000, 1200),
    height: 360,
    scales: { x: { time: false } },
    axes: [
      { values: (u, ticks) => ticks.map(t => (Number.isInteger(t) && labels[t] !== undefined ? labels[t] : '')) },
      {},
    ],
    series: [
      { label: box.dataset.by, value: (u, v) => (v == null ? '' : labels[v]) },
      { label: 'min', stroke: '#7aa2e3', dash: [4, 4] },
      { label: 'median', stroke: '#2456a6', width: 2, points: { show: true, size: 7 } },
      { label: 'max', stroke: '#c0392b', dash: [4, 4] },
    ],
  };
  window.hangarPlot = new uPlot(opts, data, box);
});
