// Several server processes on one port (SERVER_PROCESSES > 1), through node:cluster.
// Every process is a whole server over the same database; README "Past one machine"
// says why that is safe (caches checked against the content version, idempotent
// sweeps, sessions in the database).
import cluster, { type Worker } from 'node:cluster';

/** A log line in the server's format (pino's JSON levels), from the process that has no Fastify. */
export function logLine(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): string {
  const levels = { info: 30, warn: 40, error: 50 };
  return JSON.stringify({ level: levels[level], time: Date.now(), pid: process.pid, msg, ...fields });
}

/**
 * Whether a process that died may be started again: not when processes keep dying
 * soon after they start (a bad configuration, a broken database), which restarting
 * would only repeat.
 */
export class RestartBudget {
  private readonly exits: number[] = [];

  constructor(private readonly limit = 5, private readonly windowMs = 60_000) {}

  /** Records an unexpected exit at `now`; false once `limit` of them fall within the window. */
  allow(now: number): boolean {
    this.exits.push(now);
    while (this.exits.length > 0 && now - this.exits[0]! > this.windowMs) this.exits.shift();
    return this.exits.length < this.limit;
  }
}

/**
 * Runs `count` server processes and keeps that many running: one that dies is
 * replaced a second later (if the first dies before it listens, its replacement
 * starts the others in turn). SIGTERM or SIGINT stops them all (each finishes its
 * requests and flushes its view counts) and then this process, with 0 when all of
 * them stopped cleanly.
 */
export function superviseServerProcesses(count: number, write: (line: string) => void = (line) => console.log(line)): void {
  const budget = new RestartBudget();
  let stopping = false;
  let failed = false;

  // The first to listen has migrated the database and seeded it; the others start then.
  let notStarted = count;
  const start = () => {
    notStarted--;
    const worker = cluster.fork();
    worker.once('online', () => write(logLine('info', 'server process started', { worker: worker.process.pid })));
    worker.once('listening', () => {
      while (notStarted > 0 && !stopping) start();
    });
  };
  const running = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      // Asked to stop, a server process exits 0 once its requests are answered.
      if (code !== 0) failed = true;
      if (running().length === 0) process.exit(failed ? 1 : 0);
      return;
    }
    if (!budget.allow(Date.now())) {
      write(logLine('error', '서버 프로세스가 1분 안에 5번 멈춰 더는 시작하지 않습니다. 앞선 오류 기록을 확인하십시오.', { worker: worker.process.pid, code, signal }));
      stopping = true;
      failed = true;
      for (const other of running()) other.process.kill('SIGTERM');
      if (running().length === 0) process.exit(1);
      return;
    }
    write(logLine('warn', 'server process exited; starting another', { worker: worker.process.pid, code, signal }));
    setTimeout(() => {
      if (stopping) return;
      notStarted++;
      start();
    }, 1000);
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    write(logLine('info', 'stopping server processes', { signal }));
    for (const worker of running()) worker.process.kill('SIGTERM');
    if (running().length === 0) process.exit(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  start();
}
