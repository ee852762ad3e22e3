import { parseModel, postgresTypeOf } from './model.ts';

describe('model files', () => {
  it('reads the key from the first line and the query from the rest', () => {
    expect(parseModel('-- key: region_code, day\nSELECT 1 AS region_code, 2 AS day;\n', 'm.sql')).toEqual({ sql: 'SELECT 1 AS region_code, 2 AS day', key: ['region_code', 'day'] });
  });

  it('refuses a model without a key line, naming the file and what the line should be', () => {
    expect(() => parseModel('SELECT 1', 'daily.sql')).toThrow('daily.sql: the first line must declare the table\'s key, e.g. "-- key: region_code, day"');
    expect(() => parseModel('-- key: a b\nSELECT 1', 'daily.sql')).toThrow('daily.sql: key "a b" must be column names separated by commas');
  });
});

describe('PostgreSQL column types of a model result', () => {
  it('keeps exact types exact', () => {
    expect(['DECIMAL(18,3)', 'BIGINT', 'HUGEINT', 'DOUBLE', 'DATE', 'TIMESTAMP WITH TIME ZONE', 'VARCHAR'].map((type) => postgresTypeOf({ name: 'c', type }))).toEqual([
      'numeric(18,3)',
      'bigint',
      'numeric(39,0)',
      'double precision',
      'date',
      'timestamptz',
      'text',
    ]);
  });

  it('names the column whose type it cannot map, and how to fix the model', () => {
    expect(() => postgresTypeOf({ name: 'tags', type: 'VARCHAR[]' })).toThrow('column tags: DuckDB type VARCHAR[] has no PostgreSQL column type here; cast it in the model (e.g. ::VARCHAR)');
  });
});
