import type { Config } from '../config/index.js';
import type { Logger } from '../log/index.js';
import type { LoadedCa, TokenKey } from '../pki/index.js';
import type { Registry } from '../registry/index.js';

/** What every fleet operation works with. */
export interface FleetContext {
  readonly config: Config;
  readonly registry: Registry;
  readonly log: Logger;
  /** Who acts, as the audit trail records it; absent, the registry records the OS user. */
  readonly actor?: string;
  now(): Date;
  /** The CA, loaded on first use; throws ERR_HOME_NOT_INITIALIZED or ERR_PKI_CA_INVALID. */
  loadCa(): Promise<LoadedCa>;
  /** The broker's token-signing key, loaded on first use. */
  loadTokenKey(): Promise<TokenKey>;
}
