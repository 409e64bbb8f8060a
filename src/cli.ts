import path from 'node:path';
import { loadConfig } from './config.js';
import { openMigrated } from './bootstrap.js';
import { formatImportReport, importDirectory } from './content/index.js';
import { parseArgs } from 'node:util';
import { systemClock } from './shared/clock.js';
import { PACKAGE_ROOT } from './app.js';
import { generateComments, generateReleases } from './generate/generate-service.js';
import { USER_USAGE, userCommand } from './users/user-cli.js';
import { MODERATION_USAGE, rescreenCommand, screenCommand } from './moderation/moderation-cli.js';
import { BACKUP_USAGE, backupCommand, restoreCommand } from './backup/backup-cli.js';
import { APIKEY_USAGE, apikeyCommand } from './apikeys/apikey-cli.js';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** A transient status line (progress bars); omitted in tests. */
  progress?: (text: string) => void;
  /** Standard input, for commands that read JSON Lines (screen); tests pass a stream or lines. */
  stdin?: AsyncIterable<string | Buffer> | NodeJS.ReadableStream;
}

const consoleIo: CliIo = {
  stdin: process.stdin,
  out: (l) => console.log(l),
  err: (l) => console.error(l),
  progress: (text) => {
    if (process.stderr.isTTY || text === '\n') process.stderr.write(text);
  },
};

function progressBar(label: string, done: number, total: number, startedMs: number): string {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const seconds = (Date.now() - startedMs) / 1000;
  const rate = seconds > 0 ? Math.round(done / seconds) : 0;
  return `\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.floor((done / total) * 100)}% ${done.toLocaleString('ko-KR')}/${total.toLocaleString('ko-KR')} (${rate.toLocaleString('ko-KR')}건/초)`;
}

const USAGE = [
  '사용법: briefroom <명령> [인수]',
  '',
  '  migrate            데이터베이스를 최신 구조로 올립니다.',
  '  import <폴더>      폴더의 Markdown 보도자료를 게시 상태로 가져옵니다(다시 실행해도 중복되지 않습니다).',
  '  generate --releases N [--comments N] [--seed S]   시험용 보도자료와 댓글을 대량으로 만듭니다.',
  ...USER_USAGE,
  ...MODERATION_USAGE,
  ...BACKUP_USAGE,
  ...APIKEY_USAGE,
  '',
  '환경변수 DATABASE_PATH로 데이터베이스 파일을 지정합니다(기본값 data/briefroom.db).',
];

type Command = (args: string[], io: CliIo) => Promise<number>;

const commands: Record<string, Command> = {
  async migrate(_args, io) {
    const { connection, applied } = openMigrated(loadConfig());
    await connection.close();
    io.out(applied.length ? `적용한 마이그레이션: ${applied.join(', ')}` : '데이터베이스가 이미 최신입니다.');
    return 0;
  },

  async generate(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        releases: { type: 'string', default: '10000' },
        comments: { type: 'string', default: '0' },
        seed: { type: 'string', default: '1' },
      },
      strict: true,
    });
    const releases = Number(values.releases);
    const comments = Number(values.comments);
    const seed = Number(values.seed);
    if (!Number.isInteger(releases) || releases < 0 || releases > 5_000_000) {
      io.err('--releases 값은 0부터 5,000,000 사이의 정수여야 합니다.');
      return 2;
    }
    if (!Number.isInteger(comments) || comments < 0 || comments > 10_000_000) {
      io.err('--comments 값은 0부터 10,000,000 사이의 정수여야 합니다.');
      return 2;
    }
    if (!Number.isInteger(seed)) {
      io.err('--seed 값은 정수여야 합니다.');
      return 2;
    }
    const config = loadConfig();
    const { connection } = openMigrated(config);
    const contentDir = path.resolve(PACKAGE_ROOT, config.contentDir);
    try {
      if (releases > 0) {
        const started = Date.now();
        const result = await generateReleases(connection, {
          releases,
          seed,
          contentDir,
          now: systemClock(),
          onProgress: (done, total) => io.progress?.(progressBar('보도자료', done, total, started)),
        });
        io.progress?.('\n');
        io.out(`보도자료 ${result.releases.toLocaleString('ko-KR')}건을 ${result.ministries}개 기관에 걸쳐 만들었습니다 (${((Date.now() - started) / 1000).toFixed(1)}초).`);
        if (result.releases > 0 && result.searchIndex === 'trigger') {
          io.out('검색 색인 구조가 생성기가 아는 것과 달라 트리거가 한 건씩 색인했습니다. src/generate/search-rows.ts를 release_search_source에 맞추면 빨라집니다.');
        }
      }
      if (comments > 0) {
        const started = Date.now();
        const result = await generateComments(connection, {
          comments,
          seed,
          contentDir,
          now: systemClock(),
          onProgress: (done, total) => io.progress?.(progressBar('댓글', done, total, started)),
        });
        io.progress?.('\n');
        io.out(`댓글 ${result.comments.toLocaleString('ko-KR')}건을 시민 ${result.commenters.toLocaleString('ko-KR')}명 이름으로 만들었습니다 (${((Date.now() - started) / 1000).toFixed(1)}초).`);
      }
      return 0;
    } finally {
      await connection.close();
    }
  },

  async import(args, io) {
    const dir = args[0];
    if (!dir || args.length > 1) {
      io.err('사용법: briefroom import <폴더>');
      return 2;
    }
    const { connection } = openMigrated(loadConfig());
    try {
      const report = await importDirectory(connection.db, path.resolve(dir), systemClock());
      for (const line of formatImportReport(report)) io.out(line);
      return report.failures.length > 0 ? 1 : 0;
    } finally {
      await connection.close();
    }
  },

  async user(args, io) {
    return userCommand(args, io, {
      open: () => {
        const { connection } = openMigrated(loadConfig());
        return { db: connection.db, close: () => connection.close() };
      },
      now: systemClock,
    });
  },

  async apikey(args, io) {
    return apikeyCommand(args, io, {
      open: () => {
        const { connection } = openMigrated(loadConfig());
        return { db: connection.db, close: () => connection.close() };
      },
      now: systemClock,
    });
  },

  screen: screenCommand,
  rescreen: rescreenCommand,
  backup: (args, io) => backupCommand(args, io, loadConfig().databasePath),
  restore: (args, io) => restoreCommand(args, io, loadConfig().databasePath),
};

export async function main(argv: string[], io: CliIo = consoleIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    for (const line of USAGE) io.out(line);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.err(`알 수 없는 명령입니다: ${name}`);
    for (const line of USAGE) io.err(line);
    return 2;
  }
  try {
    return await command(args, io);
  } catch (error) {
    io.err(error instanceof Error ? error.message : String(error));
    return 1;
  }
}
