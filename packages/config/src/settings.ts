/**
 * A configuration setting: the environment variable that sets it, what it means, its default,
 * and how a raw string becomes a typed value. Settings are declared as data so the README's
 * configuration table is generated from the same declaration the services validate with.
 */
export interface Setting<T> {
  readonly env: string;
  readonly description: string;
  /** The default as an operator would write it; absent means the variable is required. */
  readonly defaultValue?: string;
  /** Secrets are never echoed back in errors or logs. */
  readonly secret?: boolean;
  /** Throws an Error whose message completes "must be …" when the raw value is unusable. */
  readonly parse: (raw: string) => T;
}

export type SettingsSpec = Readonly<Record<string, Setting<unknown>>>;

export type ConfigOf<S extends SettingsSpec> = { readonly [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

interface SettingOptions {
  env: string;
  description: string;
  defaultValue?: string;
  secret?: boolean;
}

export class InvalidValue extends Error {}

/** Rejects a raw value; `expectation` completes the sentence "VARIABLE must be …". */
export function mustBe(expectation: string): never {
  throw new InvalidValue(expectation);
}

export function stringSetting(options: SettingOptions): Setting<string> {
  return {
    ...options,
    parse: (raw) => (raw.trim() === '' ? mustBe('a non-empty string') : raw.trim()),
  };
}

export function integerSetting(options: SettingOptions & { min?: number; max?: number }): Setting<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER, ...rest } = options;
  return {
    ...rest,
    parse: (raw) => {
      const value = Number(raw.trim());
      return Number.isInteger(value) && value >= min && value <= max && raw.trim() !== ''
        ? value
        : mustBe(`an integer between ${min} and ${max}`);
    },
  };
}

export function portSetting(options: SettingOptions): Setting<number> {
  return integerSetting({ ...options, min: 0, max: 65535 });
}

export function urlSetting(options: SettingOptions & { protocols: readonly string[] }): Setting<string> {
  const { protocols, ...rest } = options;
  return {
    ...rest,
    parse: (raw) => {
      let url: URL;
      try {
        url = new URL(raw.trim());
      } catch {
        return mustBe(`a URL (${protocols.join(', ')})`);
      }
      return protocols.includes(url.protocol.replace(/:$/, '')) ? raw.trim() : mustBe(`a URL (${protocols.join(', ')})`);
    },
  };
}

export function listSetting(options: SettingOptions & { item?: (entry: string) => string }): Setting<string[]> {
  const { item = (entry: string) => entry, ...rest } = options;
  return {
    ...rest,
    parse: (raw) => {
      const entries = raw
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
      return entries.length > 0 ? entries.map(item) : mustBe('a comma-separated list with at least one entry');
    },
  };
}

export function enumSetting<T extends string>(options: SettingOptions & { values: readonly T[] }): Setting<T> {
  const { values, ...rest } = options;
  return {
    ...rest,
    parse: (raw) => {
      const value = raw.trim() as T;
      return values.includes(value) ? value : mustBe(`one of ${values.join(', ')}`);
    },
  };
}


/** A setting that may be left unset: undefined when the variable is absent or empty. */
export function optionalSetting(options: SettingOptions): Setting<string | undefined> {
  return { ...options, defaultValue: '', parse: (raw) => (raw.trim() === '' ? undefined : raw.trim()) };
}

export function booleanSetting(options: SettingOptions): Setting<boolean> {
  return {
    ...options,
    parse: (raw) => {
      const value = raw.trim().toLowerCase();
      return value === 'true' ? true : value === 'false' ? false : mustBe('true or false');
    },
  };
}
