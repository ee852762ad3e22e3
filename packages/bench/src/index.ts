export type { BenchService, ServiceRequest, ServiceRunner, VerifyOutcome } from './service-runner.ts';
export { createReadingGenerator, seededRandom, type GeneratorShares, type PartnerReading } from './reading-generator.ts';
export { benchIngest, type IngestBenchOptions } from './ingest/bench-ingest.ts';
export { renderIngestBenchReport, type IngestBenchReport } from './ingest/ingest-report.ts';
export { benchRegions, renderRegionsBenchReport, type RegionsBenchReport } from './regions/bench-regions.ts';
export { benchPipeline, type PipelineBenchOptions } from './pipeline/bench-pipeline.ts';
export { renderPipelineBenchReport, type PipelineBenchReport } from './pipeline/pipeline-report.ts';
export { benchLive, type LiveBenchOptions } from './live/bench-live.ts';
export { renderLiveBenchReport, type LiveBenchReport } from './live/live-report.ts';
