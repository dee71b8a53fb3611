import { describeTopicFilterProblem } from './topic-validity.js';

/** A level of a policy rule: literal text, or a placeholder filled in at connect. */
export type TemplateLevel = string | { readonly placeholder: string };

/** A policy rule as written, split into levels once. */
export interface RuleTemplate {
  readonly text: string;
  readonly levels: readonly TemplateLevel[];
}

export type TemplateReading =
  | { readonly ok: true; readonly template: RuleTemplate }
  | { readonly ok: false; readonly problem: string };

const PLACEHOLDER = /^\{([^{}]*)\}$/;
const PLACEHOLDER_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
// Any valid single level stands in for a placeholder while the rule's shape is checked.
const STAND_IN = 'x';
const WHOLE_LEVEL = 'write {name} alone between slashes, e.g. devices/{device}/#';
const NAME_SHAPE = 'use a letter or _ then A-Z a-z 0-9 _ . -';

/**
 * Reads a rule like `devices/{device}/#`. A placeholder fills a whole level: `dev-{device}` is
 * refused, so a substituted value can never merge with text around it. A literal brace is refused
 * too, which means a policy cannot name a topic level containing `{` or `}`.
 */
export function readRuleTemplate(text: string): TemplateReading {
  const levels: TemplateLevel[] = [];
  for (const level of text.split('/')) {
    const problem = describeLevelProblem(level);
    if (problem !== undefined) return { ok: false, problem };
    levels.push(toTemplateLevel(level));
  }

  const shape = levels.map((level) => (typeof level === 'string' ? level : STAND_IN)).join('/');
  const problem = describeTopicFilterProblem(shape);
  if (problem !== undefined) {
    return { ok: false, problem: `is not a valid topic filter: it ${problem}` };
  }
  if (shape.startsWith('$')) {
    return { ok: false, problem: 'starts with $: topics starting with $ belong to the broker' };
  }
  return { ok: true, template: { text, levels } };
}

function describeLevelProblem(level: string): string | undefined {
  if (!level.includes('{') && !level.includes('}')) return undefined;

  const match = PLACEHOLDER.exec(level);
  if (match === null) {
    const shown = JSON.stringify(level);
    return `has a brace outside a whole-level placeholder in ${shown}: ${WHOLE_LEVEL}`;
  }
  const name = match[1] ?? '';
  if (!PLACEHOLDER_NAME.test(name)) {
    return `has an invalid placeholder name ${JSON.stringify(name)}: ${NAME_SHAPE}`;
  }
  return undefined;
}

function toTemplateLevel(level: string): TemplateLevel {
  const match = PLACEHOLDER.exec(level);
  return match === null ? level : { placeholder: match[1] ?? '' };
}
