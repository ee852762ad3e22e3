import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { serviceEnvironment, type ServiceName } from '@thermostream/config';
import { repositoryRoot } from './repository.ts';
import { decideRestart, defaultRestartPolicy, type RestartPolicy } from './restart-policy.ts';

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

export interface ServiceGroup {
  services: RunningService[];
  /** SIGTERM to every service, SIGKILL to those still alive after the grace period. */
  stop(graceMs?: number): Promise<void>;
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
    env: serviceEnvironment(launch.service, launch.environment),
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

/** Starts each service as its own process (instance 0 of each). */
export function startServices(launches: readonly ServiceLaunch[], logDir: string): ServiceGroup {
  const services = launches.map((launch) => startService(launch, logDir));
  return {
    services,
    async stop(graceMs = 10_000) {
      await Promise.all(services.map((running) => running.stop(graceMs)));
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

async function answersReady(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

/** One supervised instance as `stack status` and the supervisor's state file show it. */
export interface SupervisedInstance {
  service: ServiceName;
  instance: number;
  port: number;
  /** Undefined while it waits for its restart. */
  pid?: number;
  restarts: number;
  lastExit?: number | string;
}

export interface Supervisor {
  /** Starts instance `instance` of a service and keeps it running. */
  start(launch: ServiceLaunch, instance: number): RunningService;
  /** Stops one instance for good (scaling in). */
  remove(service: ServiceName, instance: number): Promise<void>;
  has(service: ServiceName, instance: number): boolean;
  instances(): SupervisedInstance[];
  /** The processes running now (not those waiting for a restart). */
  running(): RunningService[];
  /**
   * Resolves once every instance answers /readyz, restarts included (a service that crashes while
   * starting is started again, not fatal); fails naming those that never did. Resolves at once
   * when the supervisor stops.
   */
  waitUntilReady(timeoutMs: number): Promise<void>;
  /** Stops every instance, restarts included; resolves once all exited. */
  stop(): Promise<void>;
  /** SIGTERM to every process, synchronously: for a supervisor that is exiting abnormally. */
  terminateNow(): void;
}

export interface SupervisorOptions {
  logDir: string;
  policy?: RestartPolicy;
  /** One JSON line per event. */
  log: (event: Record<string, unknown>) => void;
  /** A service kept failing past the policy's limit: the supervisor stops restarting it. */
  onGiveUp: (reason: string) => void;
  /** Called after every change, e.g. to write a state file. */
  onChange?: (instances: SupervisedInstance[]) => void;
  now?: () => number;
}

interface Slot {
  launch: ServiceLaunch;
  instance: number;
  current?: RunningService;
  exitTimes: number[];
  restarts: number;
  lastExit?: number | string;
  timer?: NodeJS.Timeout;
}

const exitDetails = (exit: number | string) => (typeof exit === 'number' ? { exitCode: exit } : { signal: exit });

/**
 * Keeps services running: an instance that exits while it should run is started again after the
 * policy's backoff, and a service that exits more often than the policy allows is given up on.
 */
export function createSupervisor(options: SupervisorOptions): Supervisor {
  const policy = options.policy ?? defaultRestartPolicy;
  const now = options.now ?? Date.now;
  const slots = new Map<string, Slot>();
  const key = (service: ServiceName, instance: number) => `${service}#${instance}`;
  let stopping = false;

  const instances = (): SupervisedInstance[] =>
    [...slots.values()].map((slot) => ({
      service: slot.launch.service,
      instance: slot.instance,
      port: slot.launch.port,
      ...(slot.current ? { pid: slot.current.pid } : {}),
      restarts: slot.restarts,
      ...(slot.lastExit !== undefined ? { lastExit: slot.lastExit } : {}),
    }));
  const changed = () => options.onChange?.(instances());

  const spawnInto = (slot: Slot): RunningService => {
    const running = startService(slot.launch, options.logDir, slot.instance, { ownProcessGroup: true });
    slot.current = running;
    void running.exited.then((exit) => exitedUnexpectedly(slot, running, exit));
    changed();
    return running;
  };

  const exitedUnexpectedly = (slot: Slot, running: RunningService, exit: number | string) => {
    if (stopping || slot.current !== running || slots.get(key(slot.launch.service, slot.instance)) !== slot) return;
    slot.current = undefined;
    slot.lastExit = exit;
    slot.exitTimes.push(now());
    const decision = decideRestart(slot.exitTimes, now(), policy);
    const which = { service: slot.launch.service, instance: slot.instance, ...exitDetails(exit), log: running.logFile };
    if (decision.action === 'give-up') {
      const reason =
        `${slot.launch.service} instance ${slot.instance} exited ${decision.recentExits} times within ${Math.round(policy.windowMs / 1000)} s ` +
        `(last: ${typeof exit === 'number' ? `exit code ${exit}` : exit}); not restarting it again; see ${running.logFile}`;
      options.log({ level: 'error', msg: 'service keeps failing: giving up', ...which, restarts: slot.restarts, recentExits: decision.recentExits });
      changed();
      options.onGiveUp(reason);
      return;
    }
    slot.restarts += 1;
    options.log({ level: 'warn', msg: 'service exited: restarting', ...which, restarts: slot.restarts, nextDelayMs: decision.delayMs });
    changed();
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      if (!stopping && slots.get(key(slot.launch.service, slot.instance)) === slot) spawnInto(slot);
    }, decision.delayMs);
  };

  return {
    start(launch, instance) {
      const slot: Slot = { launch, instance, exitTimes: [], restarts: 0 };
      slots.set(key(launch.service, instance), slot);
      return spawnInto(slot);
    },
    async remove(service, instance) {
      const slot = slots.get(key(service, instance));
      if (!slot) return;
      slots.delete(key(service, instance));
      clearTimeout(slot.timer);
      await slot.current?.stop();
      changed();
    },
    has: (service, instance) => slots.has(key(service, instance)),
    async waitUntilReady(timeoutMs) {
      const deadline = now() + timeoutMs;
      for (;;) {
        if (stopping) return;
        const ready = await Promise.all([...slots.values()].map(async (slot) => slot.current !== undefined && (await answersReady(slot.launch.port))));
        const pending = [...slots.values()].filter((_, index) => !ready[index]);
        if (pending.length === 0) return;
        if (now() > deadline) {
          const names = pending.map((slot) => `${slot.launch.service} (log: ${slot.current?.logFile ?? path.join(options.logDir, `${slot.launch.service}.log`)})`);
          throw new Error(`not ready after ${Math.round(timeoutMs / 1000)} s: ${names.join(', ')}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    instances,
    running: () => [...slots.values()].flatMap((slot) => (slot.current ? [slot.current] : [])),
    async stop() {
      stopping = true;
      for (const slot of slots.values()) clearTimeout(slot.timer);
      await Promise.all([...slots.values()].map((slot) => slot.current?.stop()));
    },
    terminateNow() {
      for (const slot of slots.values()) slot.current?.kill('SIGTERM');
    },
  };
}
