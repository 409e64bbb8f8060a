// `briefroom screen` and `briefroom rescreen`.
import readline from 'node:readline';
import { Readable } from 'node:stream';
import { loadConfig } from '../config.js';
import { openMigrated } from '../bootstrap.js';
import { systemClock } from '../shared/clock.js';
import { findReleaseByIdOrTitle } from '../comments/comment-service.js';
import { loadLexicon } from './lexicon-service.js';
import { rescreenStoredComments } from './rescreen-service.js';
import { contactNumbers } from './screening-service.js';
import { createBoardScreener } from './screening/index.js';

export interface ScreenIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** JSON Lines input; the console passes process.stdin, tests a stream or an array of lines. */
  stdin?: AsyncIterable<string | Buffer> | NodeJS.ReadableStream;
}

export const MODERATION_USAGE = [
  '  screen             표준입력의 JSON Lines 댓글({"id","author","article","text"})을 한 게시판에 차례로 올린 것으로 보고',
  '                     한 줄에 하나씩 {"id","rules","action","evidence"}를 씁니다.',
  '  rescreen           금칙어 목록이 바뀐 뒤 저장된 댓글을 다시 검토하고 새로 걸린 댓글을 검토 대기열에 올립니다.',
];

async function* lines(input: ScreenIo['stdin']): AsyncGenerator<string> {
  if (!input) return;
  const stream = 'pipe' in (input as object) ? (input as NodeJS.ReadableStream) : Readable.from(input as AsyncIterable<string | Buffer>);
  const reader = readline.createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of reader) yield line;
}

interface InputComment {
  id: string | number;
  author: string;
  article: string | number | undefined;
  text: string;
}

function parse(line: string): InputComment | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'JSON으로 읽을 수 없는 줄입니다.';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return '줄마다 JSON 객체 하나가 있어야 합니다.';
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' && typeof v.id !== 'number') return '"id"가 없습니다.';
  if (typeof v.text !== 'string') return '"text"가 문자열이 아닙니다.';
  const author = typeof v.author === 'string' || typeof v.author === 'number' ? String(v.author) : '';
  const article = typeof v.article === 'string' || typeof v.article === 'number' ? v.article : undefined;
  return { id: v.id, author, article, text: v.text };
}

export async function screenCommand(_args: string[], io: ScreenIo): Promise<number> {
  const { connection } = openMigrated(loadConfig());
  try {
    const db = connection.db;
    const board = createBoardScreener(await loadLexicon(db, systemClock()));
    const contacts = new Map<string, string[]>();
    let failures = 0;
    let lineNumber = 0;
    for await (const raw of lines(io.stdin)) {
      lineNumber++;
      if (!raw.trim()) continue;
      const input = parse(raw);
      if (typeof input === 'string') {
        failures++;
        io.err(`${lineNumber}번째 줄: ${input}`);
        const id = (() => {
          try {
            const v = JSON.parse(raw) as { id?: unknown };
            return typeof v.id === 'string' || typeof v.id === 'number' ? v.id : null;
          } catch {
            return null;
          }
        })();
        io.out(JSON.stringify({ id, error: input }));
        continue;
      }
      let articleContacts: string[] = [];
      if (input.article !== undefined && input.article !== '') {
        const key = String(input.article);
        if (!contacts.has(key)) {
          const release = await findReleaseByIdOrTitle(db, input.article);
          contacts.set(key, release ? contactNumbers(release.contact_phone) : []);
        }
        articleContacts = contacts.get(key)!;
      }
      const result = board.screen({
        id: input.id,
        author: input.author,
        article: input.article,
        text: input.text,
        nickname: input.author || undefined,
        articleContactNumbers: articleContacts,
      });
      io.out(JSON.stringify({ id: input.id, rules: result.rules, action: result.action, evidence: result.evidence }));
    }
    return failures > 0 ? 1 : 0;
  } finally {
    await connection.close();
  }
}

export async function rescreenCommand(_args: string[], io: ScreenIo): Promise<number> {
  const { connection } = openMigrated(loadConfig());
  try {
    const report = await rescreenStoredComments(connection.db, systemClock());
    io.out(`다시 검토한 댓글 ${report.screened.toLocaleString('ko-KR')}건, 새로 걸린 댓글 ${report.newHits.toLocaleString('ko-KR')}건(검토 대기열에 올림), 그중 게시를 멈추고 보류한 댓글 ${report.held.toLocaleString('ko-KR')}건.`);
    return 0;
  } finally {
    await connection.close();
  }
}
