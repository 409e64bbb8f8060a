// `npm run bench`: the whole matrix (pages, search, feeds, APIs, comment posting, the
// screening engine) next to a bare Fastify route, alternated in one run, on a
// generated database whose size is given by flag; writes BENCHMARKS.md.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { commonWords } from './common-words.js';
import { hasWrk, LOAD_START_DELAY_MS, loadTest, median, type LoadResult, type LoadTarget } from './load.js';
import { runScreeningBench } from './screening-bench.js';
import { runViewBench } from './view-bench.js';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    releases: { type: 'string', default: '10000' },
    comments: { type: 'string', default: '0' },
    database: { type: 'string' },
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    connections: { type: 'string', default: '50' },
    only: { type: 'string' },
    out: { type: 'string', default: 'BENCHMARKS.md' },
    keep: { type: 'boolean', default: false },
    cold: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const warmupSeconds = Number(values.warmup);
const connections = Number(values.connections);
/**
 * Readers at once for the random targets' second rows: on this 2-core machine, by hand
 * (2026-11-29), uncached articles kept p95 under 20 ms up to 10-15 connections and
 * searches for distinct words under 50 ms up to 2-3.
 */
const FEWER_READERS = { articles: 10, searches: 2 };

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function cli(args: string[], database: string): Promise<string> {
  return run(process.execPath, ['bin/briefroom.js', ...args], { cwd: root, env: { ...process.env, DATABASE_PATH: database }, maxBuffer: 1 << 24 }).then(
    (r) => r.stdout,
  );
}

/** One reader posting comments for `seconds` (bench/comment-load.ts, its own process); resolves to its report. */
function startCommenting(base: string, seconds: number, releaseId: number, account: number): Promise<{ rps: number } | null> {
  return run(process.execPath, ['dist/bench/comment-load.js', base, String(seconds), '1', String(releaseId), String(account)], { cwd: root, maxBuffer: 1 << 20 })
    .then(({ stdout }) => {
      const line = stdout.trim().split('\n').at(-1);
      return line?.startsWith('{') ? (JSON.parse(line) as { rps: number }) : null;
    })
    .catch(() => null);
}

async function startServer(database: string, port: number): Promise<{ child: ChildProcess; startupMs: number }> {
  const started = performance.now();
  // The server runs as `npm start` runs it (the serve script: its allocator and heap settings).
  const serve = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { serve: string } }).scripts.serve;
  const child = spawn('sh', ['-c', serve], {
    cwd: root,
    env: {
      ...process.env,
      // the node that runs this bench, first on the PATH the serve script looks `node` up in
      PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
      DATABASE_PATH: database,
      PORT: String(port),
      HOST: '127.0.0.1',
      // LOG_LEVEL and ACCESS_LOG stay as `npm start` has them (info, no line per request).
      NODE_ENV: 'production',
      // Comment posting is measured for the server's cost, not its flood limits.
      COMMENT_MIN_INTERVAL_SECONDS: '0',
      COMMENT_DAILY_LIMIT: '10000',
      COMMENT_IP_HOURLY_LIMIT: '100000',
      // The XML API is measured for its cost, not its per-key quota.
      OPEN_API_HOURLY_LIMIT: '100000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/robots.txt`)).status < 500) break;
    } catch {
      if (performance.now() - started > 60_000) throw new Error('the server did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { child, startupMs: performance.now() - started };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface SearchProbe {
  /** syllables → request times in ms, sorted */
  byLength: Map<number, number[]>;
  all: number[];
  failures: number;
}

/**
 * Search as a reader meets it the first time: distinct queries, one at a time, so
 * none is answered from the page cache. The most frequent 1-, 2-, 3- and
 * 5-syllable words of the archive, each alone and under a ministry, a type and a
 * year, by relevance and by date.
 */
async function probeUncachedSearch(base: string, database: string): Promise<SearchProbe> {
  const sqlite = new Database(database, { readonly: true });
  const words = commonWords(sqlite, [1, 2, 3, 5], 3);
  const busiest = sqlite
    .prepare('SELECT m.name AS name FROM releases r JOIN ministries m ON m.id = r.ministry_id GROUP BY r.ministry_id ORDER BY count(*) DESC LIMIT 1')
    .get() as { name: string } | undefined;
  sqlite.close();
  const lastYear = new Date().getFullYear() - 1;
  const filters = ['', `&ministry=${encodeURIComponent(busiest?.name ?? '교육부')}`, `&type=${encodeURIComponent('보도자료')}`, `&from=${lastYear}-01-01&to=${lastYear}-12-31`];
  const probe: SearchProbe = { byLength: new Map(), all: [], failures: 0 };
  for (const [length, list] of words) {
    for (const word of list) {
      for (const filter of filters) {
        for (const sort of ['', '&sort=latest']) {
          const started = performance.now();
          const res = await fetch(`${base}/briefing/search?q=${encodeURIComponent(word)}${filter}${sort}`);
          await res.arrayBuffer();
          const ms = performance.now() - started;
          if (res.status !== 200) probe.failures++;
          probe.byLength.set(length, [...(probe.byLength.get(length) ?? []), ms]);
          probe.all.push(ms);
        }
      }
    }
  }
  for (const times of probe.byLength.values()) times.sort((a, b) => a - b);
  probe.all.sort((a, b) => a - b);
  return probe;
}

/**
 * Reads the database file once, start to end, so that the runs meet it in the OS
 * page cache as a server that has served it for a while does. Right after
 * `generate` only the last-written part is there, and which part that is
 * changed the random targets' figures from one run to the next.
 */
async function readIntoOsCache(database: string): Promise<{ bytes: number; ms: number } | { skipped: string }> {
  const files = [database, `${database}-wal`].filter((file) => fs.existsSync(file));
  const bytes = files.reduce((sum, file) => sum + fs.statSync(file).size, 0);
  if (values.cold) return { skipped: 'not read beforehand (--cold): pages not yet in the OS cache come from the disk' };
  // os.freemem() is what Linux calls available: free memory and what the cache can give back.
  // A file nearly as large is still worth reading: most of it stays, as on a server that has run a while.
  if (bytes > os.freemem()) return { skipped: `not read beforehand: the file (${gb(bytes)}) is larger than the memory available (${gb(os.freemem())})` };
  const started = performance.now();
  for (const file of files) {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 4 << 20 })) void chunk;
  }
  return { bytes, ms: performance.now() - started };
}

