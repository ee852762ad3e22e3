import type { ProgressSample } from './drain-progress.ts';

export interface ChartSeries {
  label: string;
  samples: readonly ProgressSample[];
}

const width = 720;
const height = 400;
const margin = { left: 80, right: 20, top: 40, bottom: 50 };
const colours = ['#1f77b4', '#d62728', '#2ca02c'];

/** A line chart of points in the table over time, one line per series, as a standalone SVG document. */
export function progressChart(title: string, series: readonly ChartSeries[]): string {
  const all = series.flatMap((line) => line.samples);
  const maxSeconds = niceCeiling(Math.max(1, ...all.map((sample) => sample.seconds)));
  const maxPoints = niceCeiling(Math.max(1, ...all.map((sample) => sample.points)));
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const x = (seconds: number) => (margin.left + (seconds / maxSeconds) * plotWidth).toFixed(1);
  const y = (points: number) => (margin.top + plotHeight - (points / maxPoints) * plotHeight).toFixed(1);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const elements = [
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15">${escape(title)}</text>`,
    ...ticks.flatMap((tick) => [
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(tick * maxPoints)}" y2="${y(tick * maxPoints)}" stroke="#ddd"/>`,
      `<text x="${margin.left - 6}" y="${y(tick * maxPoints)}" text-anchor="end" dominant-baseline="middle" font-size="11">${Math.round(tick * maxPoints).toLocaleString('en-US')}</text>`,
      `<text x="${x(tick * maxSeconds)}" y="${height - margin.bottom + 16}" text-anchor="middle" font-size="11">${formatSeconds(tick * maxSeconds)}</text>`,
    ]),
    `<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${height - margin.bottom}" stroke="black"/>`,
    `<line x1="${margin.left}" x2="${width - margin.right}" y1="${height - margin.bottom}" y2="${height - margin.bottom}" stroke="black"/>`,
    `<text x="${margin.left + plotWidth / 2}" y="${height - 10}" text-anchor="middle" font-size="12">seconds</text>`,
    `<text x="16" y="${margin.top + plotHeight / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 16 ${margin.top + plotHeight / 2})">points in region_hourly_temperature</text>`,
    ...series.flatMap((line, index) => {
      const colour = colours[index % colours.length]!;
      const legendY = margin.top + 16 + index * 18;
      return [
        `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${line.samples.map((sample) => `${x(sample.seconds)},${y(sample.points)}`).join(' ')}"/>`,
        `<line x1="${margin.left + 12}" x2="${margin.left + 36}" y1="${legendY}" y2="${legendY}" stroke="${colour}" stroke-width="2"/>`,
        `<text x="${margin.left + 42}" y="${legendY}" dominant-baseline="middle" font-size="12">${escape(line.label)}</text>`,
      ];
    }),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">\n${elements.join('\n')}\n</svg>\n`;
}

/** 1, 2 or 5 times a power of ten, at least the value: round axis ends. */
export function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * power).find((candidate) => candidate >= value)!;
}

const formatSeconds = (seconds: number) => (Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(1));

const escape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
