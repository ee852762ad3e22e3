import { regenerateReadmeTables } from './reference-docs.ts';

regenerateReadmeTables();
console.error('README.md: configuration and metrics tables regenerated');
