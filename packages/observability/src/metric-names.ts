/**
 * Every metric the services expose, declared once with its meaning, its kind and its labels.
 * Callers name metrics through this table, so a typo is a type error, and the README's metrics
 * table is generated from it.
 */
export const metricDefinitions = {
  thermostream_records_consumed_total: { kind: 'counter', labels: ['topic'], help: 'Kafka records consumed and handled.' },
  thermostream_records_produced_total: { kind: 'counter', labels: ['topic'], help: 'Kafka records produced and acknowledged.' },
  thermostream_readings_rejected_total: { kind: 'counter', labels: ['reason'], help: 'Readings sent to readings.rejected, by reason code.' },
  thermostream_batch_duration_seconds: { kind: 'histogram', labels: ['topic'], help: 'Time to handle one consumed batch, from fetch to commit.' },
  thermostream_batches_failed_total: { kind: 'counter', labels: ['topic'], help: 'Batches whose handling failed and will be redelivered.' },
  thermostream_consumer_lag_records: { kind: 'gauge', labels: ['topic', 'partition'], help: 'Records of the partition not yet handled, after the last batch (high watermark minus position).' },
  thermostream_event_lag_seconds: { kind: 'gauge', labels: ['topic'], help: 'Age of the last handled record (now minus its Kafka timestamp).' },
  thermostream_consumer_running: { kind: 'gauge', labels: ['topic'], help: '1 while the consumer is a live member of its group and fetching, 0 while it is stopped, failed or restarting.' },
  thermostream_consumer_restarts_total: { kind: 'counter', labels: ['topic'], help: 'Times the consumer was restarted inside the process after its client gave up.' },
  thermostream_consumer_ownership_rejoins_total: { kind: 'counter', labels: ['topic'], help: 'Times the consumer joined its group again because the group left partitions to no member or no longer listed this one.' },
  thermostream_consumer_fetch_bytes_per_partition: { kind: 'gauge', labels: ['topic'], help: 'Bytes (compressed) the next fetch asks of each partition: small at first, then bounded by KAFKA_FETCH_MAX_BYTES_PER_PARTITION and by KAFKA_FETCH_MAX_RECORD_BYTES uncompressed.' },
  thermostream_seconds_since_progress: { kind: 'gauge', labels: ['topic'], help: 'Seconds since the consumer last committed a batch or found its partitions caught up.' },
  thermostream_corrupt_batches_total: { kind: 'counter', labels: ['topic'], help: 'Fetched record batches that could not be read after repeated tries, kept on readings.rejected and skipped.' },
  thermostream_dependency_outage_seconds_total: { kind: 'counter', labels: ['dependency'], help: 'Seconds a dependency (kafka, postgres, registry) was unreachable while the service needed it: from a call that could not reach it to the next that could, counted up to each scrape.' },
  thermostream_ingest_requests_total: { kind: 'counter', labels: ['status'], help: 'HTTP requests to POST /v1/readings, by status code.' },
  thermostream_ingest_readings_total: { kind: 'counter', labels: ['outcome'], help: 'Readings received over HTTP: accepted or rejected.' },
  thermostream_ingest_aborted_requests_total: { kind: 'counter', labels: [], help: 'Requests to POST /v1/readings whose client hung up before the answer; nothing of them is published.' },
  thermostream_ingest_bytes_total: { kind: 'counter', labels: [], help: 'Request body bytes received (before gzip decompression).' },
  thermostream_ingest_ack_seconds: { kind: 'histogram', labels: [], help: 'Time from a request to the broker acknowledging all its readings.' },
  thermostream_readings_outside_france_total: { kind: 'counter', labels: [], help: 'Valid readings outside the France envelope (forwarded without a region, for their history).' },
  thermostream_country_label_mismatch_total: { kind: 'counter', labels: [], help: 'Readings whose country label disagrees with their coordinates.' },
  thermostream_readings_unassigned_total: { kind: 'counter', labels: [], help: 'Readings in no region (abroad, at sea): forwarded with a null region, counted in no aggregate.' },
  thermostream_readings_assigned_total: { kind: 'counter', labels: ['region'], help: 'Readings assigned to a region.' },
  thermostream_reading_versions_written_total: { kind: 'counter', labels: [], help: 'Versions the scd-writer accepted into the history (readings.versions), late ones included.' },
  thermostream_state_restored_records_total: { kind: 'counter', labels: [], help: 'Changelog records the scd-writer read into its local store when given partitions (a rebuild reads the whole changelog).' },
  thermostream_state_store_held_versions: { kind: 'gauge', labels: [], help: 'Current versions the scd-writer committed to its changelog and holds in memory, not yet written to its local store on disk (SCD_STORE_FLUSH_VERSIONS).' },
  thermostream_state_store_flushed_versions_total: { kind: 'counter', labels: [], help: 'Current versions the scd-writer wrote from memory to its local store on disk.' },
  thermostream_state_store_flush_seconds: { kind: 'histogram', labels: [], help: 'Time one write of held versions to the local store on disk took (one LMDB transaction).' },
  thermostream_state_store_flush_failures_total: { kind: 'counter', labels: [], help: 'Writes to the local store on disk that failed; their versions stay in memory and are written again.' },
  thermostream_reading_versions_mirrored_total: { kind: 'counter', labels: [], help: 'Versions the versions-mirror wrote to reading_versions in PostgreSQL.' },
  thermostream_deltas_emitted_total: { kind: 'counter', labels: ['kind'], help: 'Readings added to (ADD) or retracted from (RETRACT) the aggregates by the scd-writer, netted per region, hour and kind on readings.changes.' },
  thermostream_deltas_duplicates_skipped_total: { kind: 'counter', labels: [], help: 'readings.changes records skipped by the aggregator because their sequence was already applied.' },
  thermostream_aggregate_rows_upserted_total: { kind: 'counter', labels: [], help: 'region_hourly_temperature rows inserted, updated or deleted.' },
  thermostream_aggregate_imbalances: { kind: 'gauge', labels: [], help: 'Rows of aggregate_imbalances after the last batch: region-hours waiting for an addition whose retraction came first. Zero at rest.' },
  thermostream_archive_files_written_total: { kind: 'counter', labels: [], help: 'Avro files made visible in the archive.' },
  thermostream_archive_records_written_total: { kind: 'counter', labels: [], help: 'readings.raw records written to archive files.' },
  thermostream_archive_bytes_written_total: { kind: 'counter', labels: [], help: 'Bytes of Avro files written to the archive.' },
  thermostream_archive_idle_flushes_total: { kind: 'counter', labels: [], help: 'Archive files written because their partition received nothing for ARCHIVE_IDLE_FLUSH_MS.' },
  thermostream_lake_files_written_total: { kind: 'counter', labels: [], help: 'Parquet files made visible in the lake.' },
  thermostream_lake_rows_written_total: { kind: 'counter', labels: [], help: 'Reading versions written to lake files.' },
  thermostream_lake_bytes_written_total: { kind: 'counter', labels: [], help: 'Bytes of Parquet files written to the lake.' },
  thermostream_lake_cuts_total: { kind: 'counter', labels: ['reason'], help: 'Cuts of a partition’s versions written to the lake (one file per date and region), by reason: size (LAKE_MAX_VERSIONS_PER_CUT), age (LAKE_MAX_CUT_AGE_MS) or idle (LAKE_IDLE_FLUSH_MS).' },
  thermostream_lake_open_cuts: { kind: 'gauge', labels: [], help: 'Partitions whose versions are gathered and not yet written (one cut per partition at most); their records are not committed yet.' },
  thermostream_archive_open_files: { kind: 'gauge', labels: [], help: 'Archive files being filled (one per partition at most); their records are not committed yet.' },
} as const satisfies Record<string, { kind: 'counter' | 'gauge' | 'histogram'; labels: readonly string[]; help: string }>;

export type MetricName = keyof typeof metricDefinitions;

export type MetricLabels<N extends MetricName> = (typeof metricDefinitions)[N]['labels'][number];

/** The metrics table of the README. */
export function metricsMarkdownTable(): string {
  const rows = Object.entries(metricDefinitions).map(
    ([name, definition]) => `| \`${name}\` | ${definition.kind} | ${definition.labels.join(', ') || '—'} | ${definition.help} |`,
  );
  return ['| metric | kind | labels | meaning |', '|---|---|---|---|', ...rows].join('\n');
}
