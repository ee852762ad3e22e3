import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig, stackSettings } from '@thermostream/config';
import { fromRepositoryRoot } from '@thermostream/pipeline';

const run = promisify(execFile);
const version = '1.12.0';

/** Apache Avro's own command-line tools (Java), fetched from Maven Central once into the stack's downloads. */
async function avroToolsJar(): Promise<string> {
  const directory = path.join(fromRepositoryRoot(loadConfig(stackSettings).dataDir), 'downloads');
  const jar = path.join(directory, `avro-tools-${version}.jar`);
  if (!existsSync(jar)) {
    await run('mvn', [
      '-q',
      '-B',
      'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy',
      `-Dartifact=org.apache.avro:avro-tools:${version}`,
      `-DoutputDirectory=${directory}`,
    ]);
  }
  return jar;
}

/** `avro-tools tojson`: the records of a container file as JSON objects, read by the Java implementation. */
export async function avroToolsToJson(file: string): Promise<unknown[]> {
  const { stdout } = await run('java', ['-jar', await avroToolsJar(), 'tojson', file], { maxBuffer: 256 * 1024 * 1024 });
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

/** `avro-tools getmeta`: the file's metadata, including the codec it names. */
export async function avroToolsCodec(file: string): Promise<string | undefined> {
  const { stdout } = await run('java', ['-jar', await avroToolsJar(), 'getmeta', file, '--key', 'avro.codec']);
  return stdout.trim() || undefined;
}
