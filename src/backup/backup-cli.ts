import { BackupError, backupDatabase, restoreDatabase } from './backup-service.js';

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

export const BACKUP_USAGE = [
  '  backup <파일>      서버가 실행 중이어도 일관된 데이터베이스 백업을 <파일>에 만듭니다.',
  '  restore <파일>     백업을 검사한 뒤 데이터베이스를 바꿉니다. 서버가 실행 중이면 거부합니다.',
];

function oneFile(args: string[], io: Io, name: string): string | null {
  if (args.length !== 1 || !args[0] || args[0].startsWith('-')) {
    io.err(`사용법: briefroom ${name} <파일>`);
    return null;
  }
  return args[0];
}

function explain(error: unknown, io: Io): number {
  if (error instanceof BackupError) {
    for (const line of error.message.split('\n')) io.err(line);
    return 1;
  }
  throw error;
}

export async function backupCommand(args: string[], io: Io, databasePath: string): Promise<number> {
  const file = oneFile(args, io, 'backup');
  if (!file) return 2;
  try {
    const result = await backupDatabase(databasePath, file);
    io.out(`백업했습니다: ${result.file} (${result.bytes.toLocaleString('ko-KR')}바이트, 무결성 검사 통과)`);
    return 0;
  } catch (error) {
    return explain(error, io);
  }
}

export async function restoreCommand(args: string[], io: Io, databasePath: string): Promise<number> {
  const file = oneFile(args, io, 'restore');
  if (!file) return 2;
  try {
    const result = restoreDatabase(file, databasePath);
    io.out(`복원했습니다: ${result.databasePath} (${result.bytes.toLocaleString('ko-KR')}바이트${result.replaced ? ', 기존 파일을 바꿈' : ''})`);
    return 0;
  } catch (error) {
    return explain(error, io);
  }
}
