export { createDatabase, quoteIdentifier, schemaOfNamespace, type Database, type PoolOptions, type Queryable, type Transaction } from './pool.ts';
export { productMigrations, readMigrations, runMigrations, type Migration } from './migrations.ts';
