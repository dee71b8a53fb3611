import {
  type Decision,
  defaultDeny,
  invalidTopicFilter,
  invalidTopicName,
  reservedTopic,
} from './decision.js';
import { coversLevels } from './filter-cover.js';
import { overlapLevels } from './filter-overlap.js';
import { type CompiledRules, compiledRules, type Grants, noRules } from './grants.js';
import { isReservedTopic, splitLevels } from './topic-levels.js';
import { matchesLevels } from './topic-match.js';
import { isValidTopicFilter, isValidTopicName } from './topic-validity.js';

// Grants not made by compileGrants carry no rules, and so allow nothing.
function rulesIn(grants: Grants): CompiledRules {
  return grants[compiledRules] ?? noRules;
}

/**
 * May the holder publish to `topic`? Refuses an invalid topic, any `$` topic (clients never
 * publish there), and a topic a deny rule matches; then allows it if an allow rule matches.
 */
export function authorizePublish(grants: Grants, topic: string): Decision {
  if (!isValidTopicName(topic)) return invalidTopicName;
  if (isReservedTopic(topic)) return reservedTopic;

  const rules = rulesIn(grants);
  for (const rule of rules.denyPublish) {
    if (matchesLevels(rule.levels, topic)) return rule.decision;
  }
  for (const rule of rules.publish) {
    if (matchesLevels(rule.levels, topic)) return rule.decision;
  }
  return defaultDeny;
}

/**
 * May the holder subscribe to `filter`? Refuses an invalid filter, a filter whose first level
 * starts with `$`, and a filter that shares any topic with a deny rule (the whole filter, not
 * just the overlap); then allows it only if one allow rule covers every topic it can match.
 */
export function authorizeSubscribe(grants: Grants, filter: string): Decision {
  if (!isValidTopicFilter(filter)) return invalidTopicFilter;
  if (isReservedTopic(filter)) return reservedTopic;

  const levels = splitLevels(filter);
  const rules = rulesIn(grants);
  for (const rule of rules.denySubscribe) {
    if (overlapLevels(rule.levels, levels)) return rule.decision;
  }
  for (const rule of rules.subscribe) {
    if (coversLevels(rule.levels, levels)) return rule.decision;
  }
  return defaultDeny;
}

/**
 * May the holder receive a message on `topic`? Checked at every delivery (retained and queued
 * messages too): a deny-subscribe rule matching the topic refuses; an allow-subscribe rule
 * matching it allows.
 */
export function authorizeDelivery(grants: Grants, topic: string): Decision {
  if (!isValidTopicName(topic)) return invalidTopicName;

  const rules = rulesIn(grants);
  for (const rule of rules.denySubscribe) {
    if (matchesLevels(rule.levels, topic)) return rule.decision;
  }
  for (const rule of rules.subscribe) {
    if (matchesLevels(rule.levels, topic)) return rule.decision;
  }
  return defaultDeny;
}
