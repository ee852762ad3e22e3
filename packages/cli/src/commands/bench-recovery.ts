import { benchRecovery, recoveryPassed, recoveryTargetSeconds, renderRecoveryBenchReport } from '@thermostream/bench';
import { stackOptionsOf, type CliConfig } from '../cli-config.ts';
import { declareCommand } from '../command-line.ts';

const command = declareCommand({
  name: 'thermo bench recovery',
  summary: `How an scd-writer comes back after SIGKILL. Generates N readings (random UUID ids, seeded; 90 %
in France, 8 % abroad, 2 % invalid), publishes them to a fresh namespace's readings.raw and drains
them through its processing chain. Then SIGKILLs the scd-writer twice and each time launches a
replacement with the same state directory: first with its local store kept (it catches up from the
store's changelog position), then with the store deleted (it rebuilds from the changelog's
beginning). After each kill it publishes 1,000 new ids and 500 corrections of ids already held
(half of the second batch's correct the first batch's ids again) and times the replacement from its
launch: joined its group (its log), ready (/readyz), consuming again (its
thermostream_records_consumed_total moves) and the batch in region_hourly_temperature; and from the
kill until consuming again, against the ${recoveryTargetSeconds} s target. Prints what the catch-up logged: ids
restored, seconds and ids/s. At the end the table must equal the expectation, corrections
retracted, and thermo verify's recount must pass (exit 1 otherwise). Deletes the namespace at the
end, also on Ctrl-C.`,
  options: {
    readings: { type: 'string', placeholder: 'N', description: 'readings drained before the first kill', default: '1000000' },
    seed: { type: 'string', placeholder: 'S', description: 'seed of the generated readings', default: '1' },
    'session-timeout': {
      type: 'string',
      placeholder: 'MS',
      description: `KAFKA_SESSION_TIMEOUT_MS for the services: how long the group waits for
the killed member before the replacement may join (default: the
environment's, else the product's 30000)`,
    },
    timeout: { type: 'string', placeholder: 'S', description: 'seconds the drain, and each replacement until its batch is in the table, may take', default: '600' },
    keep: { type: 'boolean', description: "keeps the namespace's topics, tables and the services' logs" },
    json: { type: 'boolean', description: 'the report as JSON' },
  },
});

export async function benchRecoveryCommand(args: string[], config: CliConfig): Promise<void> {
  const parsed = command.parse(args);
  if (!parsed) return;
  const { values } = parsed;
  const sessionTimeout = values['session-timeout'];
  const report = await benchRecovery({
    stack: stackOptionsOf(config),
    readings: command.positiveInteger(values.readings, 'readings'),
    seed: command.positiveInteger(values.seed, 'seed'),
    ...(sessionTimeout === undefined ? {} : { sessionTimeoutMs: command.positiveInteger(sessionTimeout, 'session-timeout') }),
    timeoutSeconds: command.positiveInteger(values.timeout, 'timeout'),
    keep: values.keep,
    progress: (line) => console.error(`bench recovery: ${line}`),
  });
  console.log(values.json ? JSON.stringify(report, null, 2) : renderRecoveryBenchReport(report));
  if (!recoveryPassed(report)) process.exitCode = 1;
}
