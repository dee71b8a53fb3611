/**
 * Remembers, per topic, which stored subscriptions match it, until the subscriptions change.
 *
 * aedes asks the store, for every QoS 1 and 2 publish, which persistent sessions to queue the
 * message for. Each ask splits the topic and walks aedes-persistence-level's subscription trie;
 * devices publish to the same few topics again and again, and persistent subscriptions change
 * far less often than messages arrive.
 *
 * A remembered answer is exactly what the store would answer now: everything is forgotten
 * when a change begins and again when it ends, and nothing is remembered while one is under
 * way. Answers are shared, so callers must not modify them. At most `maxTopics` topics are
 * remembered; past that the memo starts over, which costs only the asks it would have saved.
 */
export class MatchMemo<T> {
  readonly #maxTopics: number;
  readonly #answers = new Map<string, Promise<T>>();
  #changing = 0;

  constructor(maxTopics: number) {
    this.#maxTopics = maxTopics;
  }

  /** The answer of `match(topic)`, from memory when the subscriptions have not changed. */
  lookup(topic: string, match: (topic: string) => Promise<T>): Promise<T> {
    if (this.#changing > 0) return match(topic);
    const known = this.#answers.get(topic);
    if (known !== undefined) return known;
    if (this.#answers.size >= this.#maxTopics) this.#answers.clear();
    const answer = match(topic);
    this.#answers.set(topic, answer);
    answer.catch(() => {
      if (this.#answers.get(topic) === answer) this.#answers.delete(topic);
    });
    return answer;
  }

  /** Runs `change`, which adds or removes subscriptions, forgetting every answer around it. */
  async changing<R>(change: () => Promise<R>): Promise<R> {
    this.#changing += 1;
    this.#answers.clear();
    try {
      return await change();
    } finally {
      this.#changing -= 1;
      this.#answers.clear();
    }
  }

  /** How many topics have an answer remembered. */
  get size(): number {
    return this.#answers.size;
  }
}
