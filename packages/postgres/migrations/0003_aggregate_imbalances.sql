-- A retraction can reach the aggregator before the addition it undoes: the two come from different
-- scd-writer partitions (the old version's region and hour, and the new one's), relayed independently.
-- Until the addition arrives, such a region-hour has a count at or below zero, or a count of zero
-- with a sum that is not; its exact balance waits here, out of analysts' sight, and moves back into
-- region_hourly_temperature once its count is positive again. At rest this table is empty.
CREATE TABLE aggregate_imbalances (
  region_code text NOT NULL REFERENCES regions (region_code),
  hour timestamptz NOT NULL,
  temperature_sum numeric NOT NULL,
  number_of_points integer NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, hour)
);

COMMENT ON TABLE aggregate_imbalances IS
  'Region-hours whose retractions arrived before their additions: the balance is kept here until it is positive again. Empty at rest.';
