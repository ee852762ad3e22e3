-- The 13 metropolitan regions, by ISO 3166-2 code, with their French names.
CREATE TABLE regions (
  region_code text PRIMARY KEY,
  region_name text NOT NULL UNIQUE
);

INSERT INTO regions (region_code, region_name) VALUES
  ('FR-ARA', 'Auvergne-Rhône-Alpes'),
  ('FR-BFC', 'Bourgogne-Franche-Comté'),
  ('FR-BRE', 'Bretagne'),
  ('FR-CVL', 'Centre-Val de Loire'),
  ('FR-COR', 'Corse'),
  ('FR-GES', 'Grand Est'),
  ('FR-HDF', 'Hauts-de-France'),
  ('FR-IDF', 'Île-de-France'),
  ('FR-NOR', 'Normandie'),
  ('FR-NAQ', 'Nouvelle-Aquitaine'),
  ('FR-OCC', 'Occitanie'),
  ('FR-PDL', 'Pays de la Loire'),
  ('FR-PAC', 'Provence-Alpes-Côte d''Azur');

-- Mean temperature per region and UTC hour. The sum is kept as an exact decimal so that adding
-- then retracting a reading restores the previous mean exactly; the mean follows from it.
CREATE TABLE region_hourly_temperature (
  region_code text NOT NULL REFERENCES regions (region_code),
  region_name text NOT NULL,
  hour timestamptz NOT NULL CHECK (date_trunc('hour', hour, 'UTC') = hour),
  temperature numeric GENERATED ALWAYS AS (temperature_sum / number_of_points) STORED,
  number_of_points integer NOT NULL CHECK (number_of_points > 0),
  temperature_sum numeric NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, hour)
);

COMMENT ON TABLE region_hourly_temperature IS
  'Mean temperature of the current version of every reading, per region and UTC hour of measurement.';

-- Every version of every reading (SCD type 2): valid_to is null while the version is current.
CREATE TABLE reading_versions (
  reading_id text NOT NULL,
  version bigint NOT NULL,
  region_code text REFERENCES regions (region_code),
  hour timestamptz,
  event_time timestamptz NOT NULL,
  temperature numeric NOT NULL,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz,
  is_current boolean NOT NULL,
  raw_partition integer NOT NULL,
  raw_offset bigint NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (reading_id, version),
  CHECK (is_current = (valid_to IS NULL))
);

CREATE UNIQUE INDEX reading_versions_one_current ON reading_versions (reading_id) WHERE is_current;

-- Each region and hour beside the same region three hours earlier (null when that hour has no data).
CREATE VIEW region_hourly_temperature_3h AS
SELECT
  current_hour.region_code,
  current_hour.region_name,
  current_hour.hour,
  current_hour.temperature,
  current_hour.number_of_points,
  earlier.temperature AS temperature_3h_before
FROM region_hourly_temperature AS current_hour
LEFT JOIN region_hourly_temperature AS earlier
  ON earlier.region_code = current_hour.region_code
 AND earlier.hour = current_hour.hour - interval '3 hours';

-- The next offset to read per consumer group and partition, for the services whose sink is this
-- database: written in the same transaction as the effects of the records before it, so a batch
-- delivered again after a crash is recognised and skipped.
CREATE TABLE consumer_offsets (
  group_id text NOT NULL,
  topic text NOT NULL,
  partition integer NOT NULL,
  next_offset bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, topic, partition)
);
