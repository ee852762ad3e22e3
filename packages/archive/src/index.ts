export { archivedRecordSize, decodeContainer, encodeContainer, type ArchiveCodec } from './container.js';
export { archiveFilePath, parseArchiveFilePath, technicalHour, technicalTime, type ArchiveFileName } from './layout.js';
export { createArchiveRotation, type Appended, type ArchiveFile, type ArchiveRotation, type RotationLimits } from './rotation.js';
export { localDirectoryStorage, type ArchiveStorage } from './storage.js';
export { inTechnicalRange, planReplay, type PartitionReplay, type TechnicalRange } from './replay-plan.js';
