import { mkdir, open, readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { parseArchiveFilePath } from './layout.ts';

/** Where archive (and lake) files go; an object store can implement the same calls. */
export interface ArchiveStorage {
  /** Makes the file visible only once complete and durable; writing the same path again replaces it whole. */
  write(relativePath: string, bytes: Buffer): Promise<void>;
  /** The complete files, as paths relative to the root (temporary files are never listed). */
  list(): Promise<string[]>;
  read(relativePath: string): Promise<Buffer>;
  describe(): string;
}

const isArchiveFile = (relativePath: string) => parseArchiveFilePath(relativePath) !== undefined;

/**
 * A local directory: each file is written under a hidden temporary name, fsynced, renamed into
 * place and its directory fsynced, so a reader never sees a partial file and a crash leaves none.
 */
export function localDirectoryStorage(root: string, isStoredFile: (relativePath: string) => boolean = isArchiveFile): ArchiveStorage {
  return {
    describe: () => root,
    async list() {
      let entries: string[];
      try {
        entries = await readdir(root, { recursive: true });
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOENT') return [];
        throw error;
      }
      return entries.map((entry) => entry.split(path.sep).join('/')).filter(isStoredFile).sort();
    },
    read: (relativePath) => readFile(path.join(root, relativePath)),
    async write(relativePath, bytes) {
      const target = path.join(root, relativePath);
      const directory = path.dirname(target);
      const temporary = path.join(directory, `.${path.basename(target)}.tmp`);
      await mkdir(directory, { recursive: true });
      const file = await open(temporary, 'w');
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, target);
      const directoryHandle = await open(directory, 'r');
      try {
        await directoryHandle.sync();
      } finally {
        await directoryHandle.close();
      }
    },
  };
}
