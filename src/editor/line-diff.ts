/** One line of a diff: kept, removed (only in the older text) or added (only in the newer). */
export interface DiffLine {
  kind: 'same' | 'del' | 'add';
  text: string;
  /** 1-based line numbers in the older and newer texts */
  oldNumber: number | null;
  newNumber: number | null;
}

/** Beyond this many cells the table would cost too much memory; the middle is shown as replaced. */
const MAX_CELLS = 4_000_000;

/**
 * A line diff by longest common subsequence. Common lines at both ends are taken
 * off first, so the table covers only the part that changed.
 */
export function diffLines(older: string, newer: string): DiffLine[] {
  const a = older.split('\n');
  const b = newer.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: DiffLine[] = [];
  for (let i = 0; i < start; i++) out.push({ kind: 'same', text: a[i]!, oldNumber: i + 1, newNumber: i + 1 });

  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if (n * m > MAX_CELLS) {
    midA.forEach((text, i) => out.push({ kind: 'del', text, oldNumber: start + i + 1, newNumber: null }));
    midB.forEach((text, j) => out.push({ kind: 'add', text, oldNumber: null, newNumber: start + j + 1 }));
  } else {
    // lcs[i][j]: length of the LCS of midA[i..] and midB[j..], in one flat array.
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * width + j] = midA[i] === midB[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        out.push({ kind: 'same', text: midA[i]!, oldNumber: start + i + 1, newNumber: start + j + 1 });
        i++;
        j++;
      } else if (i < n && (j === m || lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!)) {
        out.push({ kind: 'del', text: midA[i]!, oldNumber: start + i + 1, newNumber: null });
        i++;
      } else {
        out.push({ kind: 'add', text: midB[j]!, oldNumber: null, newNumber: start + j + 1 });
        j++;
      }
    }
  }
  for (let k = 0; k < a.length - endA; k++) {
    out.push({ kind: 'same', text: a[endA + k]!, oldNumber: endA + k + 1, newNumber: endB + k + 1 });
  }
  return out;
}
