// The one door for moderation decisions: every decision is one append-only row with its rule,
// its reason, who decided (null for what the system does by itself) and exactly one target.
import type { Insertable, Kysely } from 'kysely';
import type { Database, ModerationDecisionsTable } from '../db/schema.js';
import { insertDecision } from './moderation-repository.js';

export type DecisionInput = Omit<
  Insertable<ModerationDecisionsTable>,
  'id' | 'rule13_request_id' | 'appeal_id' | 'temporary_measure_id' | 'block_until' | 'rule'
> &
  Partial<Pick<Insertable<ModerationDecisionsTable>, 'rule13_request_id' | 'appeal_id' | 'temporary_measure_id' | 'block_until' | 'rule'>>;

export async function recordDecision(db: Kysely<Database>, input: DecisionInput): Promise<number> {
  return insertDecision(db, {
    rule: null,
    rule13_request_id: null,
    appeal_id: null,
    temporary_measure_id: null,
    block_until: null,
    ...input,
    reason: input.reason.trim(),
  });
}
