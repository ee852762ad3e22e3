export { decodeContainer, defaultDeflateLevel, encodeArchived, encodeContainer, type ArchiveCodec, type EncodedRecord } from './container.ts';
export { archiveFilePath, parseArchiveFilePath, technicalHour, technicalTime, type ArchiveFileName } from './layout.ts';
export {
  createArchiveRotation,
  createRotation,
  type Appended,
  type ArchiveFile,
  type ArchiveRotation,
  type OpenFileSummary,
  type RotatedFile,
  type Rotation,
  type RotatingRecord,
  type RotationLimits,
  type RotationPolicy,
} from './rotation.ts';
export { createRotatingWriter, type OffsetCommitter, type RotatingWriter, type RotatingWriterOptions } from './rotating-writer.ts';
export { localDirectoryStorage, type ArchiveStorage } from './storage.ts';
export { inTechnicalRange, planReplay, type PartitionReplay, type TechnicalRange } from './replay-plan.ts';
