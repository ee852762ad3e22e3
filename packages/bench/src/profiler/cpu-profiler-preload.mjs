// Preloaded into a service (NODE_OPTIONS=--import) by `thermo bench ingest --profile`: Node 20 refuses
// --cpu-prof in NODE_OPTIONS, and the supervisor owns the command line. Like --cpu-prof, it samples the
// main thread from start to exit and writes <pid>.cpuprofile, into the directory named by `?dir=` of this
// module's URL (the service's environment stays what it is).
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';

const directory = new URL(import.meta.url).searchParams.get('dir');
if (directory === null) throw new Error('cpu-profiler-preload: import it with ?dir=<directory for the profile>');

if (isMainThread) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');

  // An in-thread session answers synchronously, so the profile is written before the process ends.
  process.once('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) {
        console.error(`cpu-profiler-preload: ${error.message}`);
        return;
      }
      mkdirSync(directory, { recursive: true });
      writeFileSync(path.join(directory, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
