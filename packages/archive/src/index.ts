export { decodeContainer, defaultDeflateLevel, encodeArchived, encodeContainer, type ArchiveCodec, type EncodedRecord } from './container.ts';
export { archiveFilePath, parseArchiveFilePath, technicalHour, technicalTime, type ArchiveFileName } from './layout.ts';
export { createArchiveRotation, type Appended, type ArchiveFile, type ArchiveRotation, type RotationLimits } from './rotation.ts';
export { localDirectoryStorage, type ArchiveStorage } from './storage.ts';
export { inTechnicalRange, planReplay, type PartitionReplay, type TechnicalRange } from './replay-plan.ts';
