/** A command-line option that must be a positive integer; the error shows the command's usage. */
export function positiveInteger(text: string, name: string, usage: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer\n${usage}`);
  return value;
}
