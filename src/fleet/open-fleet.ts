import type { Config } from '../config/index.js';
import { type Logger, silentLogger } from '../log/index.js';
import { loadTokenKey } from '../pki/index.js';
import { openRegistry } from '../registry/index.js';
import { addDevice } from './add-device.js';
import { addKey } from './add-key.js';
import { buildCrl } from './build-crl.js';
import type { FleetContext } from './context.js';
import { describeDevice } from './describe-device.js';
import type { Fleet } from './fleet.js';
import { assertHomeInitialized } from './home-state.js';
import { issueCertificate } from './issue-certificate.js';
import { listCertificates } from './list-certificates.js';
import { loadHomeCa } from './load-home-ca.js';
import { mintToken } from './mint-token.js';
import { removeDevice } from './remove-device.js';
import { listKeys, removeKey } from './remove-key.js';
import { revokeCertificate, revokeDeviceCertificates } from './revoke-certificate.js';
import { disableDevice, enableDevice } from './set-device-status.js';
import { updateClaims } from './update-claims.js';

export interface FleetOptions {
  /** Default: a silent logger. */
  log?: Logger;
  /** Who acts, for the audit trail; default the OS user, as the registry records it. */
  actor?: string;
  /** The clock; tests inject one. */
  now?: () => Date;
}

/**
 * Opens the fleet of an initialized home: its registry now, its CA and token key on first use.
 * Throws ERR_HOME_NOT_INITIALIZED and the errors of opening the registry.
 */
export function openFleet(config: Config, options: FleetOptions = {}): Fleet {
  assertHomeInitialized(config.paths);
  const now = options.now ?? (() => new Date());
  const registry = openRegistry(config.paths.database, { fileMustExist: true, now });

  const context = createContext(config, registry, options, now);
  return bindOperations(context);
}

function createContext(
  config: Config,
  registry: FleetContext['registry'],
  options: FleetOptions,
  now: () => Date,
): FleetContext {
  return {
    config,
    registry,
    log: (options.log ?? silentLogger()).child({ component: 'fleet' }),
    ...(options.actor === undefined ? {} : { actor: options.actor }),
    now,
    loadCa: loadOnce(() => loadHomeCa(config.paths)),
    loadTokenKey: loadOnce(() => loadTokenKey(config.paths.tokenKey)),
  };
}

/** Loads on first use and keeps the result; a failure is not kept, so a fixed home recovers. */
function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}

function bindOperations(context: FleetContext): Fleet {
  const { registry } = context;
  return {
    config: context.config,
    registry,
    addDevice: (id, claims) => addDevice(context, id, claims),
    listDevices: () => registry.listDevices(),
    describeDevice: (id) => describeDevice(context, id),
    disableDevice: (id) => disableDevice(context, id),
    enableDevice: (id) => enableDevice(context, id),
    removeDevice: (id) => removeDevice(context, id),
    updateClaims: (id, update) => updateClaims(context, id, update),
    issueCertificate: (request) => issueCertificate(context, request),
    listCertificates: (filter) => listCertificates(context, filter),
    revokeCertificate: (serial, reason) => revokeCertificate(context, serial, reason),
    revokeDeviceCertificates: (id, reason) => revokeDeviceCertificates(context, id, reason),
    buildCrl: () => buildCrl(context),
    mintToken: (request) => mintToken(context, request),
    addKey: (registration) => addKey(context, registration),
    listKeys: (id) => listKeys(context, id),
    removeKey: (id, kid) => removeKey(context, id, kid),
    close: () => registry.close(),
  };
}
