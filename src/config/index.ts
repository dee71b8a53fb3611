export type { ConfigOverrides } from './load-config.js';
export { loadConfig } from './load-config.js';
export { homePaths, resolveHome } from './paths.js';
export type {
  Config,
  ExternalIssuerConfig,
  LimitsConfig,
  ListenerConfig,
  LogLevel,
  OnDeniedPublish,
  PathsConfig,
  TokenConfig,
} from './types.js';
