import { readFileSync, writeFileSync } from 'node:fs';
import { configurationTable, metricsMarkdownTable, replaceSection } from '../reference-docs.ts';
import { fromRepositoryRoot } from '../repository.ts';

/** `thermo docs`: rewrites the README's configuration and metrics tables from their declarations. */
export function docsCommand(): void {
  const readme = fromRepositoryRoot('README.md');
  const updated = replaceSection(replaceSection(readFileSync(readme, 'utf8'), 'configuration', configurationTable()), 'metrics', metricsMarkdownTable());
  writeFileSync(readme, updated);
  console.error('README.md: configuration and metrics tables regenerated');
}
