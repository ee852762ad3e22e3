import { chaosPassed, renderChaosReport, runChaos } from '@thermostream/bench';
import type { CliConfig } from '../cli-config.ts';
import { declareCommand } from '../command-line.ts';

const command = declareCommand({
  name: 'thermo chaos',
  summary: `Starts a stack of its own (a data directory in the system's temporary folder, free ports; the
stack under THERMO_HOME is left alone, only its downloads are reused) and the six services on it
under a supervisor, POSTs generated readings with corrections and duplicates to its http-ingest
(a 503 or a dropped connection is sent again, as a partner does), and injects faults one after
another for M minutes: a broker SIGKILLed or stopped (SIGSTOP) for a while, PostgreSQL shut down
immediately, the registry SIGKILLed, each service SIGKILLed. After each fault the component is
brought back as \`thermo stack up\` does and the run waits until every acknowledged reading is in
region_hourly_temperature once and every service works (/healthz, thermostream_consumer_running).
Prints the faults by kind, readings acknowledged, lost and counted twice, the longest stall and
each fault's recovery time; exits 1 unless nothing was lost or counted twice and every fault was
recovered from. Removes its stack at the end, also on Ctrl-C; a run that failed keeps it, with
the services' and the components' logs, and prints where.`,
  options: {
    minutes: { type: 'string', placeholder: 'M', description: 'how long faults are injected (required)' },
    brokers: { type: 'string', placeholder: 'N', description: '3 for a three-broker cluster (replication 3, min.insync.replicas 2)', default: '1' },
    seed: { type: 'string', placeholder: 'S', description: 'seed of the load and of the faults', default: '1' },
    rate: { type: 'string', placeholder: 'R', description: 'readings a second the partner offers', default: '1000' },
    'recovery-timeout': { type: 'string', placeholder: 'S', description: 'how long a recovery may take before the run stops', default: '300' },
    json: { type: 'boolean', description: 'the report as JSON' },
  },
});

export async function chaosCommand(args: string[], config: CliConfig): Promise<void> {
  const parsed = command.parse(args);
  if (!parsed) return;
  const { values } = parsed;
  if (values.minutes === undefined) throw command.usageError('--minutes is required');
  const report = await runChaos({
    minutes: command.positiveInteger(values.minutes, 'minutes'),
    brokers: command.positiveInteger(values.brokers, 'brokers'),
    seed: command.positiveInteger(values.seed, 'seed'),
    rate: command.positiveInteger(values.rate, 'rate'),
    seedDataDir: config.dataDir,
    recoveryTimeoutSeconds: command.positiveInteger(values['recovery-timeout'], 'recovery-timeout'),
    apiKey: config.ingestApiKey,
    progress: (line) => console.error(`chaos: ${line}`),
    supervisorLog: (event) => console.error(JSON.stringify({ time: new Date().toISOString(), ...event })),
  });
  console.log(values.json ? JSON.stringify(report, null, 2) : renderChaosReport(report));
  if (!chaosPassed(report)) process.exitCode = 1;
}
