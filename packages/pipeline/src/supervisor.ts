import path from 'node:path';
import type { ServiceName } from '@thermostream/config';
import { decideRestart, defaultRestartPolicy, type RestartPolicy } from './restart-policy.ts';
import { answersReady, startService, type RunningService, type ServiceLaunch } from './service-process.ts';

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
