import { ConfigError } from '@thermostream/config';
import { loadCliConfig } from './cli-config.ts';
import { commands, usage } from './command-table.ts';

async function main(argv: string[]): Promise<void> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help') {
    console.log(usage);
    return;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    console.error(`unknown command ${name}\n${usage}`);
    process.exitCode = 2;
    return;
  }
  await command.run(args, loadCliConfig());
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof ConfigError ? `invalid configuration:\n${error.message}` : String(error instanceof Error ? error.message : error);
  console.error(`thermo: ${message}`);
  process.exit(1);
});
