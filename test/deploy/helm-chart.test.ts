import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { topics, type Topic } from '@thermostream/kafka';
import { mirrorService, serviceDefaultPorts, serviceNames, type ServiceName } from '@thermostream/config';
import { serviceSettingsByName } from '../../tools/reference-docs/src/reference-docs.ts';
import { chartDir, examplesDir, renderChart, run, toolPath, validate, type Manifest } from './helm-tools.ts';

/** The topic each consumer service's group reads (its main.ts), which its ScaledObject must watch. */
const inputTopics: Record<string, Topic> = {
  'raw-archiver': topics.raw,
  filter: topics.raw,
  'region-partitioner': topics.clean,
  'scd-writer': topics.regional,
  aggregator: topics.changes,
  'lake-writer': topics.versions,
  'versions-mirror': topics.versions,
};
/** Every service the chart can run; all but the optional versions-mirror run by default. */
const allServices = ['http-ingest', ...Object.keys(inputTopics)];
const defaultServices = allServices.filter((service) => service !== mirrorService);

/** The variables a service reads: the settings it declares (its config.ts), as the README's table lists them. */
function settingsRead(service: string): string[] {
  const declared = serviceSettingsByName[service as ServiceName];
  if (!declared) throw new Error(`${service} is not a service of packages/config (serviceDefaultPorts)`);
  return Object.values(declared).map((setting) => setting.env);
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface Probe {
  httpGet: { path: string; port: number };
}
interface Container {
  name: string;
  env: EnvVar[];
  ports: { containerPort: number }[];
  livenessProbe: Probe;
  readinessProbe: Probe;
  startupProbe: Probe;
  securityContext: { runAsNonRoot?: boolean; readOnlyRootFilesystem: boolean; allowPrivilegeEscalation: boolean; capabilities: { drop: string[] } };
}
interface PodSpec {
  securityContext: { runAsNonRoot: boolean; runAsUser: number };
  automountServiceAccountToken: boolean;
  containers: Container[];
  volumes: { name: string; emptyDir?: unknown; ephemeral?: unknown; persistentVolumeClaim?: { claimName: string } }[];
}

const examplesValues = path.join(examplesDir, 'values-strimzi-cnpg.yaml');
const minimalValues = path.join(examplesDir, 'values-minimal.yaml');
const mirrorValues = path.join(examplesDir, 'values-versions-mirror.yaml');
/** Each values case, its files, and the services it runs. */
const valuesCases: [string, string[], string[]][] = [
  ['the default values', [], defaultServices],
  ['values-strimzi-cnpg.yaml', [examplesValues], defaultServices],
  ['values-minimal.yaml', [minimalValues], defaultServices],
  ['values-strimzi-cnpg.yaml and values-versions-mirror.yaml', [examplesValues, mirrorValues], allServices],
];

const ofKind = (manifests: Manifest[], kind: string) => manifests.filter((manifest) => manifest.kind === kind);
const named = (manifests: Manifest[], kind: string, service: string) => {
  const found = ofKind(manifests, kind).find((manifest) => manifest.metadata.name === `thermostream-${service}`);
  if (!found) throw new Error(`no ${kind} thermostream-${service} among ${manifests.map((manifest) => `${manifest.kind}/${manifest.metadata.name}`).join(', ')}`);
  return found;
};
const podOf = (deployment: Manifest) => (deployment.spec as { template: { spec: PodSpec } }).template.spec;
const containerOf = (deployment: Manifest) => podOf(deployment).containers[0]!;
const envOf = (deployment: Manifest) => new Map(containerOf(deployment).env.map((variable) => [variable.name, variable]));

describe('the Helm chart', () => {
  beforeAll(() => {
    toolPath('helm');
    toolPath('kubeconform');
  });

  it.each(valuesCases)('passes helm lint with %s', (_name, valuesFiles) => {
    const lint = run('helm', ['lint', '--strict', chartDir, ...valuesFiles.flatMap((file) => ['--values', file])]);
    expect({ status: lint.status, output: lint.stdout + lint.stderr }).toEqual({ status: 0, output: expect.stringContaining('0 chart(s) failed') });
  });

  it.each(valuesCases)('renders, with %s, only documents that match the kept Kubernetes 1.33 and CRD schemas', (_name, valuesFiles) => {
    const { yaml, manifests } = renderChart(valuesFiles);
    const validation = validate(yaml);
    expect({ status: validation.status, output: validation.stdout + validation.stderr }).toEqual({
      status: 0,
      output: expect.stringContaining(`${manifests.length} resources found parsing stdin - Valid: ${manifests.length}, Invalid: 0, Errors: 0, Skipped: 0`),
    });
  });

  it.each(valuesCases)('gives every service, with %s, only variables it reads', (_name, valuesFiles, services) => {
    const { manifests } = renderChart(valuesFiles);
    const unknown = Object.fromEntries(
      ofKind(manifests, 'Deployment').map((deployment) => {
        const service = containerOf(deployment).name;
        const names = [...envOf(deployment).keys()].filter((name) => name !== 'SERVICE');
        return [service, names.filter((name) => !settingsRead(service).includes(name))];
      }),
    );
    expect(unknown).toEqual(Object.fromEntries(services.map((service) => [service, []])));
  });

  it('validation rejects a field the schema does not know, and a kind it has no schema for', () => {
    const { manifests } = renderChart();
    const deployment = named(manifests, 'Deployment', 'filter');
    (containerOf(deployment) as unknown as Record<string, unknown>)['livenesProbe'] = { httpGet: { path: '/healthz', port: 19103 } };
    const misspelt = validate(JSON.stringify(deployment));
    expect(misspelt.status).not.toBe(0);
    expect(misspelt.stdout).toContain("additional properties 'livenesProbe' not allowed");

    const unknownKind = validate(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }));
    expect(unknownKind.status).not.toBe(0);
    expect(unknownKind.stdout).toContain('could not find schema for ConfigMap');
  });

  it.each(['strimzi-kafka.yaml', 'cloudnative-pg.yaml', 'apicurio-registry.yaml'])('keeps the example %s valid against the kept schemas', (file) => {
    const validation = validate(readFileSync(path.join(examplesDir, file), 'utf8'));
    expect({ status: validation.status, output: validation.stdout + validation.stderr }).toEqual({ status: 0, output: expect.stringContaining('Invalid: 0, Errors: 0, Skipped: 0') });
  });

  it('knows every service of packages/config, and runs by default those a pipeline always runs', () => {
    const values = parse(readFileSync(path.join(chartDir, 'values.yaml'), 'utf8')) as { services: Record<string, { enabled: boolean }> };
    expect(Object.keys(values.services).sort()).toEqual(Object.keys(serviceDefaultPorts).sort());
    expect([...allServices].sort()).toEqual(Object.keys(serviceDefaultPorts).sort());
    const enabled = Object.entries(values.services).flatMap(([service, settings]) => (settings.enabled ? [service] : []));
    expect(enabled.sort()).toEqual([...serviceNames].sort());
    expect(values.services[mirrorService]?.enabled).toBe(false);
  });

  it.each(valuesCases.filter(([, , services]) => !services.includes(mirrorService)))('renders nothing of the versions-mirror with %s', (_name, valuesFiles) => {
    const { manifests } = renderChart(valuesFiles);
    const mirrorObjects = manifests.filter(
      (manifest) => manifest.metadata.name.includes(mirrorService) || manifest.metadata.labels?.['app.kubernetes.io/name'] === mirrorService,
    );
    expect(mirrorObjects.map((manifest) => `${manifest.kind}/${manifest.metadata.name}`)).toEqual([]);
    expect(ofKind(manifests, 'ScaledObject').map((manifest) => manifest.metadata.name)).not.toContain(`thermostream-${mirrorService}`);
  });

  describe.each([
    ['the Strimzi and CloudNativePG values', [examplesValues], defaultServices],
    ['the Strimzi and CloudNativePG values with the versions-mirror on', [examplesValues, mirrorValues], allServices],
  ])('with %s', (_name, valuesFiles, services) => {
    const { manifests } = renderChart(valuesFiles);
    const consumers = Object.entries(inputTopics).filter(([service]) => services.includes(service));

    it('runs every service as a Deployment with a Service and a PodDisruptionBudget', () => {
      for (const kind of ['Deployment', 'Service', 'PodDisruptionBudget']) {
        expect(ofKind(manifests, kind).map((manifest) => manifest.metadata.name).sort()).toEqual(services.map((service) => `thermostream-${service}`).sort());
      }
    });

    it.each(services)('probes %s: /healthz for liveness and startup, /readyz for readiness, on its own port', (service) => {
      const container = containerOf(named(manifests, 'Deployment', service));
      const port = container.ports[0]!.containerPort;
      expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port });
      expect(container.startupProbe.httpGet).toEqual({ path: '/healthz', port });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port });
      const listensOn = envOf(named(manifests, 'Deployment', service)).get(service === 'http-ingest' ? 'INGEST_PORT' : 'METRICS_PORT');
      expect(listensOn?.value).toBe(String(port));
      // The port `pnpm start` gives the service too.
      expect(port).toBe(serviceDefaultPorts[service as ServiceName]);
    });

    it.each(services)('runs %s as a non-root user on a read-only root filesystem without capabilities', (service) => {
      const pod = podOf(named(manifests, 'Deployment', service));
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.containers[0]!.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    });

    it.each(services)('spreads the replicas of %s over nodes, selecting its own pods only', (service) => {
      const deployment = named(manifests, 'Deployment', service);
      const selector = (deployment.spec as { selector: { matchLabels: Record<string, string> } }).selector;
      expect((podOf(deployment) as unknown as { topologySpreadConstraints: unknown[] }).topologySpreadConstraints).toEqual([
        { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector },
      ]);
      expect(selector.matchLabels).toEqual({ 'app.kubernetes.io/name': service, 'app.kubernetes.io/instance': 'thermostream' });
    });

    it.each(consumers)('scales %s with KEDA on its group lag, never past its topic partitions', (service, topic) => {
      const scaled = named(manifests, 'ScaledObject', service).spec as {
        scaleTargetRef: { name: string };
        maxReplicaCount: number;
        triggers: { type: string; metadata: Record<string, string>; authenticationRef: { name: string } }[];
      };
      expect(scaled.scaleTargetRef.name).toBe(`thermostream-${service}`);
      expect(scaled.maxReplicaCount).toBeLessThanOrEqual(topic.partitions);
      expect(scaled.maxReplicaCount).toBeLessThanOrEqual(6);
      expect(scaled.triggers).toEqual([
        {
          type: 'kafka',
          metadata: expect.objectContaining({ consumerGroup: `thermostream.${service}`, topic: topic.name, sasl: 'scram_sha512', tls: 'enable' }),
          authenticationRef: { name: `thermostream-${service}` },
        },
      ]);
      expect(Number(scaled.triggers[0]!.metadata['lagThreshold'])).toBeGreaterThan(0);
      // KEDA reads the lag as the service's own Kafka user.
      expect(named(manifests, 'TriggerAuthentication', service).spec).toMatchObject({
        secretTargetRef: expect.arrayContaining([{ parameter: 'password', name: `thermostream-${service}`, key: 'password' }]),
      });
    });

    it('scales http-ingest on CPU with an HPA instead, and leaves replicas to the autoscalers', () => {
      expect(ofKind(manifests, 'ScaledObject').map((manifest) => manifest.metadata.name)).not.toContain('thermostream-http-ingest');
      expect(named(manifests, 'HorizontalPodAutoscaler', 'http-ingest').spec).toMatchObject({
        scaleTargetRef: { kind: 'Deployment', name: 'thermostream-http-ingest' },
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }],
      });
      for (const deployment of ofKind(manifests, 'Deployment')) expect(deployment.spec).not.toHaveProperty('replicas');
    });

    it('references every secret from the Secrets the operators made, and renders none of its own', () => {
      expect(ofKind(manifests, 'Secret')).toEqual([]);
      const secretOf = (service: string, variable: string) => envOf(named(manifests, 'Deployment', service)).get(variable);
      expect(secretOf('aggregator', 'DATABASE_URL')).toEqual({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'thermostream-pg-app', key: 'uri' } } });
      // The scd-writer keeps its state beside Kafka: no database on its path.
      expect(secretOf('scd-writer', 'DATABASE_URL')).toBeUndefined();
      expect(secretOf('http-ingest', 'INGEST_API_KEYS')?.valueFrom?.secretKeyRef).toEqual({ name: 'thermostream-ingest-api-keys', key: 'api-keys' });
      for (const service of services) {
        expect(secretOf(service, 'KAFKA_SASL_PASSWORD')?.valueFrom?.secretKeyRef).toEqual({ name: `thermostream-${service}`, key: 'password' });
        expect(secretOf(service, 'KAFKA_TLS_CA_FILE')?.value).toBe('/etc/thermostream/kafka-ca/ca.crt');
      }
      expect(podOf(named(manifests, 'Deployment', 'filter')).volumes).toContainEqual({
        name: 'kafka-ca',
        secret: { secretName: 'thermostream-cluster-ca-cert', items: [{ key: 'ca.crt', path: 'ca.crt' }] },
      });
    });

    it('keeps the archive and the lake on claims that outlive the release, and the scd-writer store on a claim per pod', () => {
      for (const [service, claim] of [['raw-archiver', 'thermostream-archive'], ['lake-writer', 'thermostream-lake']] as const) {
        expect(podOf(named(manifests, 'Deployment', service)).volumes).toContainEqual(expect.objectContaining({ persistentVolumeClaim: { claimName: claim } }));
        expect(ofKind(manifests, 'PersistentVolumeClaim').find((manifest) => manifest.metadata.name === claim)).toMatchObject({
          metadata: { annotations: { 'helm.sh/resource-policy': 'keep' } },
          spec: { accessModes: ['ReadWriteMany'], storageClassName: 'nfs' },
        });
      }
      const state = podOf(named(manifests, 'Deployment', 'scd-writer')).volumes.find((volume) => volume.name === 'scd-state');
      expect(state).toHaveProperty('ephemeral');
    });

    it('has Prometheus scrape every service under the job the alerts watch', () => {
      const [monitor] = ofKind(manifests, 'ServiceMonitor');
      expect(monitor?.spec).toMatchObject({ jobLabel: 'app.kubernetes.io/part-of', selector: { matchLabels: { 'app.kubernetes.io/part-of': 'thermostream' } } });
      const { selector, endpoints } = monitor!.spec as { selector: { matchLabels: Record<string, string> }; endpoints: { port: string; path: string }[] };
      const scrapedPorts = endpoints.filter((endpoint) => endpoint.path === '/metrics').map((endpoint) => endpoint.port);
      expect(ofKind(manifests, 'Service').map((service) => service.metadata.name).sort()).toEqual(services.map((service) => `thermostream-${service}`).sort());
      for (const service of ofKind(manifests, 'Service')) {
        expect(service.metadata.labels).toMatchObject(selector.matchLabels);
        const ports = (service.spec as { ports: { name: string }[] }).ports.map((port) => port.name);
        expect(ports.filter((port) => scrapedPorts.includes(port))).toHaveLength(1);
      }
    });
  });

  describe('with the versions-mirror on (values-versions-mirror.yaml over the Strimzi values)', () => {
    const { manifests } = renderChart([examplesValues, mirrorValues]);
    type ScaledSpec = { scaleTargetRef: { name: string }; minReplicaCount: number; maxReplicaCount: number; triggers: { metadata: Record<string, string> }[] };
    const scaledOf = (service: string) => named(manifests, 'ScaledObject', service).spec as ScaledSpec;

    it('scales it on the lag of its own group on readings.versions, apart from the lake-writer on the same topic', () => {
      const mirror = scaledOf(mirrorService);
      expect(mirror.scaleTargetRef.name).toBe('thermostream-versions-mirror');
      expect(mirror.triggers[0]!.metadata).toMatchObject({ consumerGroup: 'thermostream.versions-mirror', topic: 'readings.versions', lagThreshold: '200' });
      expect(mirror.minReplicaCount).toBe(1);
      expect(mirror.maxReplicaCount).toBeLessThanOrEqual(topics.versions.partitions);
      expect(scaledOf('lake-writer').triggers[0]!.metadata).toMatchObject({ consumerGroup: 'thermostream.lake-writer', topic: 'readings.versions' });
      expect(named(manifests, 'TriggerAuthentication', mirrorService).spec).toMatchObject({
        secretTargetRef: expect.arrayContaining([{ parameter: 'password', name: 'thermostream-versions-mirror', key: 'password' }]),
        env: [{ parameter: 'username', name: 'KAFKA_SASL_USERNAME', containerName: mirrorService }],
      });
    });

    it('gives it the database credentials of the aggregator, and its own Kafka user', () => {
      const mirror = envOf(named(manifests, 'Deployment', mirrorService));
      const aggregator = envOf(named(manifests, 'Deployment', 'aggregator'));
      expect(mirror.get('DATABASE_URL')).toEqual({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'thermostream-pg-app', key: 'uri' } } });
      expect(mirror.get('DATABASE_URL')).toEqual(aggregator.get('DATABASE_URL'));
      expect(mirror.get('DATABASE_POOL_SIZE')).toEqual(aggregator.get('DATABASE_POOL_SIZE'));
      expect(mirror.get('SERVICE')?.value).toBe(mirrorService);
      expect(mirror.get('KAFKA_SASL_USERNAME')?.value).toBe('thermostream-versions-mirror');
      expect(mirror.get('METRICS_HOST')?.value).toBe('0.0.0.0');
    });

    it('gives it its resources, a PodDisruptionBudget over its own pods, and a metrics port on 19108', () => {
      const deployment = named(manifests, 'Deployment', mirrorService);
      expect((containerOf(deployment) as unknown as { resources: unknown }).resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } });
      const selector = (deployment.spec as { selector: unknown }).selector;
      expect(named(manifests, 'PodDisruptionBudget', mirrorService).spec).toEqual({ maxUnavailable: 1, selector });
      expect((named(manifests, 'Service', mirrorService).spec as { ports: unknown[] }).ports).toEqual([{ name: 'metrics', port: 19108, targetPort: 19108, protocol: 'TCP' }]);
    });
  });

  describe('with values given inline (values-minimal.yaml)', () => {
    const { manifests } = renderChart([minimalValues]);
    const [secret] = ofKind(manifests, 'Secret');

    it('keeps the passwords, the database URL and the API keys in its own Secret, and only references them', () => {
      expect(secret?.stringData).toEqual({
        'database-url': 'postgres://thermostream:test-password@postgres:5432/thermostream',
        'ingest-api-keys': 'test-partner:test-key',
        'registry-password': 'registry-test-password',
      });
      const deployments = JSON.stringify(ofKind(manifests, 'Deployment'));
      for (const value of Object.values(secret!.stringData!)) expect(deployments).not.toContain(value);
      expect(envOf(named(manifests, 'Deployment', 'filter')).get('SCHEMA_REGISTRY_PASSWORD')?.valueFrom?.secretKeyRef).toEqual({ name: 'thermostream', key: 'registry-password' });
      expect(envOf(named(manifests, 'Deployment', 'aggregator')).get('DATABASE_URL')?.valueFrom?.secretKeyRef).toEqual({ name: 'thermostream', key: 'database-url' });
    });

    it('without KEDA, gives each Deployment its replicas and renders no ScaledObject', () => {
      expect(ofKind(manifests, 'ScaledObject')).toEqual([]);
      expect(named(manifests, 'Deployment', 'filter').spec).toMatchObject({ replicas: 1 });
    });

    it('passes no SASL or TLS settings to a plaintext Kafka', () => {
      const names = [...envOf(named(manifests, 'Deployment', 'filter')).keys()];
      expect(names.filter((name) => name.startsWith('KAFKA_SASL') || name.startsWith('KAFKA_TLS'))).toEqual([]);
    });

    it('runs the versions-mirror, once enabled, on its replicas with the database URL of its own Secret', () => {
      const withMirror = renderChart([minimalValues], ['services.versions-mirror.enabled=true']).manifests;
      expect(ofKind(withMirror, 'ScaledObject')).toEqual([]);
      expect(named(withMirror, 'Deployment', mirrorService).spec).toMatchObject({ replicas: 1 });
      expect(envOf(named(withMirror, 'Deployment', mirrorService)).get('DATABASE_URL')?.valueFrom?.secretKeyRef).toEqual({ name: 'thermostream', key: 'database-url' });
    });
  });

  it('names topics and groups in a pipeline namespace as the services do', () => {
    const { manifests } = renderChart([], ['pipelineNamespace=model2', 'services.versions-mirror.enabled=true']);
    const triggerOf = (service: string) => (named(manifests, 'ScaledObject', service).spec as { triggers: { metadata: Record<string, string> }[] }).triggers[0]!.metadata;
    expect(triggerOf('aggregator')).toMatchObject({ consumerGroup: 'model2.thermostream.aggregator', topic: 'model2.readings.changes' });
    expect(triggerOf(mirrorService)).toMatchObject({ consumerGroup: 'model2.thermostream.versions-mirror', topic: 'model2.readings.versions' });
  });

  it('refuses more replicas than the input topic has partitions', () => {
    expect(() => renderChart([], ['services.filter.autoscaling.maxReplicas=7'])).toThrow(/maxReplicas.*maximum: got 7, want 6/s);
  });

  it('says which value is missing when a service has no way to its database', () => {
    expect(() => renderChart([], ['postgresql.existingSecret='])).toThrow('postgresql.url or postgresql.existingSecret is required');
  });

  it('names the service that has no Kafka user when every other service has one of its own', () => {
    expect(() => renderChart([examplesValues], ['services.versions-mirror.enabled=true'])).toThrow(
      'kafka.sasl.users has no user for versions-mirror: give it kafka.sasl.users.versions-mirror',
    );
  });

  it('says which Secret a SASL user needs', () => {
    expect(() => renderChart([], ['kafka.sasl.mechanism=SCRAM-SHA-512', 'kafka.sasl.username=thermostream'])).toThrow(
      'kafka.sasl.mechanism needs kafka.sasl.password, kafka.sasl.existingSecret or kafka.sasl.users',
    );
  });
});
