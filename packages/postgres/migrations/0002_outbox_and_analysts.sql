-- The scd-writer's outbox: the deltas of a batch are written in the same transaction as the history
-- they follow from and the consumed offsets, then relayed to readings.changes and deleted. Rows of one
-- source partition get increasing sequences in commit order (their transactions are serialised by the
-- lock on that partition's consumer_offsets row), which is what the aggregator deduplicates on.
CREATE TABLE delta_outbox (
  sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_partition integer NOT NULL,
  message_key text NOT NULL,
  deltas jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX delta_outbox_by_source ON delta_outbox (source_partition, sequence);

-- The last outbox sequence the aggregator applied, per readings.changes partition and source
-- partition: a relayed record seen again (a relay that crashed before deleting what it had sent)
-- carries a sequence at or below it and is skipped. Written in the same transaction as the aggregates.
CREATE TABLE applied_delta_sequences (
  changes_partition integer NOT NULL,
  source_partition integer NOT NULL,
  last_sequence bigint NOT NULL,
  PRIMARY KEY (changes_partition, source_partition)
);

COMMENT ON VIEW region_hourly_temperature_3h IS
  'Every region and hour of region_hourly_temperature with the temperature of the same region three hours earlier (null when that hour has no data).';

COMMENT ON TABLE reading_versions IS
  'SCD type 2 history of every reading: one row per id and version; version is the partner''s, or readings.raw offset + 1 for a reading sent without one. region_code is null for a version in no region (abroad, at sea).';

-- Analysts read the results and the history, nothing else. The role exists where the stack or the
-- compose file created it; a database without it simply has no analyst access to grant.
DO $grants$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'thermostream_analyst') THEN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO thermostream_analyst', current_schema());
    GRANT SELECT ON regions, region_hourly_temperature, region_hourly_temperature_3h, reading_versions TO thermostream_analyst;
  END IF;
END
$grants$;
