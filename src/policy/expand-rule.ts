import { isPlaceholderValue } from './placeholder-value.js';
import type { RuleTemplate } from './rule-template.js';
import type { FilterLevels } from './topic-levels.js';
import { isValidTopicFilter } from './topic-validity.js';

/** Who the grants are for: `{device}` is the id, `{name}` the claim `name`. */
export interface Subject {
  id: string;
  claims: Readonly<Record<string, string>>;
}

// `{device}` always means the identity's id, even when a claim is also named `device`.
const DEVICE_PLACEHOLDER = 'device';

/** The value a placeholder takes for `subject`, or undefined when it cannot fill one. */
export function placeholderValue(subject: Subject, name: string): string | undefined {
  const value = rawPlaceholderValue(subject, name);
  return isPlaceholderValue(value) ? value : undefined;
}

function rawPlaceholderValue(subject: Subject, name: string): unknown {
  if (name === DEVICE_PLACEHOLDER) return subject.id;
  // Own claims only: `{constructor}` must not reach what Object.prototype holds.
  if (!Object.hasOwn(subject.claims, name)) return undefined;
  return subject.claims[name];
}

/**
 * Expands an allow rule, or returns undefined (the rule is dropped) when a placeholder has no
 * usable value or the result is not a valid filter: a bad claim can only narrow access.
 */
export function expandAllowRule(
  template: RuleTemplate,
  subject: Subject,
): FilterLevels | undefined {
  // map, not push: the array is kept for the whole connection, and push leaves spare slots.
  const levels = template.levels.map((level) =>
    typeof level === 'string' ? level : placeholderValue(subject, level.placeholder),
  );
  if (!levels.every((level) => level !== undefined)) return undefined;
  return isValidTopicFilter(levels.join('/')) ? levels : undefined;
}

/**
 * Expands a deny rule. Dropping it would widen access, so a placeholder without a usable value
 * becomes '+' instead: the rule then denies that level whatever its value.
 */
export function expandDenyRule(template: RuleTemplate, subject: Subject): FilterLevels {
  return template.levels.map((level) => {
    if (typeof level === 'string') return level;
    return placeholderValue(subject, level.placeholder) ?? '+';
  });
}
