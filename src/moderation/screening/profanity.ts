// Rule 4: profanity, slurs and demeaning terms.
//
// How a match is found:
// 1. The text is reduced to letters (digits, symbols, emoji and spaces dropped: 시1발, 개.새.끼)
//    and folded for look-alikes (씨빨/쒸발 → 시발, 시바ㄹ → 시발, 시이발 → 시발).
// 2. A trie of folded lexicon terms is walked from every position. A typed initial consonant may
//    stand for a whole syllable (ㅅ발, 개ㅅㄲ) but a match made only of initials counts only when
//    the lexicon lists that abbreviation itself (ㅅㅂ), so ㄱㅅ (감사) never reads as 개새.
// 3. Spaces are remembered. Inside one word a term may sit anywhere (시발아, 틀딱새끼); a match
//    running across words must start a word and end at a word's end or before a particle
//    ("씨 발", "씨 발놈아"), so "서울시 발표" and "수박씨 발라" stay clean. A match never crosses
//    a clause break such as ", " ("개, 돼지, 닭").
// 4. Allow-listed innocent words (시발점, 하루 세끼, 홍어삼합) are located in the unfolded text;
//    a match lying wholly inside one is dropped. An allow phrase containing a space only matches
//    with that spacing, so "씨 발아" (a seed sprouting) is clean but "씨발아" is not.
// 5. Latin words that compose into Hangul on a 2-set keyboard (tlqkf, qudtls) are matched too.
//
// Contextual policies kept in code because a word list cannot express them:
// - 병신년 is the sexagenary year name (丙申年, e.g. 1956, 2016) when a year number or calendar
//   word is near it; otherwise it is read as an insult.
// - A term beginning with 개 right after a digit is a counter ("5개년 계획", "3개 새끼줄").
// - A word ending in -충 (급식충, 공장충) is a demeaning label unless the last two syllables form
//   an ordinary word (해충, 곤충, 보충, 대충, 재선충, 기생충 ...). Such labels are mild (hold).
//   The same holds for -무새 (주작무새; 앵무새 is the bird), also with a copula or particle after
//   the label (9급충임, 예과충인가).
// - 게이 counts (mild) only when written 게이, not as the folded 개이 of 개이득 or 계의 of 학계의;
//   게이트, 게이머 and the like are allow-listed.
// - A lone ㅗ (the middle finger) not part of jamo chat (ㅗㅜㅑ) is mild.
// - A lexicon phrase of three or more syllables matched across spaces ("니 수준", "뇌 안 돌아가")
//   may be followed by any ending, since phrases often end in a verb stem.
// Measured and rejected: forum endings on their own (~노, ~이기야, 하노) and 놈 anywhere in a
// word fire on as many clean comments as abusive ones in the development set.

import {
  FINALS,
  INITIALS,
  type Layer,
  compose,
  decompose,
  foldLayer,
  foldTerm,
  initialOf,
  isConsonantJamo,
  isSyllable,
  keyboardLayers,
  letterLayer,
  spacedLayer,
} from './normalize.js';
import type { Evidence, Lexicon, LexiconEntry, ProfanityCategory, Severity } from './types.js';

interface TrieNode {
  next: Map<string, TrieNode>;
  /** Syllable children grouped by their initial consonant, for abbreviated input (ㅅ발). */
  byInitial: Map<string, TrieNode[]>;
  entries: number[];
}

export interface CompiledProfanity {
  root: TrieNode;
  entries: LexiconEntry[];
  /** True when the folded term is made only of jamo (an explicit abbreviation such as ㅅㅂ). */
  jamoOnly: boolean[];
  /** Terms containing digits (씨8, 18놈), matched on a letter layer that keeps digits. */
  digitTerms: { term: string; entry: number }[];
  allowPlain: string[];
  allowSpaced: string[];
}

function newNode(): TrieNode {
  return { next: new Map(), byInitial: new Map(), entries: [] };
}

function insert(root: TrieNode, folded: string, index: number): void {
  let node = root;
  for (const ch of folded) {
    let child = node.next.get(ch);
    if (!child) {
      child = newNode();
      node.next.set(ch, child);
      if (isSyllable(ch)) {
        const ini = initialOf(ch);
        const list = node.byInitial.get(ini) ?? [];
        list.push(child);
        node.byInitial.set(ini, list);
      }
    }
    node = child;
  }
  if (!node.entries.includes(index)) node.entries.push(index);
}

