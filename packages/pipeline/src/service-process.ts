import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { serviceEnvironment, type ServiceName } from '@thermostream/config';
import { repositoryRoot } from './repository.ts';
import { getFromService } from './service-http.ts';

export interface ServiceLaunch {
  service: ServiceName;
  /** The HTTP port of the service: the API of http-ingest, /metrics of the others. */
  port: number;
  environment: Record<string, string>;
}

export interface RunningService {
  service: ServiceName;
  /** 0 for the first instance of a service; scaling out adds 1, 2… */
  instance: number;
  launch: ServiceLaunch;
  port: number;
  pid: number;
  logFile: string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL if still alive after the grace period; resolves once it exited. */
  stop(graceMs?: number): Promise<void>;
  kill(signal: NodeJS.Signals): void;
}

/**
 * Starts one instance of a service as its own process, its JSON log appended to
 * `<logDir>/<service>[-<instance>].log`. `ownProcessGroup` keeps a terminal's Ctrl-C from reaching
 * it: under a supervisor, only the supervisor stops it, once. `cpuList` holds it, every thread
 * from the first, to those CPUs (taskset's `-c` form): taskset execs the service, so the pid is
 * the service's.
 */
export function startService(launch: ServiceLaunch, logDir: string, instance = 0, options: { ownProcessGroup?: boolean; cpuList?: string } = {}): RunningService {
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${launch.service}${instance === 0 ? '' : `-${instance}`}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const command = [process.execPath, path.join('services', launch.service, 'src', 'main.ts')];
  if (options.cpuList !== undefined) command.unshift('taskset', '-c', options.cpuList);
  const child: ChildProcess = spawn(command[0]!, command.slice(1), {
    cwd: repositoryRoot,
    // A stable name in its consumer groups: started again after a crash, the instance takes its partitions back at once.
    env: serviceEnvironment({ KAFKA_GROUP_INSTANCE_ID: `${launch.service}-${instance}`, ...launch.environment }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.ownProcessGroup ?? false,
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      log.end();
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return {
    service: launch.service,
    instance,
    launch,
    port: launch.port,
    pid: child.pid ?? -1,
    logFile,
    exited,
    kill: (signal) => void child.kill(signal),
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Polls each service's /readyz until it answers 200; fails naming the services that never did. */
export async function waitUntilReady(services: readonly RunningService[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(services);
  while (pending.size > 0) {
    for (const running of [...pending]) {
      const exit = await Promise.race([running.exited, Promise.resolve(undefined)]);
      if (exit !== undefined) {
        throw new Error(`${running.service} exited (${exit}) before it was ready; see ${running.logFile}`);
      }
      if (await answersReady(running.port)) pending.delete(running);
    }
    if (pending.size === 0) return;
    if (Date.now() > deadline) {
      const names = [...pending].map((running) => `${running.service} (log: ${running.logFile})`).join(', ');
      throw new Error(`not ready after ${Math.round(timeoutMs / 1000)} s: ${names}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Whether the service on `port` answers /readyz with 200 now. */
export async function answersReady(port: number): Promise<boolean> {
  return (await getFromService(port, '/readyz', 1_000))?.status === 200;
}
