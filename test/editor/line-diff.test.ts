import { describe, expect, it } from 'vitest';
import { diffLines } from '../../src/editor/line-diff.js';

describe('line diff', () => {
  it('marks removed and added lines and keeps the rest', () => {
    const diff = diffLines('a\nb\nc\nd', 'a\nB\nc\nd\ne');
    expect(diff.map((l) => `${l.kind}:${l.text}`)).toEqual(['same:a', 'del:b', 'add:B', 'same:c', 'same:d', 'add:e']);
    expect(diff.find((l) => l.text === 'e')).toMatchObject({ oldNumber: null, newNumber: 5 });
  });

  it('finds nothing between equal texts and everything between unrelated ones', () => {
    expect(diffLines('x\ny', 'x\ny').every((l) => l.kind === 'same')).toBe(true);
    const diff = diffLines('a\nb', 'c');
    expect(diff.filter((l) => l.kind === 'del')).toHaveLength(2);
    expect(diff.filter((l) => l.kind === 'add')).toHaveLength(1);
  });
});