const LIAISON_VOWELS = [0, 4, 18, 20]; // ㅏ ㅓ ㅡ ㅣ

/**
 * Spellings that follow pronunciation when a particle is attached: 병신아 is written 병시나,
 * 지랄이 지라리. Only for severe terms of two or more syllables, whose liaison forms are not words.
 */
function liaisonVariants(term: string): string[] {
  const last = term[term.length - 1];
  if (term.length < 2 || last === undefined || !isSyllable(last)) return [];
  const [i, m, f] = decompose(last);
  if (f === 0 || f === 21) return [];
  const moved = INITIALS.indexOf(FINALS[f] as string);
  if (moved < 0) return [];
  const head = term.slice(0, -1) + compose(i, m, 0);
  return LIAISON_VOWELS.map((v) => head + compose(moved, v, 0));
}

export function compileProfanity(lexicon: Pick<Lexicon, 'profanity' | 'allow'>): CompiledProfanity {
  const root = newNode();
  const entries = lexicon.profanity;
  const jamoOnly: boolean[] = [];
  const digitTerms: { term: string; entry: number }[] = [];
  entries.forEach((entry, index) => {
    if (/[0-9]/.test(entry.term)) {
      digitTerms.push({ term: letterLayer(entry.term.toLowerCase(), true).text, entry: index });
      jamoOnly.push(false);
      return;
    }
    const folded = foldTerm(entry.term);
    jamoOnly.push(folded.length > 0 && [...folded].every((ch) => !isSyllable(ch) && !/[a-z]/.test(ch)));
    if (folded.length === 0) return;
    insert(root, folded, index);
    if (entry.severity === 'severe') for (const v of liaisonVariants(entry.term)) insert(root, foldTerm(v), index);
  });
  const allowPlain: string[] = [];
  const allowSpaced: string[] = [];
  for (const word of lexicon.allow) {
    const w = word.trim().toLowerCase();
    if (!w) continue;
    if (/\s/.test(w)) allowSpaced.push(w.replace(/\s+/g, ' '));
    else allowPlain.push(letterLayer(w).text);
  }
  return { root, entries, jamoOnly, digitTerms, allowPlain, allowSpaced };
}

// What may follow a term in the same word when the match had to cross a space or the entry is
// whole-word only: particles, plural and insult suffixes, laughter.
const PARTICLES = [
  '아', '야', '이', '가', '은', '는', '을', '를', '들', '놈', '년', '새끼', '새기', '같', '냐', '네', '나', '도',
  '만', '의', '에', '한테', '랑', '라', '련', '럼', '롬', '임', '인', '어', '여', '짓', '질', '것', '거', '꺼',
  '였', '었', 'ㅋ', 'ㅎ', 'ㅠ', 'ㅜ', '요', '씨', '충',
].map(foldTerm);

function particleFollows(rest: string): boolean {
  for (const p of PARTICLES) if (rest.startsWith(p)) return true;
  return false;
}

interface Candidate {
  start: number; // layer index
  end: number; // layer index, exclusive
  entry: number;
  syllables: number;
}

function walk(c: CompiledProfanity, text: string, from: number, out: Candidate[]): void {
  const stack: { node: TrieNode; j: number; syl: number }[] = [{ node: c.root, j: from, syl: 0 }];
  while (stack.length > 0) {
    const { node, j, syl } = stack.pop() as { node: TrieNode; j: number; syl: number };
    for (const e of node.entries) out.push({ start: from, end: j, entry: e, syllables: syl });
    if (j >= text.length) continue;
    const ch = text[j] as string;
    const child = node.next.get(ch);
    if (child) stack.push({ node: child, j: j + 1, syl: syl + (isSyllable(ch) || /[a-z]/.test(ch) ? 1 : 0) });
    if (isConsonantJamo(ch)) {
      const alts = node.byInitial.get(ch);
      if (alts) for (const alt of alts) stack.push({ node: alt, j: j + 1, syl });
    }
  }
}

/** The rest of the match's last word after the match, in the layer. */
function restOfWord(layer: Layer, end: number): string {
  let k = end;
  const w = layer.word[end - 1];
  while (k < layer.text.length && layer.word[k] === w) k++;
  return layer.text.slice(end, k);
}

