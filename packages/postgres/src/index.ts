export { createDatabase, quoteIdentifier, schemaOfNamespace, type Database, type PoolOptions, type Queryable } from './pool.js';
export { productMigrations, readMigrations, runMigrations, type Migration } from './migrations.js';
