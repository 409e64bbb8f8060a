// Rule 11: the same or a partly changed comment posted again and again.
//
// Comparison: texts are reduced to folded letters and digits (spacing, punctuation, emoji and
// case ignored), cut into character 3-grams, and compared by Jaccard similarity.
// Policy (hold):
// - the same author repeats a comment within 24 hours: exact repeats of 4+ characters, or
//   near-duplicates of 12+ characters — "only partly changed": Jaccard ≥ 0.6, or for texts up
//   to 300 letters an edit similarity ≥ 0.65 (two changed words in a short comment lower the
//   3-gram Jaccard a lot but the edit distance little);
// - three or more other authors recently posted a near-duplicate (Jaccard ≥ 0.7) of 15+
//   characters: a coordinated campaign. Short stock phrases ("응원합니다", "감사합니다") are
//   below the length floors and never count.
// The board screener keeps MinHash signatures with LSH buckets so it compares each comment only
// with likely matches instead of the whole history.

import { letterLayer } from './normalize.js';
import type { Evidence, PriorComment } from './types.js';

export const SAME_AUTHOR_WINDOW_MS = 24 * 60 * 60 * 1000;
export const SAME_AUTHOR_MIN_EXACT = 4;
export const SAME_AUTHOR_MIN_NEAR = 12;
export const SAME_AUTHOR_JACCARD = 0.6;
/** Edit similarity that also counts as near (texts up to EDIT_MAX_LENGTH letters). */
export const EDIT_THRESHOLD = 0.65;
export const EDIT_MAX_LENGTH = 300;
export const CAMPAIGN_MIN_LENGTH = 15;
export const CAMPAIGN_JACCARD = 0.7;
export const CAMPAIGN_MIN_AUTHORS = 3;

/** Letters and digits only, lower-cased: the form compared for duplicates. */
export function duplicateKey(text: string): string {
  return letterLayer(text, true).text;
}

export function shingles(key: string): Set<string> {
  const out = new Set<string>();
  if (key.length < 3) {
    if (key) out.add(key);
    return out;
  }
  for (let i = 0; i + 3 <= key.length; i++) out.add(key.slice(i, i + 3));
  return out;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const s of small) if (large.has(s)) inter++;
  return inter / (a.size + b.size - inter);
}

/** 1 - edit distance / longer length: tolerant of small edits in short texts. */
export function editSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return 0;
  let prev = new Uint16Array(m + 1);
  let cur = new Uint16Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const cost = ai === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return 1 - (prev[m] as number) / Math.max(n, m);
}

/** Near-duplicate test: 3-gram Jaccard, or edit similarity for texts short enough to afford it. */
export function nearDuplicate(aKey: string, aShingles: Set<string>, bKey: string, bShingles: Set<string>, threshold: number): boolean {
  if (aKey === bKey) return true;
  const j = jaccard(aShingles, bShingles);
  if (j >= threshold) return true;
  // Texts sharing under a quarter of their 3-grams are not "partly changed"; skip the edit distance.
  if (j < 0.25) return false;
  const shorter = Math.min(aKey.length, bKey.length);
  const longer = Math.max(aKey.length, bKey.length);
  if (longer > EDIT_MAX_LENGTH || shorter < longer * threshold) return false;
  return editSimilarity(aKey, bKey) >= EDIT_THRESHOLD;
}

/** Similarity of two comments as the rule sees them (the larger of both measures). */
export function similarity(a: string, b: string): number {
  const ka = duplicateKey(a);
  const kb = duplicateKey(b);
  const j = jaccard(shingles(ka), shingles(kb));
  return Math.max(j, Math.max(ka.length, kb.length) <= EDIT_MAX_LENGTH ? editSimilarity(ka, kb) : 0);
}

function withinWindow(at: string, now: string | undefined): boolean {
  if (!now) return true;
  const t = Date.parse(at);
  const n = Date.parse(now);
  if (Number.isNaN(t) || Number.isNaN(n)) return true;
  return n - t >= 0 && n - t <= SAME_AUTHOR_WINDOW_MS;
}

