import { InvalidValue, type ConfigOf, type SettingsSpec } from './settings.ts';

export const CONFIG_INVALID = 'THERMO_CONFIG_INVALID';

/** Raised at start when the environment cannot be turned into a configuration; one line per problem. */
export class ConfigError extends Error {
  readonly code = CONFIG_INVALID;
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.problems = problems;
    this.name = 'ConfigError';
  }
}

export type Environment = Readonly<Record<string, string | undefined>>;

/** Parses every setting of `spec` from `environment`; collects all problems before failing. */
export function loadConfig<S extends SettingsSpec>(spec: S, environment: Environment = process.env): ConfigOf<S> {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(spec)) {
    const given = environment[setting.env];
    const raw = given === undefined || given === '' ? setting.defaultValue : given;
    if (raw === undefined) {
      problems.push(`${setting.env} is required: ${setting.description}`);
      continue;
    }
    try {
      config[key] = setting.parse(raw);
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      const shown = setting.secret ? '(hidden)' : JSON.stringify(raw);
      problems.push(`${setting.env} must be ${error.message}, got ${shown}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config as ConfigOf<S>;
}

/** Rows of the configuration reference: variable, default, meaning. */
export function describeSettings(spec: SettingsSpec): { env: string; defaultValue: string; description: string }[] {
  return Object.values(spec).map((setting) => ({
    env: setting.env,
    defaultValue: setting.defaultValue ?? '(required)',
    description: setting.description,
  }));
}
