import { niceCeiling, progressChart } from './progress-chart.ts';

describe('progressChart', () => {
  it('draws one line per series, with its label, scaled into the plot', () => {
    const svg = progressChart('1,000 readings', [
      { label: 'thermostream', samples: [{ seconds: 0, points: 0 }, { seconds: 10, points: 1000 }] },
      { label: 'Flink & co', samples: [{ seconds: 0, points: 0 }] },
    ]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    // 10 s and 1,000 points are both the axes' ends: the top right corner of the plot.
    expect(svg).toContain('points="80.0,350.0 700.0,40.0"');
    expect(svg).toContain('>Flink &amp; co<');
  });
});

describe('niceCeiling', () => {
  it('rounds up to 1, 2 or 5 times a power of ten', () => {
    expect([0.7, 1, 13, 260, 999_000].map(niceCeiling)).toEqual([1, 1, 20, 500, 1_000_000]);
  });
});
