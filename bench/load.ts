import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const run = promisify(execFile);

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  non2xx: number;
  /** requests answered over the whole load, the held-back start included */
  requests?: number;
  /** the server's CPU time (user + system, all its threads and processes) per request, in µs */
  cpuUsPerRequest?: number;
  /** the server's resident memory (VmRSS) when the round ended, in MB */
  rssMb?: number;
  /** what ran beside the load, for the report */
  note?: string;
}

/** A target: one URL, or a base URL with paths to rotate through ("{id}" becomes a random id). */
export interface LoadTarget {
  url: string;
  paths?: string[];
  maxId?: number;
  /** a release one reader keeps commenting on while the load runs */
  whileCommentingOn?: number;
  /** searches other readers keep asking while the load runs: paths rotated at random, over this many connections */
  whileSearching?: { paths: string[]; connections: number };
  /** connections for this target instead of the run's: the same load from fewer readers at once */
  connections?: number;
}

/** How long wrk holds back the first requests while the server accepts its connections. */
export const LOAD_START_DELAY_MS = 1000; // whole seconds: wrk's -d takes no fractions

export function hasWrk(): boolean {
  return fs.existsSync('/usr/bin/wrk') || fs.existsSync('/usr/local/bin/wrk');
}


/**
 * Drives a URL from a separate process: Debian's wrk when installed (lighter, so
 * the server gets the cores), else the autocannon CLI.
 */
export async function loadTest(target: LoadTarget, seconds: number, connections: number, root: string): Promise<LoadResult> {
  if (hasWrk()) {
    const script = path.join(root, 'bench', 'wrk-report.lua');
    // Paths go through a file: thousands of them exceed what one environment variable may hold.
    const pathsFile = target.paths?.length ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'briefroom-wrk-')), 'paths.txt') : '';
    if (pathsFile) fs.writeFileSync(pathsFile, target.paths!.join('\n'));
    const threads = 2;
    // The counted load begins once every connection is accepted (see wrk-report.lua);
    // the run is that much longer.
    const { stdout } = await run('wrk', [`-t${threads}`, `-c${connections}`, `-d${seconds + LOAD_START_DELAY_MS / 1000}s`, '-s', script, target.url], {
      maxBuffer: 1 << 20,
      env: {
        ...process.env,
        BENCH_PATHS_FILE: pathsFile,
        BENCH_MAX_ID: String(target.maxId ?? 1),
        BENCH_START_DELAY_MS: String(LOAD_START_DELAY_MS),
        BENCH_CONNECTIONS_PER_THREAD: String(Math.floor(connections / threads)),
      },
    }).finally(() => {
      if (pathsFile) fs.rmSync(path.dirname(pathsFile), { recursive: true, force: true });
    });
    const line = stdout.split('\n').find((l) => l.startsWith('{"rps"'));
    if (!line) throw new Error(`wrk output not understood:\n${stdout}`);
    const json = JSON.parse(line) as { rps: number; p50: number; p95: number; p99: number; non2xx: number; requests: number };
    return { requestsPerSecond: json.rps, p50Ms: json.p50, p95Ms: json.p95, p99Ms: json.p99, non2xx: json.non2xx, requests: json.requests };
  }
  // autocannon drives one URL; a rotating target is approximated by its first path.
  const url = target.paths?.length ? new URL(target.paths[0]!.replace('{id}', String(Math.ceil((target.maxId ?? 1) / 2))), target.url).href : target.url;
  const bin = path.join(root, 'node_modules', '.bin', 'autocannon');
  const { stdout } = await run(bin, ['-j', '-c', String(connections), '-d', String(seconds), url], { maxBuffer: 1 << 24 });
  const json = JSON.parse(stdout) as { requests: { average: number; total: number }; latency: { p50: number; p90: number; p99: number }; non2xx: number };
  return {
    requestsPerSecond: json.requests.average,
    requests: json.requests.total,
    p50Ms: json.latency.p50,
    p95Ms: json.latency.p90,
    p99Ms: json.latency.p99,
    non2xx: json.non2xx,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
