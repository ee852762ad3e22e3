export type { BenchService, ServiceRequest, ServiceRunner } from './service-runner.ts';
export { createReadingGenerator, seededRandom, type GeneratorShares, type PartnerReading } from './reading-generator.ts';
export { benchIngest, type IngestBenchOptions } from './ingest/bench-ingest.ts';
export { renderIngestBenchReport, type IngestBenchReport } from './ingest/ingest-report.ts';
export { benchRegions, renderRegionsBenchReport, type RegionsBenchReport } from './regions/bench-regions.ts';