const REPEAT_REASON = '같은 내용이나 일부만 바꾼 글을 되풀이해 올린 것으로 보여 확인이 필요합니다.';
const CAMPAIGN_REASON = '여러 사람이 같은 내용을 잇달아 올린 글로 보여 확인이 필요합니다.';

/** Repeated-posting verdict on prepared shingles; shared by screenComment and the board screener. */
export function repeatVerdict(
  key: string,
  sh: Set<string>,
  byAuthor: { key: string; shingles: Set<string> }[],
  byOthers: { author: string; shingles: Set<string>; key: string }[],
): 'repeat' | 'campaign' | undefined {
  if (key.length >= SAME_AUTHOR_MIN_EXACT) {
    for (const prior of byAuthor) {
      if (prior.key === key) return 'repeat';
      if (key.length >= SAME_AUTHOR_MIN_NEAR && prior.key.length >= SAME_AUTHOR_MIN_NEAR && nearDuplicate(key, sh, prior.key, prior.shingles, SAME_AUTHOR_JACCARD)) {
        return 'repeat';
      }
    }
  }
  if (key.length >= CAMPAIGN_MIN_LENGTH) {
    const authors = new Set<string>();
    for (const other of byOthers) {
      if (other.key.length < CAMPAIGN_MIN_LENGTH) continue;
      if (nearDuplicate(key, sh, other.key, other.shingles, CAMPAIGN_JACCARD)) authors.add(other.author);
      if (authors.size >= CAMPAIGN_MIN_AUTHORS) return 'campaign';
    }
  }
  return undefined;
}

export function verdictEvidence(text: string, verdict: 'repeat' | 'campaign' | undefined): Evidence[] {
  if (!verdict) return [];
  return [
    {
      rule: 11,
      start: 0,
      end: text.length,
      match: text.slice(0, 40),
      reason: verdict === 'repeat' ? REPEAT_REASON : CAMPAIGN_REASON,
      action: 'hold',
    },
  ];
}

export function findDuplicates(
  text: string,
  recentByAuthor: PriorComment[] | undefined,
  recentByOthers: { author: string; text: string }[] | undefined,
  now: string | undefined,
): Evidence[] {
  if (!recentByAuthor?.length && !recentByOthers?.length) return [];
  const key = duplicateKey(text);
  const sh = shingles(key);
  const times = (recentByAuthor ?? []).map((p) => p.at).sort();
  const reference = now ?? times[times.length - 1];
  const byAuthor = (recentByAuthor ?? [])
    .filter((p) => withinWindow(p.at, reference))
    .map((p) => {
      const k = duplicateKey(p.text);
      return { key: k, shingles: shingles(k) };
    });
  const byOthers = (recentByOthers ?? []).map((p) => {
    const k = duplicateKey(p.text);
    return { author: p.author, key: k, shingles: shingles(k) };
  });
  return verdictEvidence(text, repeatVerdict(key, sh, byAuthor, byOthers));
}

// MinHash + LSH for the streaming board screener.
const HASHES = 16;
const BANDS = 8; // 2 rows per band: candidates from Jaccard ≈ 0.35 upward
const ROWS = HASHES / BANDS;
const SEEDS = Array.from({ length: HASHES }, (_, i) => (Math.imul(i + 1, 0x9e3779b1) ^ 0x85ebca6b) >>> 0);

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix(h: number, seed: number): number {
  let x = (h ^ seed) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

export function minhash(sh: Set<string>): Uint32Array {
  const sig = new Uint32Array(HASHES).fill(0xffffffff);
  for (const s of sh) {
    const h = fnv1a(s);
    for (let i = 0; i < HASHES; i++) {
      const v = mix(h, SEEDS[i] as number);
      if (v < (sig[i] as number)) sig[i] = v;
    }
  }
  return sig;
}

export function bandKeys(sig: Uint32Array): string[] {
  const keys: string[] = [];
  for (let b = 0; b < BANDS; b++) {
    let k = `${b}:`;
    for (let r = 0; r < ROWS; r++) k += `${sig[b * ROWS + r] as number},`;
    keys.push(k);
  }
  return keys;
}
