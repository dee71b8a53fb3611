import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  authorizeDelivery,
  authorizeSubscribe,
  compileGrants,
  filterCovers,
  filtersOverlap,
  isValidTopicFilter,
  isValidTopicName,
  topicMatchesFilter,
  validatePolicySet,
} from '../../src/policy/index.js';

// Small alphabets keep every check exhaustive over topics: 'c' appears in topics only, so a
// filter's literal never stands for every value of a level.
const FILTER_LEVELS = ['a', 'b', '$x', '', '+', '#'] as const;
const TOPIC_LEVELS = ['a', 'b', 'c', '$x', ''] as const;
const EXHAUSTIVE_FILTER_DEPTH = 3;
const TOPIC_DEPTH = 4;
const RANDOM_FILTERS = 60;
const RANDOM_POLICIES = 50;
const SEED = 0x5eed_2026;
// Pairs filterCovers refuses though they match the same topics (see coversLevels).
const COVER_GAPS = new Set(['+/# #', '/+/# /#', '+/+/# /#']);

/** mulberry32: a small seeded generator, so every run checks the same cases. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function joinsUpTo(levels: readonly string[], depth: number): string[] {
  const all: string[] = [];
  let layer: string[] = [''];
  for (let size = 1; size <= depth; size++) {
    layer = layer.flatMap((prefix) =>
      levels.map((level) => (size === 1 ? level : `${prefix}/${level}`)),
    );
    all.push(...layer);
  }
  return all;
}

const random = seededRandom(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const topics = joinsUpTo(TOPIC_LEVELS, TOPIC_DEPTH).filter(isValidTopicName);
const shallowFilters = joinsUpTo(FILTER_LEVELS, EXHAUSTIVE_FILTER_DEPTH).filter(isValidTopicFilter);
const deepFilters = new Set<string>();
while (deepFilters.size < RANDOM_FILTERS) {
  const depth = 4 + Math.floor(random() * 2);
  const filter = Array.from({ length: depth }, () => pick(FILTER_LEVELS)).join('/');
  if (isValidTopicFilter(filter)) deepFilters.add(filter);
}
const filters = [...shallowFilters, ...deepFilters];

/** MQTT matching written the plain recursive way, as an oracle independent of the code. */
function referenceMatch(filter: readonly string[], topic: readonly string[], from = 0): boolean {
  const wildFirst = filter[0] === '+' || filter[0] === '#';
  if (from === 0 && wildFirst && topic[0]?.startsWith('$')) return false;
  if (from === filter.length) return from === topic.length;
  if (filter[from] === '#') return true;
  if (from === topic.length) return false;
  const level = filter[from];
  return (level === '+' || level === topic[from]) && referenceMatch(filter, topic, from + 1);
}

// Which topics each filter matches, by the oracle: worked out once, compared often.
const topicLevels = topics.map((topic) => topic.split('/'));
const matched = new Map(
  filters.map((filter) => {
    const levels = filter.split('/');
    return [filter, topicLevels.map((topic) => referenceMatch(levels, topic))];
  }),
);

function isSubset(inner: readonly boolean[], outer: readonly boolean[]): boolean {
  return inner.every((inside, index) => !inside || outer[index] === true);
}

function sharesOne(a: readonly boolean[], b: readonly boolean[]): boolean {
  return a.some((inside, index) => inside && b[index] === true);
}

describe('properties over small alphabets', () => {
  it('builds enough cases to mean something', () => {
    assert.ok(topics.length > 700, `${topics.length} topics`);
    assert.ok(shallowFilters.length > 150, `${shallowFilters.length} shallow filters`);
    assert.ok(filters.some((filter) => filterCovers(filter, '#')));
  });

  it('matches every topic against every filter as the reference matcher does', () => {
    for (const filter of filters) {
      const expected = matched.get(filter) ?? [];
      for (const [index, topic] of topics.entries()) {
        const shown = `${filter} against ${topic}`;
        assert.equal(topicMatchesFilter(filter, topic), expected[index], shown);
      }
    }
  });

  it('never says a filter covers another unless it matches every topic the other matches', () => {
    for (const allowed of filters) {
      for (const requested of filters) {
        if (!filterCovers(allowed, requested)) continue;
        const ok = isSubset(matched.get(requested) ?? [], matched.get(allowed) ?? []);
        assert.ok(ok, `${allowed} covers ${requested}`);
      }
    }
  });

  it('says a shallow filter covers another whenever it does, but for the documented corner cases', () => {
    for (const allowed of shallowFilters) {
      for (const requested of shallowFilters) {
        const truth = isSubset(matched.get(requested) ?? [], matched.get(allowed) ?? []);
        const documentedGap = COVER_GAPS.has(`${allowed} ${requested}`);
        const expected = truth && !documentedGap;
        assert.equal(filterCovers(allowed, requested), expected, `${allowed} vs ${requested}`);
      }
    }
  });

  it('finds an overlap between shallow filters exactly when a topic matches both', () => {
    for (const a of shallowFilters) {
      for (const b of shallowFilters) {
        const truth = sharesOne(matched.get(a) ?? [], matched.get(b) ?? []);
        assert.equal(filtersOverlap(a, b), truth, `${a} and ${b}`);
      }
    }
  });

  it('never misses an overlap between deeper filters', () => {
    for (const a of deepFilters) {
      for (const b of filters) {
        if (filtersOverlap(a, b)) continue;
        assert.equal(sharesOne(matched.get(a) ?? [], matched.get(b) ?? []), false, `${a}, ${b}`);
      }
    }
  });
});

describe('subscribe decisions against delivery decisions', () => {
  // Policy rules may not start with '$', so those filters are left out of policies.
  const ruleFilters = filters.filter((filter) => !filter.startsWith('$'));
  const policies = Array.from({ length: RANDOM_POLICIES }, () => {
    const allow = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(ruleFilters));
    const deny = Array.from({ length: Math.floor(random() * 3) }, () => pick(ruleFilters));
    return { subscribe: allow, deny: { subscribe: deny } };
  });

  it('delivers every topic a granted subscription can match', () => {
    for (const policy of policies) {
      const set = validatePolicySet({ device: policy });
      const grants = compileGrants(set, { id: 'd1', claims: {} });
      for (const filter of filters) {
        if (!authorizeSubscribe(grants, filter).allowed) continue;
        for (const [index, topic] of topics.entries()) {
          if (matched.get(filter)?.[index] !== true) continue;
          const shown = `${JSON.stringify(policy)} ${filter} ${topic}`;
          assert.equal(authorizeDelivery(grants, topic).allowed, true, shown);
        }
      }
    }
  });

  it('grants a subscription to a topic exactly when it would deliver that topic', () => {
    for (const policy of policies) {
      const set = validatePolicySet({ device: policy });
      const grants = compileGrants(set, { id: 'd1', claims: {} });
      for (const topic of topics) {
        const delivered = authorizeDelivery(grants, topic).allowed;
        const subscribed = authorizeSubscribe(grants, topic).allowed;
        assert.equal(subscribed, delivered, `${JSON.stringify(policy)} ${topic}`);
      }
    }
  });

  it('refuses a subscription some denied topic could reach', () => {
    for (const policy of policies) {
      const grants = compileGrants(validatePolicySet({ device: policy }), { id: 'd1', claims: {} });
      for (const filter of filters) {
        if (!authorizeSubscribe(grants, filter).allowed) continue;
        for (const denied of policy.deny.subscribe) {
          const shared = sharesOne(matched.get(filter) ?? [], matched.get(denied) ?? []);
          assert.equal(shared, false, `${filter} granted beside deny ${denied}`);
        }
      }
    }
  });
});
