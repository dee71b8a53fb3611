import { assertText } from './arguments.js';
import type { RegistryContext } from './context.js';
import { toIssuerRecord } from './rows.js';
import type { IssuerRecord } from './types.js';

const NAME_MAX_LENGTH = 128;
const URL_MAX_LENGTH = 2048;

export interface NewIssuer {
  name: string;
  issuer: string;
  jwksUri: string;
}

/** Records an issuer, or updates it; `updatedAt` moves only when `issuer` or `jwksUri` changed. */
export function upsertIssuer(context: RegistryContext, issuer: NewIssuer): IssuerRecord {
  assertText(issuer.name, 'issuer name', NAME_MAX_LENGTH);
  assertText(issuer.issuer, 'issuer', URL_MAX_LENGTH);
  assertText(issuer.jwksUri, 'issuer jwksUri', URL_MAX_LENGTH);

  return context.transaction(() => {
    context.sql.upsertIssuer.run({
      name: issuer.name,
      issuer: issuer.issuer,
      jwksUri: issuer.jwksUri,
      updatedAt: context.nowMs(),
    });
    return toIssuerRecord(context.sql.selectIssuer.get(issuer.name)!);
  });
}

export function listIssuers(context: RegistryContext): IssuerRecord[] {
  return context.sql.selectIssuers.all().map(toIssuerRecord);
}

/** Forgets an issuer the configuration no longer names; answers whether it was recorded. */
export function removeIssuer(context: RegistryContext, name: string): boolean {
  assertText(name, 'issuer name', NAME_MAX_LENGTH);
  return context.sql.deleteIssuer.run(name).changes > 0;
}
