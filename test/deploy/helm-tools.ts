import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fromRepositoryRoot } from '@thermostream/pipeline';

/** Where deploy/native/install-helm-tools.sh builds Helm and kubeconform. */
const toolsBin = path.join(homedir(), '.cache', 'thermostream', 'tools', 'bin');

export const chartDir = fromRepositoryRoot('deploy/helm/thermostream');
export const examplesDir = fromRepositoryRoot('deploy/helm/examples');

/** The Kubernetes version the kept schemas describe (deploy/helm/schemas/kubernetes-v1.33.0). */
const kubernetesVersion = '1.33.0';
const schemaLocations = [
  `${fromRepositoryRoot('deploy/helm/schemas')}/kubernetes-{{ .NormalizedKubernetesVersion }}/{{ .ResourceKind }}{{ .KindSuffix }}.json`,
  `${fromRepositoryRoot('deploy/helm/schemas')}/crds/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`,
];

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  stringData?: Record<string, string>;
  data?: Record<string, string>;
}

export interface ToolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The path of a tool, or an error that says how to install it. */
export function toolPath(name: 'helm' | 'kubeconform'): string {
  const binary = path.join(toolsBin, name);
  if (!existsSync(binary)) {
    throw new Error(`${name} is not installed at ${binary}: run \`bash deploy/native/install-helm-tools.sh\` (it builds Helm and kubeconform with Go)`);
  }
  return binary;
}

export function run(tool: 'helm' | 'kubeconform', args: readonly string[], input?: string): ToolRun {
  const result = spawnSync(toolPath(tool), args, { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `helm template` of the chart with the given values files and --set pairs; throws with Helm's message when it fails. */
export function renderChart(valuesFiles: readonly string[] = [], sets: readonly string[] = []): { yaml: string; manifests: Manifest[] } {
  const args = ['template', 'thermostream', chartDir, ...valuesFiles.flatMap((file) => ['--values', file]), ...sets.flatMap((pair) => ['--set', pair])];
  const rendered = run('helm', args);
  if (rendered.status !== 0) throw new Error(`helm ${args.join(' ')} failed:\n${rendered.stderr}`);
  return { yaml: rendered.stdout, manifests: parseManifests(rendered.stdout) };
}

export function parseManifests(yaml: string): Manifest[] {
  return parseAllDocuments(yaml)
    .map((document) => document.toJS() as Manifest | null)
    .filter((manifest): manifest is Manifest => manifest !== null);
}

/**
 * kubeconform, strict and offline: every document must match a schema kept in the repository (a
 * kind without one is an error, not a skip), and no field outside it is allowed.
 */
export function validate(yaml: string): ToolRun {
  return run(
    'kubeconform',
    ['-strict', '-summary', '-output', 'text', '-kubernetes-version', kubernetesVersion, ...schemaLocations.flatMap((location) => ['-schema-location', location]), '-'],
    yaml,
  );
}
