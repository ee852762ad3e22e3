import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The POM that lists the stack's Java artifacts. */
export const nativePom = fileURLToPath(new URL('../../../deploy/native/pom.xml', import.meta.url));

/**
 * Runs Maven on the native POM once per POM content: the marker file records the POM's hash, so a
 * later start skips Maven entirely unless the POM changed.
 */
export async function mavenOnce(goal: string, properties: Record<string, string>, marker: string, log: (line: string) => void): Promise<void> {
  const pomHash = createHash('sha256').update(readFileSync(nativePom)).digest('hex');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === pomHash) return;
  log(`maven: ${goal} (the first run downloads from Maven Central)`);
  const args = ['-q', '-B', '-f', nativePom, goal, ...Object.entries(properties).map(([key, value]) => `-D${key}=${value}`)];
  try {
    await run('mvn', args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const failure = error as { code?: string; stdout?: string; stderr?: string };
    if (failure.code === 'ENOENT') {
      throw new Error('Maven (mvn) is not installed: run `bash deploy/native/install-prerequisites.sh` (apt-get install -y maven openjdk-17-jre-headless)');
    }
    throw new Error(`mvn ${goal} failed:\n${failure.stdout ?? ''}${failure.stderr ?? ''}`);
  }
  mkdirSync(path.dirname(marker), { recursive: true });
  writeFileSync(marker, pomHash);
}

/** Fails early, with the command to fix it, when no Java 17+ runtime is on the PATH. */
export async function requireJava(): Promise<void> {
  let output: string;
  try {
    output = (await run('java', ['-version'])).stderr;
  } catch {
    throw new Error('Java is not installed: run `bash deploy/native/install-prerequisites.sh` (apt-get install -y openjdk-17-jre-headless)');
  }
  const major = Number(/version "(?:1\.)?(\d+)/.exec(output)?.[1] ?? 0);
  if (major < 17) throw new Error(`Java ${major} found; the stack needs 17 or newer (apt-get install -y openjdk-17-jre-headless)`);
}
