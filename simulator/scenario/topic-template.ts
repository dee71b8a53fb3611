import { WardenError } from '../../src/core/index.js';

/** What a topic template may name; each must expand to one valid topic level. */
export interface TopicValues {
  readonly device: string;
  readonly site: string;
  readonly group: string;
  readonly model: string;
}

const PLACEHOLDER = /^\{(device|site|group|model)\}$/;
const LITERAL_LEVEL = /^[A-Za-z0-9._:-]{1,64}$/;
/** The monitor subscribes to devices/+/telemetry/#, so every telemetry topic must start so. */
const REQUIRED_PREFIX = ['devices', '{device}', 'telemetry'];

export const DEFAULT_TOPIC_TEMPLATE = 'devices/{device}/telemetry/{model}';

/**
 * Checks a telemetry topic template: it starts with devices/{device}/telemetry, and each further
 * level is a literal or one placeholder. Throws ERR_INVALID_ARGUMENT.
 */
export function checkTopicTemplate(template: string, where: string): string {
  const levels = template.split('/');
  const prefixOk = REQUIRED_PREFIX.every((level, index) => levels[index] === level);
  if (!prefixOk) {
    throw new WardenError(
      'ERR_INVALID_ARGUMENT',
      `${where}: a telemetry topic must start with devices/{device}/telemetry`,
    );
  }
  const bad = levels.find((level) => !PLACEHOLDER.test(level) && !LITERAL_LEVEL.test(level));
  if (bad !== undefined) {
    throw new WardenError(
      'ERR_INVALID_ARGUMENT',
      `${where}: topic level ${JSON.stringify(bad)} is neither a literal nor a placeholder`,
    );
  }
  return template;
}

/** Expands a checked template; the values are device ids and claims, valid levels already. */
export function expandTopic(template: string, values: TopicValues): string {
  return template.replace(/\{(device|site|group|model)\}/g, (_match, name: keyof TopicValues) => {
    return values[name];
  });
}
