// Online backup and offline restore of the SQLite file. SQLite-specific, like
// src/db/sqlite.ts: a PostgreSQL deployment uses pg_dump instead.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';

export class BackupError extends Error {}

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
}

/** Runs PRAGMA integrity_check and a sanity check that the file is a briefroom database. */
export function verifyDatabaseFile(file: string): void {
  if (!fs.existsSync(file)) throw new BackupError(`파일이 없습니다: ${file}`);
  let sqlite: SQLite.Database;
  try {
    // Read-write so that closing removes the -wal and -shm a WAL-mode file gets on open.
    sqlite = new SQLite(file, { fileMustExist: true });
  } catch (error) {
    throw new BackupError(`SQLite 데이터베이스로 열 수 없습니다: ${file} (${(error as Error).message})`);
  }
  try {
    let rows: { integrity_check: string }[];
    try {
      rows = sqlite.pragma('integrity_check') as { integrity_check: string }[];
    } catch (error) {
      throw new BackupError(`SQLite 데이터베이스가 아니거나 손상되었습니다: ${file} (${(error as Error).message})`);
    }
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    if (problems.length > 0) {
      throw new BackupError(`무결성 검사에 실패했습니다: ${file}\n${problems.slice(0, 10).join('\n')}`);
    }
    const hasSchema = sqlite
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
      .get();
    if (!hasSchema) throw new BackupError(`브리핑룸 데이터베이스가 아닙니다(schema_migrations 표가 없습니다): ${file}`);
  } finally {
    sqlite.close();
  }
}

function fsyncPath(target: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(target, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function sameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    const sa = fs.statSync(a);
    const sb = fs.statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/**
 * A consistent copy of a live database, taken with SQLite's online backup API
 * while the server goes on reading and writing (WAL: the backup's read
 * transaction blocks no writer). The copy is written beside the target and
 * renamed into place only after it passes integrity_check, so `file` is never
 * a half-written backup.
 */
export async function backupDatabase(databasePath: string, file: string): Promise<BackupResult> {
  if (!fs.existsSync(databasePath)) throw new BackupError(`데이터베이스 파일이 없습니다: ${databasePath}`);
  if (sameFile(databasePath, file)) throw new BackupError('백업 파일을 데이터베이스 자신 위에 쓸 수 없습니다.');
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.partial`;
  fs.rmSync(temp, { force: true });

  const source = new SQLite(databasePath, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    // Copy every page in one step: a step-wise copy restarts whenever the server
    // commits in between, and under steady writes might never finish.
    const result = await source.backup(temp, { progress: ({ remainingPages }) => Math.max(remainingPages, 1) * 2 });
    // A backup is one self-contained file: no -wal beside it to lose when it is copied.
    const copy = new SQLite(temp, { fileMustExist: true });
    copy.pragma('journal_mode = DELETE');
    copy.close();
    verifyDatabaseFile(temp);
    fsyncPath(temp);
    fs.renameSync(temp, target);
    fsyncPath(path.dirname(target));
    return { file: target, bytes: fs.statSync(target).size, pages: result.totalPages };
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  } finally {
    source.close();
  }
}

/**
 * Whether another connection (a running server, an import) has the database
 * open. In WAL mode every open connection holds a shared lock that an
 * exclusive-mode connection cannot get past; with busy_timeout 0 the attempt
 * fails at once instead of waiting. Unlike a pid file, this cannot go stale
 * after a crash: the operating system drops the locks of a dead process.
 */
export function databaseInUse(databasePath: string): boolean {
  if (!fs.existsSync(databasePath)) return false;
  const probe = new SQLite(databasePath, { fileMustExist: true });
  try {
    probe.pragma('busy_timeout = 0');
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.exec('BEGIN EXCLUSIVE');
    probe.exec('ROLLBACK');
    return false;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY') || (error as { code?: string }).code?.startsWith('SQLITE_LOCKED')) return true;
    throw error;
  } finally {
    probe.close();
  }
}

export interface RestoreResult {
  databasePath: string;
  bytes: number;
  replaced: boolean;
}

/**
 * Replaces the database with a backup: refuses while any process holds the
 * database, verifies the backup, copies it beside the database, checks the copy
 * and renames it over the old file (atomic on one file system), then removes
 * the old file's -wal and -shm so SQLite never replays them onto the new one.
 */
export function restoreDatabase(backupFile: string, databasePath: string): RestoreResult {
  if (sameFile(backupFile, databasePath)) throw new BackupError('백업 파일과 데이터베이스가 같은 파일입니다.');
  verifyDatabaseFile(backupFile);
  const target = path.resolve(databasePath);
  if (databaseInUse(target)) {
    throw new BackupError(
      `데이터베이스를 사용하는 프로세스가 있습니다(서버가 실행 중인가요?): ${target}\n서버를 멈춘 뒤 다시 복원해 주세요.`,
    );
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.restoring`;
  const replaced = fs.existsSync(target);
  try {
    fs.copyFileSync(backupFile, temp);
    fsyncPath(temp);
    verifyDatabaseFile(temp);
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(`${target}${suffix}`, { force: true });
    fs.renameSync(temp, target);
    fsyncPath(path.dirname(target));
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  return { databasePath: target, bytes: fs.statSync(target).size, replaced };
}
