import { formatTable } from './lake.ts';

const column = (name: string, type: string) => ({ name, type });

describe('thermo lake sql tables', () => {
  it('aligns columns under their header, numbers to the right, NULL for nulls, and counts the rows', () => {
    const table = formatTable({
      columns: [column('region_code', 'VARCHAR'), column('readings', 'BIGINT')],
      rows: [
        { region_code: 'FR-IDF', readings: 1204 },
        { region_code: null, readings: 7 },
      ],
    });
    expect(table.split('\n')).toEqual(['region_code  readings', '-----------  --------', 'FR-IDF           1204', 'NULL                7', '(2 rows)']);
  });
});
