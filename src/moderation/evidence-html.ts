// The one producer of the queue's highlighted comment text: everything is escaped, and only the
// engine's evidence spans are wrapped in <mark>. Templates print only this `...Html` as safe.
import type { Evidence } from './screening/index.js';
import { escapeHtml } from '../rendering/escape.js';

export { escapeHtml };


function escapeLines(text: string): string {
  return escapeHtml(text).replace(/\n/g, '<br>');
}

/** The comment as HTML with each finding's span marked; overlapping spans are merged. */
export function highlightEvidenceHtml(text: string, evidence: Pick<Evidence, 'start' | 'end' | 'rule' | 'reason'>[]): string {
  const spans = evidence
    .filter((e) => Number.isInteger(e.start) && Number.isInteger(e.end) && e.start >= 0 && e.end > e.start && e.end <= text.length)
    .map((e) => ({ start: e.start, end: e.end, notes: [`운영원칙 제${e.rule}항: ${e.reason}`] }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: typeof spans = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      for (const note of span.notes) if (!last.notes.includes(note)) last.notes.push(note);
    } else merged.push({ ...span, notes: [...span.notes] });
  }
  let html = '';
  let at = 0;
  for (const span of merged) {
    html += escapeLines(text.slice(at, span.start));
    html += `<mark title="${escapeHtml(span.notes.join(' / '))}">${escapeLines(text.slice(span.start, span.end))}</mark>`;
    at = span.end;
  }
  return html + escapeLines(text.slice(at));
}
