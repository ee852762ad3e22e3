import { parseFlinkOutput } from './flink-anchor.ts';

describe('parseFlinkOutput', () => {
  it('reads the result and the details lines', () => {
    const output = [
      'RESULT done=yes points=100',
      'flink readings=200000 seconds=6.73 readings_per_s=29718 correct=unchecked',
      'flink-details parallelism=2 expected_points=179000 peak_rss_mb=1033 steady_readings_per_s=106000 submit_to_first_row_s=3.7 ',
    ].join('\n');
    expect(parseFlinkOutput(output)).toEqual({
      readings: 200000,
      seconds: 6.73,
      readingsPerSecond: 29718,
      correct: 'unchecked',
      details: { parallelism: '2', expected_points: '179000', peak_rss_mb: '1033', steady_readings_per_s: '106000', submit_to_first_row_s: '3.7' },
    });
  });

  it('fails without a result line, showing what run.sh printed', () => {
    expect(() => parseFlinkOutput('RESULT done=no\n')).toThrow(/no "flink readings=…" line:\nRESULT done=no/);
  });
});