function startsWord(layer: Layer, i: number): boolean {
  return i === 0 || layer.word[i - 1] !== layer.word[i];
}

function acceptable(layer: Layer, cand: Candidate, entry: LexiconEntry, jamoOnly: boolean, clauses: number[]): boolean {
  if (cand.syllables === 0 && !jamoOnly) return false;
  const { start, end } = cand;
  const firstWord = layer.word[start];
  const lastWord = layer.word[end - 1];
  if (clauses.length > 0) {
    const s = layer.start[start] as number;
    const e = layer.end[end - 1] as number;
    for (const b of clauses) if (b > s && b < e) return false;
  }
  const position = entry.position ?? 'anywhere';
  if (firstWord !== lastWord) {
    if (!startsWord(layer, start)) return false;
    // A phrase of three or more syllables ("니 수준", "뇌 안 돌아가", "같은 소리 한다") is no
    // accident of spacing, and phrases often end in a verb stem that takes any ending.
    if (cand.syllables >= 3 && position === 'anywhere') return true;
    const rest = restOfWord(layer, end);
    return rest.length === 0 || particleFollows(rest);
  }
  if (position === 'anywhere') return true;
  if (!startsWord(layer, start)) return false;
  if (position === 'start') return true;
  const rest = restOfWord(layer, end);
  return rest.length === 0 || particleFollows(rest);
}

/** Offsets of clause breaks: punctuation followed by a space (", " ". "), where words are listed. */
function clauseBreaks(text: string): number[] {
  const out: number[] = [];
  const re = /[,.!?;:·、。)\]][\s]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) out.push(m.index);
  return out;
}

function allowedSpans(c: CompiledProfanity, text: string): [number, number][] {
  const spans: [number, number][] = [];
  const letters = letterLayer(text);
  for (const w of c.allowPlain) {
    let at = letters.text.indexOf(w);
    while (at >= 0) {
      spans.push([letters.start[at] as number, letters.end[at + w.length - 1] as number]);
      at = letters.text.indexOf(w, at + 1);
    }
  }
  if (c.allowSpaced.length > 0) {
    const spaced = spacedLayer(text);
    for (const w of c.allowSpaced) {
      let at = spaced.text.indexOf(w);
      while (at >= 0) {
        spans.push([spaced.start[at] as number, spaced.end[at + w.length - 1] as number]);
        at = spaced.text.indexOf(w, at + 1);
      }
    }
  }
  return spans;
}

const YEAR_CONTEXT = /(1[89]\d\d|20\d\d)\s*년?|丙申|간지|갑자|새해|육십|을미|정유|해를|띠/;

// 보지/자지 are also the everyday verb forms "(해) 보지 않다", "자지 못하다".
const VERB_FOLLOWS = /^\s*(않|안|못|말|마|도|만|요|고|며|면|려|는|지|라|다)/;
// 씹다 (to chew): 씹어, 씹는, 씹고, 껌을 씹을 때.
const CHEW_FOLLOWS = /^(어|는|고|다|으|히|혀|지|기|었|던|을\s*(수|때|만))/;
// A counted noun: "3년", "2024 년은", "몇 년", "5개년 계획".
const COUNTED = /(?:[0-9]|(?:^|\s)(?:[일이삼사오육칠팔구십백천만몇수반한두세네]|수십|수백|수천|여러|몇십|몇백))\s*$/;

function contextuallyInnocent(text: string, start: number, end: number, folded: string): boolean {
  if ((folded === '보지' || folded === '자지') && VERB_FOLLOWS.test(text.slice(end))) return true;
  if ((folded.startsWith('개') || folded.startsWith('년') || folded.startsWith('놈')) && COUNTED.test(text.slice(Math.max(0, start - 8), start))) {
    return true;
  }
  if (folded === '씹' && CHEW_FOLLOWS.test(text.slice(end))) return true;
  // 게이 as a forum address (글쓴게이, 게이야) only when written so: folding would also match the
  // intensifier in 개이득, 개이쁘다 and 학계의.
  if (folded === '개이' && text.slice(start, end).replace(/[^가-힣]/g, '') !== '게이') return true;
  if (folded.startsWith('병신')) {
    const after = text.slice(end).replace(/^\s+/, '');
    const isYearWord = folded.endsWith('년') || after.startsWith('년');
    if (isYearWord) {
      const around = text.slice(Math.max(0, start - 20), Math.min(text.length, end + 20));
      if (YEAR_CONTEXT.test(around)) return true;
    }
  }
  return false;
}

