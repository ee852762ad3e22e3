export { loadCliConfig, stackOptionsOf, type CliConfig } from './cli-config.ts';
