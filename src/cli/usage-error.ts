import { WardenError } from '../core/index.js';

/** A command line that cannot be understood: exit 2, pointing to `warden <topic> --help`. */
export class UsageError extends WardenError {
  readonly topic: string;

  constructor(message: string, topic: string) {
    super('ERR_CLI_USAGE', message);
    this.name = 'UsageError';
    this.topic = topic;
  }
}