// Endings in -충 that are ordinary words (insects, parasites, 보충, 대충 ...).
const INNOCENT_CHUNG = new Set([
  '해충', '곤충', '보충', '확충', '대충', '절충', '상충', '완충', '요충', '충충', '구충', '회충', '촌충', '편충', '조충',
  '선충', '유충', '성충', '익충', '갑충', '모충', '송충', '살충', '방충', '병충', '생충', '지장충', '원충', '황충', '진충',
  '지충', '미충', '부충', '사충', '내충', '외충', '흡충', '층충', '증충', '보충', '충충', '의충', '이충', '김충', '박충',
]);
// The label may be followed by a particle or copula and then anything (급식충들이랑, 9급충임,
// 예과충인가보네); the ending list keeps 충격, 충분, 충전 ... out.
const LABEL_ENDING = '(?:이|들|아|은|는|을|를|이들|들아|들은|들이|새끼|같|도|만|의|ㅋ+|임|인가|인듯|이냐|이노|이네|이라|이야|이고|이지|이랑|한테|끼리|였|이었)';
const CHUNG_WORD = new RegExp(`([가-힣]+)충(?:${LABEL_ENDING}[가-힣ㄱ-ㅎ]*)?$`);
// -무새 ("parrot": 주작무새, 틀무새) labels a person who repeats one line; 앵무새 is the bird.
const MUSAE_WORD = new RegExp(`([가-힣]+)무새(?:${LABEL_ENDING}[가-힣ㄱ-ㅎ]*)?$`);

function chungLabels(text: string): Evidence[] {
  const out: Evidence[] = [];
  const re = /[가-힣ㄱ-ㅎ]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const word = m[0];
    const found = CHUNG_WORD.exec(word);
    const parrot = found ? null : MUSAE_WORD.exec(word);
    let length: number;
    let stem: string;
    if (found) {
      stem = found[1] as string;
      const whole = `${stem}충`;
      if (INNOCENT_CHUNG.has(whole.slice(-2)) || INNOCENT_CHUNG.has(whole.slice(-3))) continue;
      length = stem.length + 1;
    } else if (parrot) {
      stem = parrot[1] as string;
      if (stem.endsWith('앵')) continue;
      length = stem.length + 2;
    } else {
      continue;
    }
    const start = m.index + ((found ?? parrot)?.index ?? 0);
    const end = start + length;
    out.push({
      rule: 4,
      start,
      end,
      match: text.slice(start, end),
      reason: '특정 집단을 벌레나 앵무새에 빗대어 낮잡아 부르는 표현이 있어 확인이 필요합니다.',
      action: 'hold',
    });
  }
  return out;
}

// A lone ㅗ (the raised middle finger), typed on its own or after an emoticon (^ㅡ^ㅗ), but not
// inside jamo chat such as ㅗㅜㅑ.
const MIDDLE_FINGER = /(?:^|[^ㄱ-ㅎㅏ-ㅣ가-힣])(ㅗ+)(?=$|[^ㄱ-ㅎㅏ-ㅣ가-힣])/g;

function middleFinger(text: string): Evidence[] {
  const out: Evidence[] = [];
  MIDDLE_FINGER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = MIDDLE_FINGER.exec(text)) !== null) {
    const run = m[1] as string;
    const start = m.index + m[0].length - run.length;
    out.push({
      rule: 4,
      start,
      end: start + run.length,
      match: run,
      reason: '욕설을 뜻하는 기호가 포함되어 있습니다(확인 필요).',
      action: 'hold',
    });
  }
  return out;
}

const CATEGORY_REASON: Record<ProfanityCategory, string> = {
  profanity: '욕설이 포함되어 있습니다.',
  insult: '다른 사람을 모욕하는 표현이 포함되어 있습니다.',
  sexual: '성적으로 저속한 표현이 포함되어 있습니다.',
  threat: '죽음이나 폭력을 바라는 표현이 포함되어 있습니다.',
  race: '특정 인종이나 국적을 비하하는 표현이 포함되어 있습니다.',
  gender: '특정 성별을 비하하는 표현이 포함되어 있습니다.',
  sexuality: '성소수자를 비하하는 표현이 포함되어 있습니다.',
  region: '특정 지역을 비하하는 표현이 포함되어 있습니다.',
  politics: '특정 정치적 견해나 정치인을 비하하는 표현이 포함되어 있습니다.',
  age: '특정 세대나 나이를 비하하는 표현이 포함되어 있습니다.',
  disability: '장애나 질병을 빗대어 비하하는 표현이 포함되어 있습니다.',
  religion: '특정 종교를 비하하는 표현이 포함되어 있습니다.',
};

