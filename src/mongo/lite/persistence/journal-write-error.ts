import { ErrorCode, MongoCommandError } from '../engine/mongo-command-error.js';

/** Errors of a full disk or a file-size limit: space may come back, the engine keeps going. */
const noSpaceCodes = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

/**
 * A failed journal write as the write's client sees it. A full disk is mongod's OutOfDiskSpace
 * (14031), the code mongod 7 answers writes with when its disk-space monitor finds the disk full;
 * any other I/O error is an InternalError naming it.
 */
export function toJournalWriteError(error: unknown): MongoCommandError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (noSpaceCodes.has(code)) {
    return new MongoCommandError(
      ErrorCode.OutOfDiskSpace,
      `The journal could not be written (${code}: no space left for it on the data directory's disk, or the file size limit was reached); the write was not applied. Reads are still served; free space and retry the write.`,
    );
  }
  return new MongoCommandError(
    ErrorCode.InternalError,
    `The journal could not be written (${code || (error as Error).message}); the write was not applied.`,
  );
}
