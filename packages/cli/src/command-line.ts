import { parseArgs } from 'node:util';

/** One option of a command: its type, what it means, and (for a value) its placeholder and default. */
export type OptionDeclaration =
  | { type: 'string'; description: string; placeholder?: string; default?: string }
  | { type: 'boolean'; description: string };

export interface CommandDeclaration<O extends Record<string, OptionDeclaration>> {
  /** How the command is called, e.g. `thermo lag`. */
  name: string;
  /** What follows the options in the synopsis, e.g. `<namespace>...`; none when the command takes no positionals. */
  positionals?: string;
  /** What the command does, one paragraph or more; printed under the synopsis. */
  summary: string;
  options: O;
}

/** What a declared option parses to: a boolean, a string with a default, or a string that may be absent. */
export type OptionValues<O extends Record<string, OptionDeclaration>> = {
  [K in keyof O]: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { default: string } ? string : string | undefined;
};

export interface ParsedCommandLine<O extends Record<string, OptionDeclaration>> {
  values: OptionValues<O>;
  positionals: string[];
}

export interface Command<O extends Record<string, OptionDeclaration>> {
  usage: string;
  /** Parses the arguments; on --help prints the usage and returns undefined, so the caller does nothing else. */
  parse(args: readonly string[]): ParsedCommandLine<O> | undefined;
  /** An error whose message ends with the usage, for an argument the command refuses. */
  usageError(message: string): Error;
  /** A value that must be a positive integer. */
  positiveInteger(text: string, option: string): number;
}

const help: OptionDeclaration = { type: 'boolean', description: 'print this usage and exit' };

/**
 * A command's options declared once, with their meanings: the parser and the `--help` text both
 * follow from the declaration, so they cannot drift apart, and `--help` never runs the command.
 */
export function declareCommand<const O extends Record<string, OptionDeclaration>>(declaration: CommandDeclaration<O>): Command<O> {
  const usage = usageOf(declaration);
  const usageError = (message: string) => new Error(`${message}\n${usage}`);
  return {
    usage,
    usageError,
    parse(args) {
      let parsed: ReturnType<typeof parseArgs>;
      try {
        parsed = parseArgs({
          args: [...args],
          allowPositionals: declaration.positionals !== undefined,
          options: Object.fromEntries(
            Object.entries({ ...declaration.options, help }).map(([name, option]) => [
              name,
              option.type === 'boolean' ? { type: 'boolean', default: false } : { type: 'string', ...(option.default === undefined ? {} : { default: option.default }) },
            ]),
          ),
        });
      } catch (error) {
        // Even a wrong option must not stop --help from answering.
        if (args.includes('--help')) {
          console.log(usage);
          return undefined;
        }
        throw usageError(error instanceof Error ? error.message : String(error));
      }
      if (parsed.values.help === true) {
        console.log(usage);
        return undefined;
      }
      const { help: _help, ...values } = parsed.values;
      return { values: values as OptionValues<O>, positionals: parsed.positionals };
    },
    positiveInteger(text, option) {
      const value = Number(text);
      if (!Number.isInteger(value) || value < 1) throw usageError(`--${option} must be a positive integer`);
      return value;
    },
  };
}

function usageOf(declaration: CommandDeclaration<Record<string, OptionDeclaration>>): string {
  const options = Object.entries({ ...declaration.options, help }).map(([name, option]) => {
    const flag = option.type === 'string' ? `--${name} ${option.placeholder ?? 'VALUE'}` : `--${name}`;
    const fallback = option.type === 'string' && option.default !== undefined && option.default !== '' ? ` (default ${option.default})` : '';
    return { flag, meaning: `${option.description}${fallback}` };
  });
  const width = Math.max(...options.map((option) => option.flag.length)) + 2;
  const synopsis = [declaration.name, Object.keys(declaration.options).length > 0 ? '[options]' : '', declaration.positionals ?? ''].filter((part) => part !== '').join(' ');
  return [
    `usage: ${synopsis}`,
    ...declaration.summary.split('\n').map((line) => `  ${line}`),
    'options:',
    ...options.map((option) => `  ${option.flag.padEnd(width)}${option.meaning.split('\n').join(`\n  ${' '.repeat(width)}`)}`),
  ].join('\n');
}
