// Highlighted snippets. The text is escaped here and only the <mark> wrappers
// are added, so the ...Html results may be printed unescaped.
import { escapeHtml } from '../rendering/escape.js';

export { escapeHtml };


/** Markdown to the plain words a reader sees, for snippets and feed summaries. */
export function markdownToPlainText(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, ' ')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/[*_`~|]+/g, ' ')
    .replace(/^\s*[-:| ]{3,}\s*$/gm, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A pattern finding each word as the index matches it: its letters in order,
 * with any spaces or punctuation between them (스마트공장 finds 스마트 공장).
 */
function wordPattern(words: readonly string[]): RegExp | null {
  const parts = words.filter(Boolean).map((word) => [...word].map(escapeRegExp).join('[^\\p{L}\\p{N}]{0,3}'));
  if (parts.length === 0) return null;
  // Longer words first, so a one-letter word never hides a longer match.
  parts.sort((a, b) => b.length - a.length);
  return new RegExp(parts.join('|'), 'giu');
}

interface Range {
  start: number;
  end: number;
}

function matchRanges(text: string, pattern: RegExp | null): Range[] {
  if (!pattern) return [];
  const ranges: Range[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    ranges.push({ start: m.index, end: m.index + m[0].length });
    if (ranges.length > 500) break;
  }
  return ranges;
}

function markRanges(text: string, ranges: Range[], from: number, to: number): string {
  let html = '';
  let at = from;
  for (const r of ranges) {
    if (r.end <= from || r.start >= to) continue;
    const start = Math.max(r.start, at);
    const end = Math.min(r.end, to);
    if (start >= end) continue;
    html += escapeHtml(text.slice(at, start)) + '<mark>' + escapeHtml(text.slice(start, end)) + '</mark>';
    at = end;
  }
  return html + escapeHtml(text.slice(at, to));
}

/** The whole text, escaped, with every match of the words in <mark>. */
export function highlightHtml(text: string, words: readonly string[]): string {
  const normalized = text.normalize('NFKC');
  return markRanges(normalized, matchRanges(normalized, wordPattern(words)), 0, normalized.length);
}

/**
 * About `length` characters of the text around its first match, escaped, with the
 * matches in <mark>; the opening of the text when nothing in it matches.
 */
export function snippetHtml(text: string, words: readonly string[], length = 160): string {
  const normalized = text.normalize('NFKC').replace(/\s+/g, ' ').trim();
  const ranges = matchRanges(normalized, wordPattern(words));
  const first = ranges[0];
  let start = first ? Math.max(0, first.start - Math.floor(length / 4)) : 0;
  const end = Math.min(normalized.length, start + length);
  if (end - start < length) start = Math.max(0, end - length);
  // Do not cut a surrogate pair or a word in half where a space is near.
  if (start > 0) {
    const space = normalized.lastIndexOf(' ', start);
    if (space >= 0 && start - space < 12) start = space + 1;
  }
  const body = markRanges(normalized, ranges, start, end);
  return (start > 0 ? '… ' : '') + body + (end < normalized.length ? ' …' : '');
}
