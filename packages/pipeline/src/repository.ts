import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root: services are started from their sources there, and relative data paths resolve from it. */
export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

export function fromRepositoryRoot(relativeOrAbsolute: string): string {
  return path.resolve(repositoryRoot, relativeOrAbsolute);
}
