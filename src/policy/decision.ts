/**
 * The answer to one check and the rule that gave it: the rule as written with its kind, e.g.
 * `allow publish devices/{device}/#` or `deny subscribe …`, or one of the fixed reasons below.
 * Decisions are shared frozen objects: reading them costs no allocation.
 */
export interface Decision {
  readonly allowed: boolean;
  readonly rule?: string;
}

function refusal(rule: string): Decision {
  return Object.freeze({ allowed: false, rule });
}

export const defaultDeny = refusal('default deny');
export const invalidTopicName = refusal('invalid topic name');
export const invalidTopicFilter = refusal('invalid topic filter');
export const reservedTopic = refusal('reserved $ topic');
