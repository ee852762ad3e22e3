import { mkdir, open, rename } from 'node:fs/promises';
import path from 'node:path';

/** Where archive files go; an object store can implement the same two calls. */
export interface ArchiveStorage {
  /** Makes the file visible only once complete and durable. */
  write(relativePath: string, bytes: Buffer): Promise<void>;
  describe(): string;
}

/**
 * A local directory: each file is written under a hidden temporary name, fsynced, renamed into
 * place and its directory fsynced, so a reader never sees a partial file and a crash leaves none.
 */
export function localDirectoryStorage(root: string): ArchiveStorage {
  return {
    describe: () => root,
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
