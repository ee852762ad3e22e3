-- What analysts read, described where they look: every column of every relation they can select
-- carries its meaning (\d+ in psql, or any SQL client's column list).

COMMENT ON TABLE regions IS 'The 13 metropolitan French regions, by ISO 3166-2 code.';
COMMENT ON COLUMN regions.region_code IS 'ISO 3166-2 code of the region, e.g. FR-IDF.';
COMMENT ON COLUMN regions.region_name IS 'French name of the region, e.g. Île-de-France.';

COMMENT ON COLUMN region_hourly_temperature.region_code IS 'ISO 3166-2 code of the region whose boundary contains the readings (see regions).';
COMMENT ON COLUMN region_hourly_temperature.region_name IS 'French name of the region.';
COMMENT ON COLUMN region_hourly_temperature.hour IS 'Start of the UTC hour in which the readings were measured (event time, not arrival).';
COMMENT ON COLUMN region_hourly_temperature.temperature IS 'Mean temperature in degrees Celsius of the current version of every reading of the region and hour: temperature_sum / number_of_points.';
COMMENT ON COLUMN region_hourly_temperature.number_of_points IS 'How many readings (current versions only) the mean is over; always at least 1.';
COMMENT ON COLUMN region_hourly_temperature.temperature_sum IS 'Exact decimal sum of those readings'' temperatures, so that a correction undone leaves the mean exactly as it was.';
COMMENT ON COLUMN region_hourly_temperature.updated_at IS 'When a reading or a correction last changed this row (database time); see region_hourly_freshness.';

COMMENT ON COLUMN region_hourly_temperature_3h.region_code IS 'ISO 3166-2 code of the region.';
COMMENT ON COLUMN region_hourly_temperature_3h.region_name IS 'French name of the region.';
COMMENT ON COLUMN region_hourly_temperature_3h.hour IS 'Start of the UTC hour of measurement.';
COMMENT ON COLUMN region_hourly_temperature_3h.temperature IS 'Mean temperature in degrees Celsius of the region and hour, as in region_hourly_temperature.';
COMMENT ON COLUMN region_hourly_temperature_3h.number_of_points IS 'How many readings the mean is over.';
COMMENT ON COLUMN region_hourly_temperature_3h.temperature_3h_before IS 'Mean temperature of the same region three hours earlier; null when that hour has no readings.';

COMMENT ON COLUMN reading_versions.reading_id IS 'The reading''s id as its partner sent it: the key across versions.';
COMMENT ON COLUMN reading_versions.version IS 'The partner''s version, or the readings.raw offset + 1 for a reading sent without one; the highest is current.';
COMMENT ON COLUMN reading_versions.region_code IS 'Region containing the coordinates; null abroad or at sea.';
COMMENT ON COLUMN reading_versions.hour IS 'Start of the UTC hour of measurement; null when region_code is null.';
COMMENT ON COLUMN reading_versions.event_time IS 'When the reading was measured, in UTC.';
COMMENT ON COLUMN reading_versions.temperature IS 'Degrees Celsius, exactly as sent.';
COMMENT ON COLUMN reading_versions.lat IS 'Latitude, WGS84 degrees.';
COMMENT ON COLUMN reading_versions.lon IS 'Longitude, WGS84 degrees.';
COMMENT ON COLUMN reading_versions.valid_from IS 'When this version reached http-ingest (its ingest time).';
COMMENT ON COLUMN reading_versions.valid_to IS 'When a higher version reached http-ingest; null while this version is current.';
COMMENT ON COLUMN reading_versions.is_current IS 'True for the one version of the id that counts in the aggregates (valid_to is null).';
COMMENT ON COLUMN reading_versions.raw_partition IS 'readings.raw partition the version was read from: with raw_offset, where to find it in the archive.';
COMMENT ON COLUMN reading_versions.raw_offset IS 'readings.raw offset of the version.';
COMMENT ON COLUMN reading_versions.recorded_at IS 'When this row was written to the database.';

-- How settled each region-hour is. The pipeline takes a reading or a correction of any age, so
-- any hour can change at any time; what an analyst needs is whether a change now would be usual.
-- The rule, with no setting behind it: a region-hour may still change while its hour is under way
-- or ended less than an hour ago (partners send in batches, and resend after a 503), or while it
-- changed in the last 15 minutes (a backlog or a replay is still flowing into it). Past both, a
-- change is a late correction. The times beside the flag let a stricter analyst apply their own.
CREATE VIEW region_hourly_freshness AS
SELECT
  region_code,
  region_name,
  hour,
  number_of_points,
  updated_at AS last_updated_at,
  now() - (hour + interval '1 hour') AS since_hour_end,
  now() - updated_at AS since_last_update,
  (hour + interval '2 hours' > now() OR updated_at > now() - interval '15 minutes') AS may_still_change
FROM region_hourly_temperature;

COMMENT ON VIEW region_hourly_freshness IS
  'How fresh each row of region_hourly_temperature is: when it last changed, and whether readings may still change it (its hour is under way or ended less than an hour ago, or it changed in the last 15 minutes).';
COMMENT ON COLUMN region_hourly_freshness.region_code IS 'ISO 3166-2 code of the region.';
COMMENT ON COLUMN region_hourly_freshness.region_name IS 'French name of the region.';
COMMENT ON COLUMN region_hourly_freshness.hour IS 'Start of the UTC hour of measurement.';
COMMENT ON COLUMN region_hourly_freshness.number_of_points IS 'How many readings the region-hour''s mean is over now.';
COMMENT ON COLUMN region_hourly_freshness.last_updated_at IS 'When a reading or a correction last changed the region-hour.';
COMMENT ON COLUMN region_hourly_freshness.since_hour_end IS 'Time since the hour ended; negative while it is under way.';
COMMENT ON COLUMN region_hourly_freshness.since_last_update IS 'Time since the region-hour last changed.';
COMMENT ON COLUMN region_hourly_freshness.may_still_change IS 'True while the hour is under way or ended less than an hour ago, or while the region-hour changed in the last 15 minutes; after that, only a late correction changes it.';

DO $grants$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'thermostream_analyst') THEN
    GRANT SELECT ON region_hourly_freshness TO thermostream_analyst;
  END IF;
END
$grants$;
