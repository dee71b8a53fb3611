// @peculiar/x509 resolves its algorithms through tsyringe, which needs a Reflect metadata
// polyfill loaded before the library itself; this file is the one place that imports it.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// Node's own WebCrypto, stated rather than left to a global lookup, so every signature and
// digest the library makes runs in OpenSSL under Node.
x509.cryptoProvider.set(webcrypto);

export { x509 };
