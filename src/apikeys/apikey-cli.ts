import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { AppError } from '../shared/errors.js';
import { allApiKeys, issueApiKey, revokeApiKey } from './apikey-service.js';

export interface ApiKeyCliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface ApiKeyCliDeps {
  /** Opens the configured, migrated database; the command closes it. */
  open: () => { db: Kysely<Database>; close: () => Promise<void> };
  now: () => Date;
}

export const APIKEY_USAGE = [
  '  apikey add --name <이름>   공공데이터 호환 API의 서비스키를 발급합니다. 마지막 줄에 키만 한 번 보여 줍니다.',
  '  apikey revoke <번호>       서비스키를 폐기합니다.',
  '  apikey list                서비스키 목록(번호, 이름, 앞 8자리, 상태)을 보여 줍니다.',
];

export async function apikeyCommand(args: string[], io: ApiKeyCliIo, deps: ApiKeyCliDeps): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'add' && sub !== 'revoke' && sub !== 'list') {
    for (const line of APIKEY_USAGE) io.err(line);
    return 2;
  }
  let name = '';
  let id = 0;
  try {
    if (sub === 'add') {
      const { values } = parseArgs({ args: rest, options: { name: { type: 'string' } }, strict: true });
      name = values.name ?? '';
      if (!name.trim()) {
        io.err('사용법: briefroom apikey add --name <이름>');
        return 2;
      }
    } else if (sub === 'revoke') {
      if (rest.length !== 1 || !/^[1-9]\d{0,15}$/.test(rest[0]!)) {
        io.err('사용법: briefroom apikey revoke <번호>');
        return 2;
      }
      id = Number(rest[0]);
    } else if (rest.length > 0) {
      io.err('사용법: briefroom apikey list');
      return 2;
    }
  } catch (error) {
    io.err(error instanceof Error ? error.message : String(error));
    return 2;
  }

  const { db, close } = deps.open();
  try {
    if (sub === 'add') {
      const issued = await issueApiKey(db, name, deps.now());
      io.out(`서비스키 ${issued.id}번 "${issued.name}"을(를) 발급했습니다. 키는 지금 한 번만 보여 드리며, 잃어버리면 새로 발급해야 합니다.`);
      io.out(issued.key);
    } else if (sub === 'revoke') {
      const row = await revokeApiKey(db, id, deps.now());
      io.out(`서비스키 ${row.id}번 "${row.name}"을(를) 폐기했습니다.`);
    } else {
      const rows = await allApiKeys(db);
      if (rows.length === 0) io.out('발급한 서비스키가 없습니다.');
      for (const row of rows) {
        io.out(`${row.id}\t${row.name}\t${row.key_prefix}…\t${row.revoked_at ? `폐기 ${row.revoked_at}` : '사용 중'}\t발급 ${row.created_at}`);
      }
    }
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      io.err(error.message);
      return 1;
    }
    throw error;
  } finally {
    await close();
  }
}
