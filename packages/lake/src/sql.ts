/** A SQL string literal (DuckDB and PostgreSQL quote alike). */
export const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** A quoted SQL identifier. */
export const sqlIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;