function reasonFor(entry: LexiconEntry): string {
  const base = CATEGORY_REASON[entry.category];
  return entry.severity === 'severe' ? base : `${base.replace(/\.$/, '')}(확인 필요).`;
}

function actionFor(severity: Severity): 'hold' | 'reject' {
  return severity === 'severe' ? 'reject' : 'hold';
}

interface Hit {
  start: number;
  end: number;
  entry: number;
}

function matchLayer(c: CompiledProfanity, layer: Layer, clauses: number[], minLength: number, hits: Hit[]): void {
  const cands: Candidate[] = [];
  for (let i = 0; i < layer.text.length; i++) {
    cands.length = 0;
    walk(c, layer.text, i, cands);
    let best: Candidate | undefined;
    for (const cand of cands) {
      if (cand.end - cand.start < minLength) continue;
      const entry = c.entries[cand.entry] as LexiconEntry;
      if (!acceptable(layer, cand, entry, c.jamoOnly[cand.entry] === true, clauses)) continue;
      if (!best || cand.end > best.end) best = cand;
    }
    if (best) hits.push({ start: layer.start[best.start] as number, end: layer.end[best.end - 1] as number, entry: best.entry });
  }
}

/** Find rule-4 evidence in a comment. Overlapping matches are merged, keeping the severest term. */
export function findProfanity(text: string, c: CompiledProfanity): Evidence[] {
  const hits: Hit[] = [];
  const clauses = clauseBreaks(text);
  const letters = letterLayer(text);
  matchLayer(c, foldLayer(letters), clauses, 1, hits);
  for (const kb of keyboardLayers(text)) matchLayer(c, foldLayer(kb), [], 2, hits);
  if (c.digitTerms.length > 0) {
    const withDigits = letterLayer(text, true);
    for (const { term, entry } of c.digitTerms) {
      let at = withDigits.text.indexOf(term);
      while (at >= 0) {
        const next = withDigits.text[at + term.length];
        const prev = at > 0 ? withDigits.text[at - 1] : undefined;
        const digitEdge = (ch: string | undefined): boolean => ch !== undefined && /[0-9]/.test(ch);
        if (!digitEdge(next) && !(digitEdge(prev) && /^[0-9]/.test(term))) {
          hits.push({ start: withDigits.start[at] as number, end: withDigits.end[at + term.length - 1] as number, entry });
        }
        at = withDigits.text.indexOf(term, at + 1);
      }
    }
  }
  const allowed = hits.length > 0 ? allowedSpans(c, text) : [];
  const kept = hits.filter((h) => {
    if (allowed.some(([s, e]) => s <= h.start && h.end <= e)) return false;
    const entry = c.entries[h.entry] as LexiconEntry;
    return !contextuallyInnocent(text, h.start, h.end, foldTerm(entry.term));
  });
  const evidence: Evidence[] = [];
  kept.sort((a, b) => a.start - b.start || b.end - a.end);
  for (const h of kept) {
    const entry = c.entries[h.entry] as LexiconEntry;
    const last = evidence[evidence.length - 1];
    if (last && h.start < last.end) {
      if (h.end > last.end) {
        last.end = h.end;
        last.match = text.slice(last.start, last.end);
      }
      if (entry.severity === 'severe' && last.action !== 'reject') {
        last.action = 'reject';
        last.reason = reasonFor(entry);
      }
      continue;
    }
    evidence.push({
      rule: 4,
      start: h.start,
      end: h.end,
      match: text.slice(h.start, h.end),
      reason: reasonFor(entry),
      action: actionFor(entry.severity),
    });
  }
  for (const label of [...chungLabels(text), ...middleFinger(text)]) {
    if (!evidence.some((e) => e.start < label.end && label.start < e.end)) evidence.push(label);
  }
  evidence.sort((a, b) => a.start - b.start);
  return evidence;
}
