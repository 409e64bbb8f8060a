// Runs the engine again over stored comments after the lexicon changed. The board is replayed
// in posting order so repeats (rule 11) are judged as they were; a comment with a rule it did
// not hit before goes back to the queue, and a published one is held until a moderator looks.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { setCommentFields, storedCommentsPage } from '../comments/comment-service.js';
import { recordDecision } from './decision-service.js';
import { loadLexicon } from './lexicon-service.js';
import { contactNumbers } from './screening-service.js';
import { createBoardScreener } from './screening/index.js';

export interface RescreenReport {
  screened: number;
  newHits: number;
  held: number;
}

const RESCREENED = new Set(['published', 'held', 'hidden']);

export async function rescreenStoredComments(db: Kysely<Database>, now: Date): Promise<RescreenReport> {
  const lexicon = await loadLexicon(db, now);
  const board = createBoardScreener(lexicon);
  const at = now.toISOString();
  const report: RescreenReport = { screened: 0, newHits: 0, held: 0 };
  let afterId = 0;
  for (;;) {
    const rows = await storedCommentsPage(db, afterId, 500);
    if (rows.length === 0) break;
    afterId = rows.at(-1)!.id;
    for (const row of rows) {
      if (!row.body) continue;
      const result = board.screen({
        id: row.id,
        author: String(row.author_id ?? `removed-${row.id}`),
        article: row.release_id,
        text: row.body,
        nickname: row.author_name ?? undefined,
        at: row.created_at,
        articleContactNumbers: contactNumbers(row.release_contact_phone),
      });
      if (!RESCREENED.has(row.state)) continue;
      report.screened++;
      const before = new Set<number>(JSON.parse(row.rules_hit) as number[]);
      const fresh = result.rules.filter((r) => !before.has(r));
      const { id: _id, ...screening } = result;
      if (fresh.length === 0) {
        await setCommentFields(db, row.id, { screening: JSON.stringify(screening), rules_hit: JSON.stringify(result.rules) });
        continue;
      }
      report.newHits++;
      const hold = row.state === 'published' && result.action !== 'publish';
      await db.transaction().execute(async (trx) => {
        await setCommentFields(trx, row.id, {
          screening: JSON.stringify(screening),
          rules_hit: JSON.stringify(result.rules),
          queued_at: row.queued_at ?? at,
          ...(hold ? { state: 'held' as const } : {}),
        });
        if (hold) {
          await recordDecision(trx, {
            moderator_id: null,
            action: 'auto_hold',
            rule: fresh[0]!,
            reason: `바뀐 금칙어 목록으로 다시 검토한 결과 ${fresh.map((r) => `제${r}항`).join(', ')} 위반 가능성이 있어 댓글 관리자가 검토할 때까지 보류합니다.`,
            comment_id: row.id,
            created_at: at,
          });
        }
      });
      if (hold) report.held++;
    }
  }
  return report;
}
