export { isLakeFile, lakeCutName, lakeFilePath, lakeFolder, noRegion, parseLakeFilePath, type LakeFileName } from './layout.ts';
export { createLakeRotation, type LakeRecord, type LakeRotation, type LakeRotationLimits } from './rotation.ts';
export { createLakeFileEncoder, type LakeFile, type LakeFileEncoder } from './parquet.ts';
export { lakeRows, type LakeRows } from './lake-rows.ts';
export { lakeViewStatements } from './views.ts';
export { openLake, type Lake, type LakeColumn, type LakeResult, type LakeValue } from './lake.ts';
export { sqlIdentifier, sqlString } from './sql.ts';
export { parseModel, postgresTypeOf, runModel, type Model, type ModelRun } from './model.ts';
