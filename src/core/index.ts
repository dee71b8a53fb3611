export { formatDurationSeconds, parseDurationSeconds } from './duration.js';
export type { ErrorCode } from './errors.js';
export { errorCodes, isWardenError, WardenError } from './errors.js';
export type { Claims } from './identifiers.js';
export {
  assertClaims,
  assertDeviceId,
  isClaimKey,
  isClaimValue,
  isDeviceId,
  parseClaimAssignment,
} from './identifiers.js';
