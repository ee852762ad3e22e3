/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) that self time needs. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  selfMs: number;
  /** Of the whole profile, idle time included. */
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Share of the profile the process was not idle. */
  busyShare: number;
  functions: SelfTime[];
  /** Node internals and natives counted to the package that called them. */
  packages: SelfTime[];
}

/**
 * Self time summed by function and by package, the largest first. By package, Node internals and
 * natives (Buffer, zlib, streams…) count to the package that called them, so that each layer of the
 * service shows what it costs. A sample lasts until the next one, as in Chrome's profiler. Only the
 * samples taken inside `window` count: V8 stamps them with the system's monotonic clock in
 * microseconds, the clock of `process.hrtime`, so another process can say when the load ran.
 */
export function summarizeCpuProfile(profile: CpuProfile, top: number, window: { fromMicros: number; toMicros: number } = everything): ProfileSummary {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const parents = new Map(profile.nodes.flatMap((node) => (node.children ?? []).map((child) => [child, node.id] as const)));
  const owners = new Map<number, string>();
  const ownerOf = (nodeId: number): string => {
    let owner = owners.get(nodeId);
    if (owner === undefined) {
      const own = moduleOf(frames.get(nodeId)!);
      const parent = parents.get(nodeId);
      owner = calleeModules.has(own) && parent !== undefined && frames.get(parent)!.functionName !== '(root)' ? ownerOf(parent) : own;
      owners.set(nodeId, owner);
    }
    return owner;
  };
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const add = (totals: Map<string, number>, key: string, micros: number) => totals.set(key, (totals.get(key) ?? 0) + micros);
  let sampledAt = profile.startTime;
  const times = profile.samples.map((_, index) => (sampledAt += profile.timeDeltas[index] ?? 0));
  profile.samples.forEach((nodeId, index) => {
    const frame = frames.get(nodeId);
    if (frame === undefined || times[index]! < window.fromMicros || times[index]! >= window.toMicros) return;
    const micros = Math.max(0, (times[index + 1] ?? profile.endTime) - times[index]!);
    add(byFunction, functionLabel(frame), micros);
    add(byPackage, ownerOf(nodeId), micros);
  });
  const total = [...byFunction.values()].reduce((sum, micros) => sum + micros, 0);
  const ranked = (totals: Map<string, number>) =>
    [...totals]
      .sort(([, a], [, b]) => b - a)
      .slice(0, top)
      .map(([name, micros]) => ({ name, selfMs: Math.round(micros / 1000), share: total === 0 ? 0 : micros / total }));
  return {
    totalMs: Math.round(total / 1000),
    busyShare: total === 0 ? 0 : 1 - (byPackage.get('(idle)') ?? 0) / total,
    functions: ranked(byFunction),
    packages: ranked(byPackage),
  };
}

const everything = { fromMicros: -Infinity, toMicros: Infinity };

/** What a package calls rather than a package of its own. */
const calleeModules = new Set(['node internals', '(native)']);

type CallFrame = CpuProfile['nodes'][number]['callFrame'];

/** tsx compiles each TypeScript file to one line, so there only the file tells where a function is. */
function functionLabel(frame: CallFrame): string {
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  if (frame.url === '') return name;
  return frame.url.endsWith('.ts') ? `${name} ${shortUrl(frame.url)}` : `${name} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
}

/** Where a function comes from: an npm package, a workspace package, Node itself, or a V8 category. */
export function moduleOf(frame: Pick<CallFrame, 'functionName' | 'url'>): string {
  const { url } = frame;
  if (url === '') return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const dependency = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (dependency !== null) return dependency[1]!;
  const workspace = /\/(packages|services)\/([^/]+)\//.exec(url);
  if (workspace !== null) return `@thermostream/${workspace[2]}`;
  return url;
}

/** The path from the package onwards: enough to find the file, without the machine's directories. */
function shortUrl(url: string): string {
  const dependency = /.*\/node_modules\/(.*)$/.exec(url);
  if (dependency !== null) return dependency[1]!;
  const workspace = /\/((?:packages|services)\/.*)$/.exec(url);
  return workspace !== null ? workspace[1]! : url;
}
