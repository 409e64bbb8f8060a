import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { formatKstDateTime } from '../shared/time.js';
import { ruleCitation } from './moderation-rules.js';
import { activeBlocks } from './moderation-repository.js';

export interface ActiveBlock {
  until: string | null;
  permanent: boolean;
  rule: number;
  reason: string;
  /** The sentence the blocked person reads wherever they would post. */
  message: string;
}

export function blockMessage(block: { until: string | null; permanent: boolean; rule: number; reason: string }): string {
  const why = `${ruleCitation(block.rule)} 위반(${block.reason})`;
  return block.permanent
    ? `${why}으로 댓글 작성이 영구히 제한되었습니다. 글은 계속 읽을 수 있습니다.`
    : `${why}으로 ${formatKstDateTime(block.until!)}까지 댓글을 쓸 수 없습니다. 글은 계속 읽을 수 있습니다.`;
}

/** The block that ends last among those in force, or null when the person may post. */
export async function activeBlock(db: Kysely<Database>, userId: number, now: Date): Promise<ActiveBlock | null> {
  const blocks = await activeBlocks(db, userId, now.toISOString());
  if (blocks.length === 0) return null;
  const last = blocks.reduce((a, b) => (a.permanent ? a : b.permanent ? b : (a.until ?? '') >= (b.until ?? '') ? a : b));
  const block = { until: last.until, permanent: last.permanent === 1, rule: last.rule, reason: last.reason };
  return { ...block, message: blockMessage(block) };
}