function gb(bytes: number): string {
  return `${(bytes / 1e9).toFixed(1)} GB`;
}

/** The process and every process under it (SERVER_PROCESSES), children first read from /proc. */
function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // gone meanwhile
  }
  return [pid, ...children.flatMap(processTree)];
}

/**
 * Resident memory now (VmRSS), or the most held (VmHWM), in MB, of the server and the
 * processes it started: with several, the sum of their peaks, which may not coincide.
 */
function rssMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  let kb = 0;
  for (const member of processTree(pid)) {
    try {
      kb += Number(fs.readFileSync(`/proc/${member}/status`, 'utf8').match(new RegExp(`${field}:\\s+(\\d+)`))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return kb / 1024;
}

/** Clock ticks a second, the unit of CPU time in /proc/<pid>/stat. */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU time used so far (user + system, every thread) by the process and those it
 * started, in µs. Per request, it moves with the code and not with how much of the
 * two cores the load generator left the server, unlike the throughput.
 */
function cpuUs(pid: number): number {
  let ticks = 0;
  for (const member of processTree(pid)) {
    try {
      // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
      const fields = fs.readFileSync(`/proc/${member}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return (ticks * 1e6) / CLOCK_TICKS;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefroom-bench-'));
  let database = values.database ?? path.join(dir, 'bench.db');
  if (!values.database) {
    console.log(`보도자료 ${Number(values.releases).toLocaleString('ko-KR')}건, 댓글 ${Number(values.comments).toLocaleString('ko-KR')}건으로 데이터베이스를 만듭니다.`);
    const started = performance.now();
    console.log((await cli(['generate', '--releases', values.releases!, '--comments', values.comments!], database)).trim());
    console.log(`  생성 ${((performance.now() - started) / 1000).toFixed(0)}초`);
  }
  database = path.resolve(database);
  // Accounts for the comment-posting load: citizens who can log in.
  const posters = 10;
  // One more account than the posters: the reader who comments beside the article load.
  for (let i = 0; i <= posters; i++) {
    await cli(['user', 'add', '--email', `bench${i}@example.com`, '--name', `벤치독자${i}`, '--role', 'citizen', '--password', 'bench-reader-2026'], database).catch(() => '');
  }
  const keyOutput = await cli(['apikey', 'add', '--name', 'bench'], database).catch(() => '');
  const serviceKey = keyOutput.trim().split('\n').at(-1) ?? '';

  const osCache = await readIntoOsCache(database);
  const appPort = await freePort();
  const { child: app, startupMs } = await startServer(database, appPort);
  const base = `http://127.0.0.1:${appPort}`;
  const probe = await (await fetch(`${base}/api/v1/releases?limit=1`)).json().catch(() => null) as { items?: { id: number }[] } | null;
  const maxId = probe?.items?.[0]?.id ?? Number(values.releases);
  const total = Number(/총 <strong>([\d,]+)<\/strong>건/.exec(await (await fetch(`${base}/briefing`)).text())?.[1]?.replace(/,/g, '') ?? maxId);
  const deepPage = Math.max(2, Math.min(40000, Math.floor((total / 20) * 0.8)));
  const middleId = Math.max(1, Math.floor(maxId / 2));
  const articleBytes = Buffer.byteLength(await (await fetch(`${base}/briefing/${middleId}`)).text());
  const bare = spawn(process.execPath, ['dist/bench/bare-server.js'], {
    cwd: root,
    env: { ...process.env, PORT: '0', BODY_BYTES: String(articleBytes) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const barePort = await new Promise<number>((resolve) =>
    bare.stdout!.on('data', (chunk: Buffer) => {
      const ready = /ready (\d+)/.exec(String(chunk));
      if (ready) resolve(Number(ready[1]));
    }),
  );

  // Searches as many readers with different questions ask them: the archive's most
  // frequent words of 2-4 syllables, so that nearly every request misses the page cache.
  const wordsDb = new Database(database, { readonly: true });
  const distinctWords = [...commonWords(wordsDb, [2, 3, 4], 1500).values()].flat();
  wordsDb.close();
  const q = (s: string) => encodeURIComponent(s);
  const kstDay = (daysAgo: number) => new Date(Date.now() + 9 * 3600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const targets: Record<string, LoadTarget> = {
    bare: { url: `http://127.0.0.1:${barePort}/bare` },
    'list': { url: `${base}/briefing` },
    [`list page ${deepPage}`]: { url: `${base}/briefing?page=${deepPage}` },
    'list filtered, random pages': {
      url: base,
      paths: Array.from({ length: 20 }, (_, i) => `/briefing?ministry=${q('교육부')}&type=${q('보도자료')}&page=${1 + i * 7}`),
    },
    'article (one)': { url: `${base}/briefing/${middleId}` },
    // The newest 200 articles (they fit in the page cache) while one reader comments on
    // another: a comment must retire only its own article's cached page.
    'articles (200) while a reader comments': {
      url: base,
      paths: Array.from({ length: 200 }, (_, i) => `/briefing/${Math.max(1, maxId - i)}`),
      whileCommentingOn: middleId,
    },
    'articles (random)': { url: base, paths: ['/briefing/{id}'], maxId },
    // How much of that load one server answers within the p95 goal: fewer readers at once.
    [`articles (random), ${FEWER_READERS.articles} connections`]: { url: base, paths: ['/briefing/{id}'], maxId, connections: FEWER_READERS.articles },
    // One article (from the page cache) while ten other readers ask distinct words: an
    // uncached search holds the thread for 15-30 ms, and the pages must not wait for it.
    'article (one) while 10 readers search': {
      url: `${base}/briefing/${middleId}`,
      // Newest first (최신순), so that "search, distinct words" finds none of its pages or
      // ranked pools already made by these.
      whileSearching: { paths: distinctWords.map((w) => `/briefing/search?q=${q(w)}&sort=latest`), connections: 10 },
    },
    'search 1-5 syllables': {
      url: base,
      paths: ['정', '예산', '지자체', '스마트공장', '중소기업', '스마트 공장', '협의회', '특구'].map((w) => `/briefing/search?q=${q(w)}`),
    },
    'search, distinct words': { url: base, paths: distinctWords.map((w) => `/briefing/search?q=${q(w)}`) },
    // Over the whole archive's period, which finds the same releases at the same cost, so
    // that its pages and ranked pools are its own and not those the target before made.
    [`search, distinct words, ${FEWER_READERS.searches} connections`]: {
      url: base,
      paths: distinctWords.map((w) => `/briefing/search?q=${q(w)}&from=1999-01-01`),
      connections: FEWER_READERS.searches,
    },
    'rss': { url: `${base}/briefing/feed.rss` },
    'api list': { url: `${base}/api/v1/releases` },
    'api release (random)': { url: base, paths: ['/api/v1/releases/{id}'], maxId },
    'xml compat': { url: `${base}/1371000/pressReleaseService/pressReleaseList?serviceKey=${q(serviceKey)}&startDate=${kstDay(2)}&endDate=${kstDay(0)}` },
  };
  const only = values.only ? new RegExp(values.only) : null;
  const names = Object.keys(targets).filter((n) => n === 'bare' || !only || only.test(n));
  for (const name of names) {
    const t = targets[name]!;
    const url = t.paths ? new URL(t.paths[0]!.replace('{id}', String(middleId)), t.url).href : t.url;
    const res = await fetch(url);
    await res.arrayBuffer();
    if (res.status !== 200) console.warn(`  주의: ${name} 첫 요청이 ${res.status}로 응답했습니다.`);
  }

  const search = !only || only.test('search') ? await probeUncachedSearch(base, database) : null;
  if (search) {
    console.log(`검색(캐시 없음, 한 번에 하나) ${search.all.length}회: p50 ${percentile(search.all, 50).toFixed(1)} ms, p95 ${percentile(search.all, 95).toFixed(1)} ms`);
  }

  const results: Record<string, LoadResult[]> = {};
  console.log(`부하 생성기: ${hasWrk() ? 'wrk' : 'autocannon'}, 연결 ${connections}개, ${seconds}초 × ${rounds}회 (교대로)`);
  for (let round = 1; round <= rounds; round++) {
    for (const name of names) {
      // The same load first, not counted, so a round measures the target's steady
      // state rather than the change from the previous one. Uncached articles at
      // 1,000,000 releases measured p95 358 and 109 ms in rounds without it, 73 and
      // 67 ms with it; a reader's server does not switch its whole load every 5 s.
      const target = targets[name]!;
      const commenting = target.whileCommentingOn === undefined ? null : startCommenting(base, warmupSeconds + seconds + 2 * (LOAD_START_DELAY_MS / 1000) + 2, target.whileCommentingOn, posters);
      if (commenting) await new Promise((resolve) => setTimeout(resolve, 1000));
      // The searches run through the warm-up and the counted load, from a wrk of their own.
      const searching = target.whileSearching
        ? loadTest({ url: new URL(target.url).origin, paths: target.whileSearching.paths }, warmupSeconds + seconds + 2 * (LOAD_START_DELAY_MS / 1000) + 2, target.whileSearching.connections, root).catch(() => null)
        : null;
      if (searching) await new Promise((resolve) => setTimeout(resolve, LOAD_START_DELAY_MS + 500));
      const readers = target.connections ?? connections;
      if (warmupSeconds > 0) await loadTest(target, warmupSeconds, readers, root);
      const server = name === 'bare' ? bare.pid! : app.pid!;
      const cpuBefore = cpuUs(server);
      const result = await loadTest(target, seconds, readers, root);
      if (result.requests) result.cpuUsPerRequest = (cpuUs(server) - cpuBefore) / result.requests;
      if (searching) {
        const searched = await searching;
        if (!searched || searched.requestsPerSecond === 0) console.warn(`  주의: ${name} 동안 검색이 답을 받지 못했습니다.`);
        else result.note = `${searched.requestsPerSecond.toFixed(0)} searches/s meanwhile, p95 ${searched.p95Ms.toFixed(0)} ms`;
      }
      if (commenting) {
        const posted = await commenting;
        if (!posted || posted.rps === 0) console.warn(`  주의: ${name} 동안 댓글이 등록되지 않았습니다.`);
        else result.note = `${posted.rps.toFixed(0)} comments/s posted meanwhile`;
      }
      // The bare route runs in its own process: the server's memory says nothing of it.
      if (name !== 'bare') result.rssMb = rssMb(app.pid!);
      // The high-water mark so far, on every line: where the run's peak was reached.
      const peakSoFar = name === 'bare' ? null : rssMb(app.pid!, 'VmHWM');
      (results[name] ??= []).push(result);
      console.log(
        `  ${round}회차 ${name.padEnd(28)} ${result.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${result.p50Ms.toFixed(2)}  p95 ${result.p95Ms.toFixed(2)}  p99 ${result.p99Ms.toFixed(2)} ms${result.cpuUsPerRequest === undefined ? '' : `  CPU ${result.cpuUsPerRequest.toFixed(0)} µs/req`}${result.non2xx ? `  non-2xx ${result.non2xx}` : ''}${result.note ? `  (${result.note})` : ''}${peakSoFar === null ? '' : `  RSS ${result.rssMb!.toFixed(0)} MB (peak so far ${peakSoFar.toFixed(0)} MB)`}`,
      );
    }
    if (!only || only.test('comment posting')) {
      const { stdout } = await run(process.execPath, ['dist/bench/comment-load.js', base, String(seconds), String(posters), String(middleId)], {
        cwd: root,
        maxBuffer: 1 << 20,
      }).catch((error: { stdout?: string; stderr?: string }) => ({ stdout: '', stderr: error.stderr ?? String(error) }));
      const line = stdout.trim().split('\n').at(-1);
      if (line?.startsWith('{')) {
        const json = JSON.parse(line) as { rps: number; p50: number; p95: number; p99: number; non2xx: number };
        (results['comment posting (10 readers)'] ??= []).push({
          requestsPerSecond: json.rps,
          p50Ms: json.p50,
          p95Ms: json.p95,
          p99Ms: json.p99,
          non2xx: json.non2xx,
          rssMb: rssMb(app.pid!),
        });
        console.log(`  ${round}회차 comment posting              ${json.rps.toFixed(0).padStart(7)} req/s  p95 ${json.p95.toFixed(2)} ms`);
      }
    }
  }
  // The kernel's high-water mark: every peak, not only those at the end of a target.
  const peakRss = rssMb(app.pid!, 'VmHWM');
  const serverProcesses = processTree(app.pid!).length;
  app.kill('SIGTERM');
  bare.kill('SIGTERM');
  const screening = runScreeningBench(2);
  const viewing = await runViewBench(database, maxId);

  const bareRps = median(results.bare!.map((r) => r.requestsPerSecond));
  const rows = Object.entries(results).map(([name, list]) => {
    const rps = median(list.map((r) => r.requestsPerSecond));
    return {
      name,
      rps,
      p50: median(list.map((r) => r.p50Ms)),
      p95: median(list.map((r) => r.p95Ms)),
      p99: median(list.map((r) => r.p99Ms)),
      ratio: rps / bareRps,
      errors: list.reduce((sum, r) => sum + r.non2xx, 0),
      rss: Math.max(0, ...list.map((r) => r.rssMb ?? 0)),
      cpu: list.every((r) => r.cpuUsPerRequest !== undefined) ? median(list.map((r) => r.cpuUsPerRequest!)) : null,
      notes: list.flatMap((r) => (r.note ? [r.note] : [])),
    };
  });
  const notes = rows.filter((r) => r.notes.length > 0).map((r) => `- ${r.name}: ${r.notes.join('; ')} (one round each)`);
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  const table = [
    '| target | req/s (median) | p50 ms | p95 ms | p99 ms | ratio to bare | server CPU µs/request | non-2xx | server RSS after, MB |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.p99.toFixed(2)} | ${(r.ratio * 100).toFixed(0)}% | ${r.cpu === null ? '—' : r.cpu.toFixed(0)} | ${r.errors} | ${r.rss > 0 ? r.rss.toFixed(0) : '—'} |`,
    ),
  ].join('\n');
  const searchTable = search
    ? [
        '',
        `Search without the page cache: ${search.all.length} distinct queries, one at a time over HTTP, before the load rounds (the most frequent 1-, 2-, 3- and 5-syllable words, each alone and under a ministry, a type and a year, by relevance and by date${search.failures ? `; ${search.failures} answered other than 200` : ''}):`,
        '',
        '| syllables | queries | p50 ms | p95 ms | max ms |',
        '|---|---:|---:|---:|---:|',
        ...[...search.byLength].map(([length, times]) => `| ${length} | ${times.length} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} | ${times.at(-1)!.toFixed(1)} |`),
        `| all | ${search.all.length} | ${percentile(search.all, 50).toFixed(1)} | ${percentile(search.all, 95).toFixed(1)} | ${search.all.at(-1)!.toFixed(1)} |`,
      ].join('\n')
    : '';
  const report = `# Benchmarks

\`npm run bench -- ${process.argv.slice(2).join(' ')}\`, run on ${new Date().toISOString().slice(0, 10)}.

- Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}
- Load generator: ${hasWrk() ? 'wrk (Debian)' : 'autocannon CLI (it drives one URL, so the "random" and rotating targets below hit only their first URL and are served from cache: install wrk for them)'} in its own process, ${connections} connections, loopback only; comment posting by a separate Node process with 10 logged-in readers
- Database: ${total.toLocaleString('en-US')} public releases (SQLite, WAL)${values.database ? ` from ${path.basename(values.database)}` : ''}; OS page cache: ${'skipped' in osCache ? osCache.skipped : `the file (${gb(osCache.bytes)}) was read once before the runs (${(osCache.ms / 1000).toFixed(0)} s), as a server that has served it a while holds it`}
- The bare route is a Fastify route answering a static string of the article page's size (${articleBytes.toLocaleString('en-US')} bytes)
- Each target ran ${rounds} times for ${seconds} s, alternating with the others${warmupSeconds > 0 ? `, each time after ${warmupSeconds} s of the same load that is not counted` : ''}; figures are medians of the rounds
- Each load opens its ${connections} connections and lets the server accept them before its first request (${LOAD_START_DELAY_MS} ms, not counted): a busy Node server accepts one new connection per turn of its event loop, and without this wrk counted that ramp (up to about 0.9 s on a slow page) in p95 and p99
- "random" targets spread requests over every id, so most of them miss the page cache and measure the full render
- "articles (random), ${FEWER_READERS.articles} connections" and "search, distinct words, ${FEWER_READERS.searches} connections" are the same loads from fewer readers at once: how much of them one server on this machine answers within the p95 goals (20 ms for pages, 50 ms for search); the searches ask over the whole archive's period (\`from=1999-01-01\`), which finds the same releases, so that the pages and ranked pools the 50-connection target made a few seconds before do not answer them
- "search, distinct words" asks at random for one of ${distinctWords.length.toLocaleString('en-US')} words (the archive's most frequent of 2–4 syllables), by relevance: nearly every request misses the page cache, as when many readers ask different questions at once, where "search 1-5 syllables" rotates eight words the cache answers
- "server CPU µs/request" is the server's CPU time (user + system, all its threads; the bare route's own process for "bare") over a round divided by the requests answered in it: on these shared cores it moves with the code, where the throughput also moves with what the load generator and the machine leave the server
- "while a reader comments" reads the newest 200 articles while one more logged-in reader keeps posting comments to another article
- "while 10 readers search" reads one article (from the page cache) while a second wrk keeps 10 more connections asking the same words newest first (최신순: other pages, and no ranked pool), from before the warm-up until after the counted load: uncached searches run one at a time, in steps, so the article waits for a step and not for whole searches
- Server start-up to first answer (migrations already applied): ${startupMs.toFixed(0)} ms; peak server RSS during the run (the kernel's high-water mark, VmHWM): ${peakRss.toFixed(0)} MB${serverProcesses > 1 ? ` (SERVER_PROCESSES: a supervisor and ${serverProcesses - 1} server processes, the sum of their high-water marks; the RSS column sums them too)` : ''}
- Screening engine, one core, full lexicon: ${screening.perSecond.toFixed(0)} comments/s (${screening.boardPerSecond.toFixed(0)}/s with the board's duplicate history)
- View counting, on the server's thread between requests: a flush of ${viewing.flushedReleases.toLocaleString('en-US')} distinct articles' counts took ${viewing.flushMs.toFixed(0)} ms, holding the thread at most ${viewing.flushLongestMs.toFixed(1)} ms at a time; ranking 많이 본 뉴스 over ${viewing.weekRows.toLocaleString('en-US')} daily rows of the week took ${viewing.rankingMs.toFixed(0)} ms, at most ${viewing.rankingLongestMs.toFixed(1)} ms at a time

${table}
${notes.length ? `\n${notes.join('\n')}\n` : ''}${searchTable}
`;
  fs.writeFileSync(path.resolve(root, values.out!), report);
  console.log(`\n${table}\n\n${values.out}에 기록했습니다.`);
  // The directory holds the generated database, kept with --keep; with --database it stays empty.
  if (values.database || !values.keep) fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
