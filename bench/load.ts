import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';

const run = promisify(execFile);

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
}

export function hasWrk(): boolean {
  return fs.existsSync('/usr/bin/wrk') || fs.existsSync('/usr/local/bin/wrk');
}

function toMs(value: string, unit: string): number {
  const n = Number(value);
  return unit === 'us' ? n / 1000 : unit === 's' ? n * 1000 : n;
}

/**
 * Drives a URL from a separate process: Debian's wrk when installed (lighter, so
 * the server gets the cores), else the autocannon CLI.
 */
export async function loadTest(url: string, seconds: number, connections: number, root: string): Promise<LoadResult> {
  if (hasWrk()) {
    const { stdout } = await run('wrk', ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency', url], { maxBuffer: 1 << 20 });
    const rps = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
    const p50 = /\s50%\s+([\d.]+)(us|ms|s)/.exec(stdout);
    const p99 = /\s99%\s+([\d.]+)(us|ms|s)/.exec(stdout);
    const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout);
    if (!rps || !p50 || !p99) throw new Error(`wrk output not understood:\n${stdout}`);
    return {
      requestsPerSecond: Number(rps[1]),
      p50Ms: toMs(p50[1]!, p50[2]!),
      p99Ms: toMs(p99[1]!, p99[2]!),
      non2xx: non2xx ? Number(non2xx[1]) : 0,
    };
  }
  const bin = path.join(root, 'node_modules', '.bin', 'autocannon');
  const { stdout } = await run(bin, ['-j', '-c', String(connections), '-d', String(seconds), url], { maxBuffer: 1 << 24 });
  const json = JSON.parse(stdout) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number };
  return { requestsPerSecond: json.requests.average, p50Ms: json.latency.p50, p99Ms: json.latency.p99, non2xx: json.non2xx };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
