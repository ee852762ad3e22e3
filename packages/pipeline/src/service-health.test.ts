import { consumerHealth } from './service-health.ts';

describe('consumerHealth', () => {
  it('reads running, summed lag and restarts from a service exposition', () => {
    const exposition = [
      '# HELP thermostream_consumer_lag_records Records of the partition not yet handled.',
      '# TYPE thermostream_consumer_lag_records gauge',
      'thermostream_consumer_lag_records{service="filter",topic="readings.raw",partition="0"} 12',
      'thermostream_consumer_lag_records{service="filter",topic="readings.raw",partition="1"} 30',
      'thermostream_consumer_lag_records_other 99',
      'thermostream_consumer_running{service="filter",topic="readings.raw"} 1',
      'thermostream_consumer_restarts_total{service="filter",topic="readings.raw"} 2',
    ].join('\n');
    expect(consumerHealth(exposition)).toEqual({ consumerRunning: true, lagRecords: 42, consumerRestarts: 2 });
  });

  it('says a consumer is not running when any of its topics says 0', () => {
    const exposition = 'thermostream_consumer_running{topic="a"} 1\nthermostream_consumer_running{topic="b"} 0\n';
    expect(consumerHealth(exposition).consumerRunning).toBe(false);
  });

  it('says unknown for what a service does not export, and for a service that does not answer', () => {
    expect(consumerHealth('thermostream_records_consumed_total{topic="a"} 5\n')).toEqual({
      consumerRunning: 'unknown',
      lagRecords: 'unknown',
      consumerRestarts: 'unknown',
    });
    expect(consumerHealth(undefined).lagRecords).toBe('unknown');
  });
});
