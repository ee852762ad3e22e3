import { BinaryCopyWriter, createDatabase, type Database, type Transaction } from '@thermostream/postgres';
import { testStackEndpoints } from '../support/stack.ts';

/** Values whose binary form is easy to get wrong: scales, signs, powers of ten, times around 2000, non-ASCII text. */
const rows: { numeric: number | string; time: number | null; float: number; flag: boolean; small: number; big: number; text: string | null }[] = [
  { numeric: 19.5, time: Date.UTC(2026, 10, 30, 23, 59, 59, 999), float: 48.8566, flag: true, small: 0, big: 0, text: 'gen-1-00000000' },
  { numeric: -0.25, time: Date.UTC(1999, 11, 31, 23, 59, 59, 1), float: -2.35, flag: false, small: -7, big: -(2 ** 40), text: 'Île-de-France ✓' },
  { numeric: 12345.6, time: Date.UTC(2000, 0, 1), float: 1e-300, flag: true, small: 2 ** 31 - 1, big: 2 ** 53 - 1, text: '' },
  { numeric: 1e-7, time: null, float: 0, flag: false, small: -(2 ** 31), big: 123_456_789_012, text: null },
  { numeric: 1e21, time: 0, float: Number.MAX_VALUE, flag: true, small: 5, big: 1, text: 'tab\there' },
  { numeric: 20000, time: Date.UTC(2262, 3, 11), float: -0.5, flag: true, small: 5, big: 1, text: 'x' },
  { numeric: '-10.00', time: 1, float: 3, flag: true, small: 5, big: 1, text: 'y' },
  { numeric: '0.0', time: -1, float: 3, flag: true, small: 5, big: 1, text: 'z' },
  { numeric: 0, time: 1_764_547_200_123, float: 3, flag: true, small: 5, big: 1, text: 'é' },
];

const columns = 'n numeric, t timestamptz, f float8, b boolean, s integer, l bigint, x text';
const asText = `SELECT n::text, t, f::text, b, s, l::text, x FROM copied ORDER BY position`;

async function copiedRows(database: Database, copy: (tx: Transaction) => Promise<number>) {
  return database.transaction(async (tx) => {
    await tx.query(`CREATE TEMPORARY TABLE copied (${columns}, position serial) ON COMMIT DROP`);
    expect(await copy(tx)).toBe(rows.length);
    return (await tx.query(asText)).rows;
  });
}

const textField = (value: string | null) => (value === null ? '\\N' : value.replaceAll('\\', '\\\\').replaceAll('\t', '\\t'));

describe('binary COPY', () => {
  let database: Database;

  beforeAll(async () => {
    database = createDatabase({ databaseUrl: (await testStackEndpoints()).postgresUrl, poolSize: 1, schema: 'public', applicationName: 'test' });
  });

  afterAll(async () => {
    await database?.close();
  });

  it('stores every value as the text COPY of the same values does', async () => {
    const binary = await copiedRows(database, (tx) => {
      const writer = new BinaryCopyWriter(16);
      for (const row of rows) writer.row(7).numeric(row.numeric).timestamptz(row.time).float8(row.float).bool(row.flag).int4(row.small).int8(row.big).text(row.text);
      return tx.copyFrom(`COPY copied (n, t, f, b, s, l, x) FROM STDIN (FORMAT binary)`, writer.finish());
    });
    const text = await copiedRows(database, (tx) =>
      tx.copyFrom(
        `COPY copied (n, t, f, b, s, l, x) FROM STDIN`,
        rows
          .map((row) =>
            [String(row.numeric), row.time === null ? '\\N' : new Date(row.time).toISOString(), String(row.float), String(row.flag), row.small, row.big, textField(row.text)].join('\t'),
          )
          .join('\n') + '\n',
      ),
    );
    expect(binary).toEqual(text);
    expect(binary.map((row) => row.n)).toEqual(['19.5', '-0.25', '12345.6', '0.0000001', '1000000000000000000000', '20000', '-10.00', '0.0', '0']);
  });

  it('is refused when a field does not have its column type', async () => {
    await expect(
      copiedRows(database, (tx) => tx.copyFrom(`COPY copied (n, t, f, b, s, l, x) FROM STDIN (FORMAT binary)`, new BinaryCopyWriter().row(7).int4(1).finish())),
    ).rejects.toThrow(/binary data format|insufficient data/);
  });
});
