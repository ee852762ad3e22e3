import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fromRepositoryRoot, repositoryRoot } from '@thermostream/pipeline';
import { commands } from './command-table.ts';
import { declareCommand } from './command-line.ts';

const run = promisify(execFile);

describe('declareCommand', () => {
  const command = declareCommand({
    name: 'thermo example',
    positionals: '<name>...',
    summary: 'Does an example.',
    options: {
      count: { type: 'string', placeholder: 'N', description: 'how many', default: '3' },
      since: { type: 'string', placeholder: 'TIME', description: 'from when' },
      json: { type: 'boolean', description: 'as JSON' },
    },
  });

  it('parses declared options with their defaults, and positionals', () => {
    expect(command.parse(['--json', 'a', 'b'])).toEqual({ values: { count: '3', json: true }, positionals: ['a', 'b'] });
    expect(command.parse(['--count', '7', '--since', 'now'])).toEqual({ values: { count: '7', since: 'now', json: false }, positionals: [] });
  });

  it('writes the usage from the declaration, defaults included', () => {
    expect(command.usage).toBe(
      [
        'usage: thermo example [options] <name>...',
        '  Does an example.',
        'options:',
        '  --count N     how many (default 3)',
        '  --since TIME  from when',
        '  --json        as JSON',
        '  --help        print this usage and exit',
      ].join('\n'),
    );
  });

  it('refuses an unknown option with the usage, but answers --help even beside one', () => {
    expect(() => command.parse(['--cuont', '2'])).toThrow(/Unknown option '--cuont'[\s\S]*usage: thermo example/);
    const printed: unknown[] = [];
    const log = console.log;
    console.log = (line: unknown) => void printed.push(line);
    try {
      expect(command.parse(['--cuont', '2', '--help'])).toBeUndefined();
      expect(command.parse(['--help'])).toBeUndefined();
    } finally {
      console.log = log;
    }
    expect(printed).toEqual([command.usage, command.usage]);
  });
});

describe('the command table', () => {
  it('lists the subcommands the commands answer, though it loads none of them', async () => {
    const { stackActions } = await import('./commands/stack.ts');
    const { benchmarks } = await import('./commands/bench.ts');
    expect(commands['stack']!.subcommands).toEqual(stackActions);
    expect(commands['bench']!.subcommands).toEqual(Object.keys(benchmarks));
  });
});

describe('thermo <command> --help', () => {
  const invocations = [[], ...Object.entries(commands).flatMap(([name, entry]) => [[name], ...(entry.subcommands ?? []).map((sub) => [name, sub])])];
  const readmeHash = () => createHash('sha256').update(readFileSync(fromRepositoryRoot('README.md'))).digest('hex');

  // Each is a process of its own that imports the whole CLI: a few run at once.
  it.concurrent.each(invocations.map((words) => [words.join(' ') || '(no command)', words]))(
    'thermo %s --help prints its usage, exits 0 and changes nothing',
    async (_label, words) => {
      // A data directory that does not exist, ports nothing listens on: any side effect would show.
      const home = path.join(mkdtempSync(path.join(tmpdir(), 'thermo-help-')), 'home');
      const before = readmeHash();
      const { stdout, stderr } = await run(process.execPath, ['packages/cli/src/main.ts', ...words, '--help'], {
        cwd: repositoryRoot,
        env: { THERMO_HOME: home, THERMO_KAFKA_PORT: '1', THERMO_REGISTRY_PORT: '2', THERMO_POSTGRES_PORT: '3' },
      });
      expect(stdout).toMatch(new RegExp(`^usage: thermo ${words[0] ?? '<command>'}`));
      expect(stderr).toBe('');
      expect(existsSync(home)).toBe(false);
      expect(readmeHash()).toBe(before);
    },
    30_000,
  );
});
