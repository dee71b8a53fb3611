import {
  authorizeDelivery,
  authorizePublish,
  type Decision,
  type Grants,
} from '../policy/index.js';
import type { Session } from './session.js';

/** Topics remembered per session and direction; past this the memo starts over. */
const MAX_TOPICS = 256;

/**
 * The publish and delivery decisions of one set of grants, by topic. A device publishes to
 * the same few topics over and over, and each decision is a pure function of the grants and
 * the topic, so a repeated topic costs one map lookup instead of matching every rule. A memo
 * belongs to one grants object: grants recompiled after a claims change get a new memo, so no
 * decision outlives the grants it was made under. A device that publishes to ever new topics
 * refills the memo from scratch every 256 topics.
 */
export class DecisionMemo {
  readonly grants: Grants;
  readonly #publish = new Map<string, Decision>();
  readonly #delivery = new Map<string, Decision>();

  constructor(grants: Grants) {
    this.grants = grants;
  }

  publish(topic: string): Decision {
    return (
      this.#publish.get(topic) ??
      remember(this.#publish, topic, authorizePublish(this.grants, topic))
    );
  }

  delivery(topic: string): Decision {
    return (
      this.#delivery.get(topic) ??
      remember(this.#delivery, topic, authorizeDelivery(this.grants, topic))
    );
  }
}

/** The memo of the session's current grants. */
export function decisionsOf(session: Session): DecisionMemo {
  let memo = session.decisions;
  if (memo === undefined || memo.grants !== session.grants) {
    memo = new DecisionMemo(session.grants);
    session.decisions = memo;
  }
  return memo;
}

function remember(memo: Map<string, Decision>, topic: string, decision: Decision): Decision {
  if (memo.size >= MAX_TOPICS) memo.clear();
  memo.set(topic, decision);
  return decision;
}
