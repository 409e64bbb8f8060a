// `npm run bench`: the public pages under load next to a bare Fastify route,
// alternated in the same run, on a generated database; writes BENCHMARKS.md.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { hasWrk, loadTest, median, type LoadResult } from './load.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    releases: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    out: { type: 'string', default: 'BENCHMARKS.md' },
    keep: { type: 'boolean', default: false },
  },
});
const releases = Number(values.releases);
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const connections = Number(values.connections);

function startProcess(args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const ready = /ready (\d+)/.exec(buffer) ?? /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(buffer);
      if (ready) resolve({ child, port: Number(ready[1]) });
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}\n${buffer}`)));
  });
}

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefroom-bench-'));
  const database = path.join(dir, 'bench.db');
  console.log(`보도자료 ${releases.toLocaleString('ko-KR')}건으로 데이터베이스를 만듭니다: ${database}`);
  const generated = spawn(process.execPath, ['bin/briefroom.js', 'generate', '--releases', String(releases)], {
    cwd: root,
    env: { ...process.env, DATABASE_PATH: database },
    stdio: 'inherit',
  });
  await new Promise<void>((resolve, reject) => generated.on('exit', (code) => (code === 0 ? resolve() : reject(new Error('generate failed')))));

  const appPort = await freePort();
  const app = {
    child: spawn(process.execPath, ['dist/src/server.js'], {
      cwd: root,
      env: { ...process.env, DATABASE_PATH: database, PORT: String(appPort), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  };
  const base = `http://127.0.0.1:${appPort}`;
  // The server logs "listening" at info level, which LOG_LEVEL=warn hides: poll instead.
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(`${base}/briefing`)).ok) break;
    } catch {
      if (attempt > 100) throw new Error('the server did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const middleId = Math.max(1, Math.floor(releases / 2));
  const targets: Record<string, string> = {
    list: `${base}/briefing`,
    'list (page 200)': `${base}/briefing?page=200`,
    article: `${base}/briefing/${middleId}`,
  };
  const articleBytes = Buffer.byteLength(await (await fetch(targets.article!)).text());
  const bare = await startProcess(['dist/bench/bare-server.js'], { PORT: '0', BODY_BYTES: String(articleBytes) });
  targets.bare = `http://127.0.0.1:${bare.port}/bare`;
  for (const [name, url] of Object.entries(targets)) {
    const res = await fetch(url);
    if (res.status !== 200) throw new Error(`${name} answered ${res.status}`);
  }

  const results: Record<string, LoadResult[]> = {};
  console.log(`부하 생성기: ${hasWrk() ? 'wrk' : 'autocannon'}, 연결 ${connections}개, ${seconds}초 × ${rounds}회 (교대로)`);
  for (let round = 1; round <= rounds; round++) {
    for (const [name, url] of [['bare', targets.bare!], ...Object.entries(targets).filter(([n]) => n !== 'bare')] as [string, string][]) {
      const result = await loadTest(url, seconds, connections, root);
      (results[name] ??= []).push(result);
      console.log(`  ${round}회차 ${name.padEnd(16)} ${result.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms`);
    }
  }
  const rssKb = Number(fs.readFileSync(`/proc/${app.child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
  app.child.kill('SIGTERM');
  bare.child.kill('SIGTERM');

  const bareRps = median(results.bare!.map((r) => r.requestsPerSecond));
  const rows = Object.entries(results).map(([name, list]) => {
    const rps = median(list.map((r) => r.requestsPerSecond));
    return {
      name,
      rps,
      p50: median(list.map((r) => r.p50Ms)),
      p99: median(list.map((r) => r.p99Ms)),
      ratio: rps / bareRps,
      errors: list.reduce((sum, r) => sum + r.non2xx, 0),
    };
  });
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  const table = [
    '| target | req/s (median) | p50 ms | p99 ms | ratio to bare | non-2xx |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${(r.ratio * 100).toFixed(0)}% | ${r.errors} |`),
  ].join('\n');
  const report = `# Benchmarks

Run with \`npm run bench -- --releases ${releases} --seconds ${seconds} --rounds ${rounds}\` on ${new Date().toISOString().slice(0, 10)}.

- Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}
- Load generator: ${hasWrk() ? 'wrk (Debian)' : 'autocannon CLI'} in its own process, ${connections} connections, loopback only
- Database: ${releases.toLocaleString('en-US')} generated releases (SQLite, WAL)
- The bare route is a Fastify route answering a static string of the article page's size (${articleBytes.toLocaleString('en-US')} bytes).
- Each target ran ${rounds} times for ${seconds} s, alternating with the others; figures are medians of the rounds.
- Server RSS after the run: ${(rssKb / 1024).toFixed(0)} MB

${table}

Goal (issue 2): the list and article pages at least 40% of the bare route's throughput.
`;
  fs.writeFileSync(path.join(root, values.out!), report);
  console.log(`\n${table}\n\n${values.out}에 기록했습니다.`);
  if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
