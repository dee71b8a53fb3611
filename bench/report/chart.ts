import { writeFileSync } from 'node:fs';
import type { BenchRecord } from '../scenarios/context.js';
import type { TargetName } from '../targets/index.js';
import { advantage, figureOf } from './metrics.js';
import { formatNumber } from './table.js';

/** The figures the chart shows: those the goals are stated in. */
const CHARTED: readonly { scenario: string; metric: string; label: string }[] = [
  { scenario: 'publish-qos0', metric: 'delivered msgs/s', label: 'QoS 0 msgs/s' },
  { scenario: 'publish-qos0', metric: 'broker CPU per msg', label: 'QoS 0 CPU/msg' },
  { scenario: 'publish-qos1', metric: 'delivered msgs/s', label: 'QoS 1 msgs/s' },
  { scenario: 'publish-qos1', metric: 'broker CPU per msg', label: 'QoS 1 CPU/msg' },
  { scenario: 'connect-mtls', metric: 'broker CPU per connect', label: 'mTLS connect CPU' },
  { scenario: 'connect-token', metric: 'broker CPU per connect', label: 'token connect CPU' },
  {
    scenario: 'connect-mtls-resumed',
    metric: 'broker CPU per connect',
    label: 'resumed connect CPU',
  },
  { scenario: 'connect-mtls', metric: 'connect p99', label: 'mTLS connect p99' },
  { scenario: 'latency-1000-per-s', metric: 'latency p99', label: 'latency p99 @1k/s' },
  {
    scenario: 'idle-connections',
    metric: 'RSS per 1,000 idle TLS connections',
    label: 'RSS / 1k idle conns',
  },
];
const SERIES: readonly { warden: TargetName; other: TargetName; color: string; title: string }[] = [
  { warden: 'warden', other: 'aedes', color: '#3b6ea8', title: 'Warden vs plain aedes' },
  {
    warden: 'warden-memory',
    other: 'aedes',
    color: '#8fb3dc',
    title: 'Warden (memory persistence) vs aedes',
  },
  { warden: 'warden', other: 'mosquitto', color: '#d9822b', title: 'Warden vs Mosquitto 2' },
];
const WIDTH = 860;
const ROW_HEIGHT = 46;
const BAR_HEIGHT = 12;
const LEFT = 170;
const RIGHT = 60;
const TOP = 76;
const MAX_SCALE = 2;
const LEGEND_OFFSETS = [0, 165, 425];

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A bar chart of how many times as good Warden is than each other broker, per goal figure
 * (1 = equal, right of the line = Warden better, whatever the metric's direction).
 */
const SVG_NS = 'http://www.w3.org/2000/svg';
const FONT = 'font-family="DejaVu Sans, Arial, sans-serif" font-size="12"';
const TITLE = 'Warden relative to plain aedes and Mosquitto (&gt; 1 = Warden better)';

export function renderChartSvg(records: readonly BenchRecord[], subtitle: string): string {
  const plotWidth = WIDTH - LEFT - RIGHT;
  const height = TOP + CHARTED.length * ROW_HEIGHT + 40;
  const x = (ratio: number) => LEFT + (Math.min(ratio, MAX_SCALE) / MAX_SCALE) * plotWidth;
  const parts = [
    `<svg xmlns="${SVG_NS}" width="${WIDTH}" height="${height}" ${FONT}>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${LEFT}" y="22" font-size="15" font-weight="bold">${TITLE}</text>`,
    `<text x="${LEFT}" y="40" fill="#555">${escapeXml(subtitle)}</text>`,
  ];
  SERIES.forEach((series, index) => {
    const lx = LEFT + (LEGEND_OFFSETS[index] ?? 0);
    parts.push(`<rect x="${lx}" y="50" width="12" height="10" fill="${series.color}"/>`);
    parts.push(`<text x="${lx + 16}" y="59">${series.title}</text>`);
  });
  for (const tick of [0, 0.5, 1, 1.5, 2]) {
    const tx = x(tick);
    const stroke = tick === 1 ? '#000' : '#ddd';
    parts.push(
      `<line x1="${tx}" y1="${TOP - 4}" x2="${tx}" y2="${height - 36}" stroke="${stroke}"/>`,
    );
    parts.push(
      `<text x="${tx}" y="${height - 20}" text-anchor="middle">${tick === 2 ? '≥2' : tick}</text>`,
    );
  }
  CHARTED.forEach((item, row) => {
    const y = TOP + row * ROW_HEIGHT;
    const label = escapeXml(item.label);
    parts.push(`<text x="${LEFT - 8}" y="${y + BAR_HEIGHT + 4}" text-anchor="end">${label}</text>`);
    SERIES.forEach((series, index) => {
      const ratio = advantage(
        item.metric,
        figureOf(records, item.scenario, series.warden, item.metric),
        figureOf(records, item.scenario, series.other, item.metric),
      );
      const by = y + index * (BAR_HEIGHT + 2);
      if (ratio === undefined || !Number.isFinite(ratio)) {
        parts.push(`<text x="${LEFT + 4}" y="${by + BAR_HEIGHT - 2}" fill="#999">n/a</text>`);
        return;
      }
      const bar = `width="${x(ratio) - LEFT}" height="${BAR_HEIGHT}" fill="${series.color}"`;
      parts.push(`<rect x="${LEFT}" y="${by}" ${bar}/>`);
      parts.push(
        `<text x="${x(ratio) + 4}" y="${by + BAR_HEIGHT - 2}">${formatNumber(ratio)}</text>`,
      );
    });
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/**
 * Writes the SVG, and a PNG beside it when @resvg/resvg-js is installed (ImageMagick is not
 * on this machine). Returns the image files written.
 */
export async function writeChart(svg: string, svgPath: string, pngPath: string): Promise<string[]> {
  writeFileSync(svgPath, svg);
  const renderer = '@resvg/resvg-js';
  try {
    const { Resvg } = (await import(renderer)) as {
      Resvg: new (svg: string, options: object) => { render(): { asPng(): Buffer } };
    };
    const png = new Resvg(svg, { font: { loadSystemFonts: true } }).render().asPng();
    writeFileSync(pngPath, png);
    return [svgPath, pngPath];
  } catch {
    return [svgPath];
  }
}
