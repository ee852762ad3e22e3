import { createTopologyTestDriver } from './testing.ts';
import { outbound } from './records.ts';
import { topics } from './topics.ts';
import type { RawReading } from '@thermostream/avro';

const reading = (id: string): RawReading => ({
  id,
  timestamp: '2026-11-24 10:00:00',
  lat: 48.85,
  lon: 2.35,
  temperature: 10,
  country: 'France',
  version: null,
  ingest: null,
});

describe('createTopologyTestDriver', () => {
  const driver = () =>
    createTopologyTestDriver({
      input: topics.raw,
      serviceName: 'echo',
      handle: async (records) =>
        records.map((record) =>
          outbound(topics.rejected, record.key, {
            service: 'echo',
            reason_code: 'ECHO',
            field: null,
            message: record.value.id,
            reading_id: record.value.id,
            payload: '{}',
            source_topic: record.topic,
            source_partition: record.partition,
            source_offset: record.offset,
            partner: null,
            request_id: null,
            record_index: null,
            rejected_at: 0,
          }),
        ),
    });

  it('delivers decoded records to the handler and collects its outputs per topic', async () => {
    const test = await driver();
    await test.pipe([{ key: 'r-1', value: reading('r-1') }, { key: 'r-2', value: reading('r-2') }]);
    expect(test.read(topics.rejected).map((record) => record.value.message)).toEqual(['r-1', 'r-2']);
    expect(test.isEmpty(topics.rejected)).toBe(true);
  });

  it('turns a poison pill into a rejected record and still handles the records around it', async () => {
    const test = await driver();
    await test.pipe([{ key: 'r-1', value: reading('r-1') }]);
    await test.pipeBytes([{ key: 'bad', value: Buffer.from('not avro at all') }]);
    const out = test.read(topics.rejected);
    expect(out.map((record) => record.value.reason_code)).toEqual(['ECHO', 'RECORD_UNDECODABLE']);
    expect(out[1]!.value).toMatchObject({ service: 'echo', reading_id: 'bad', payload: Buffer.from('not avro at all').toString('base64') });
  });
});
