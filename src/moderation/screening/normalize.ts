// Text normalization for screening. Every normalized form is a Layer: a string plus, for each of
// its characters, the span of the ORIGINAL text it came from, so findings always point back at
// what the author wrote.

export interface Layer {
  text: string;
  /** Original start offset of each character. */
  start: number[];
  /** Original end offset (exclusive) of each character. */
  end: number[];
  /** Index of the whitespace-separated word each character belongs to. */
  word: number[];
}

const SYLLABLE_FIRST = 0xac00;
const SYLLABLE_LAST = 0xd7a3;

/** Compatibility jamo of the 19 initial consonants, in Unicode syllable order. */
export const INITIALS = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
/** The 21 medial vowels. */
export const MEDIALS = 'ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ';
/** The 27 final consonants (index 0 of the syllable formula means "no final"). */
export const FINALS = ' ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ';

export function isSyllable(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return c >= SYLLABLE_FIRST && c <= SYLLABLE_LAST;
}

/** Compatibility consonant jamo (ㄱ..ㅎ), as typed for initial-consonant abbreviations. */
export function isConsonantJamo(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return c >= 0x3131 && c <= 0x314e;
}

export function isVowelJamo(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return c >= 0x314f && c <= 0x3163;
}

export function isHangul(ch: string): boolean {
  return isSyllable(ch) || isConsonantJamo(ch) || isVowelJamo(ch);
}

export function decompose(ch: string): [number, number, number] {
  const s = ch.charCodeAt(0) - SYLLABLE_FIRST;
  return [Math.floor(s / 588), Math.floor((s % 588) / 28), s % 28];
}

export function compose(initial: number, medial: number, final: number): string {
  return String.fromCharCode(SYLLABLE_FIRST + initial * 588 + medial * 28 + final);
}

/** The initial consonant of a syllable as a compatibility jamo (시 → ㅅ). */
export function initialOf(ch: string): string {
  return INITIALS[decompose(ch)[0]] ?? '';
}

// Look-alike folding. Evasions swap a consonant for its tense twin (씨빨 for 씨발), a vowel for a
// near-homophone (쒸발, 씌발, 새/세) or a final for one that sounds the same at the end of a
// syllable (좆/좃/졷). Only ㅃ → ㅂ is folded among initials: the other tense pairs collide with
// everyday words (씹/십 "ten", 쌍도/상도, 찐따/진다, 새끼/새기다), so 씨발/시발 and similar
// pairs are listed in the lexicon instead. Aspirated consonants (시팔, 새키) are listed too.
const INITIAL_FOLD: Record<number, number> = {
  8: 7, // ㅃ → ㅂ
};
const MEDIAL_FOLD: Record<number, number> = {
  5: 1, // ㅔ → ㅐ
  7: 1, // ㅖ → ㅐ
  3: 1, // ㅒ → ㅐ
  16: 20, // ㅟ → ㅣ
  19: 20, // ㅢ → ㅣ
};
const FINAL_FOLD: Record<number, number> = {
  7: 19, // ㄷ → ㅅ
  20: 19, // ㅆ → ㅅ
  22: 19, // ㅈ → ㅅ
  23: 19, // ㅊ → ㅅ
  25: 19, // ㅌ → ㅅ
  2: 1, // ㄲ → ㄱ
  5: 4, // ㄵ → ㄴ (졵나)
};
const JAMO_FOLD: Record<string, string> = { ㅃ: 'ㅂ' };

// ㅙ and ㅞ after ㅅ/ㅆ stand for ㅐ in 새끼 spellings (쉐끼, 쒜키, 쇄끼, 쒱키). Only there: after
// other consonants the fold would merge real words (돼지 with 뒈지, 웨비나 with 애비).
const ROUNDED_AE = new Set([10, 15]); // ㅙ ㅞ
const SIBILANTS = new Set([9, 10]); // ㅅ ㅆ

function foldSyllable(ch: string): string {
  const [i, m, f] = decompose(ch);
  const medial = ROUNDED_AE.has(m) && SIBILANTS.has(i) ? 1 : (MEDIAL_FOLD[m] ?? m);
  return compose(INITIAL_FOLD[i] ?? i, medial, FINAL_FOLD[f] ?? f);
}

/** Folds a single character; used on lexicon terms and text alike. */
export function foldChar(ch: string): string {
  if (isSyllable(ch)) return foldSyllable(ch);
  return JAMO_FOLD[ch] ?? ch;
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029;
}

/** Full-width ASCII to ASCII and A-Z to a-z; one UTF-16 unit in, one out, so offsets hold. */
export function asciiFold(ch: string): string {
  let c = ch.charCodeAt(0);
  if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
  if (c >= 0x41 && c <= 0x5a) c += 0x20;
  return String.fromCharCode(c);
}

/**
 * Lower-case ASCII and full-width forms, same length as the input (offsets are unchanged).
 * Used by the pattern-based rules (links, e-mail, phone numbers).
 */
export function lowerSameLength(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += asciiFold(text[i] as string);
  return out;
}

/**
 * Letters only: Hangul syllables, Hangul jamo and Latin letters (lower-cased). Digits, symbols,
 * emoji and spaces are dropped, which undoes 시1발, 씨.발 and 개^새^끼; `word` remembers where the
 * spaces were so matches can still tell "씨 발" (evasion) from "서울시 발표" (two words).
 * The filler stroke ㅡ is dropped too (시ㅡ발).
 */
export function letterLayer(text: string, keepDigits = false): Layer {
  const chars: string[] = [];
  const start: number[] = [];
  const end: number[] = [];
  const word: number[] = [];
  let w = 0;
  let sawSpace = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      i++; // an emoji or other astral symbol: transparent
      continue;
    }
    if (isSpace(code)) {
      sawSpace = true;
      continue;
    }
    const ch = asciiFold(text[i] as string);
    const c = ch.charCodeAt(0);
    const keep =
      (c >= 0x61 && c <= 0x7a) ||
      (keepDigits && c >= 0x30 && c <= 0x39) ||
      (c >= SYLLABLE_FIRST && c <= SYLLABLE_LAST) ||
      (c >= 0x3131 && c <= 0x3163 && ch !== 'ㅡ');
    if (!keep) continue;
    if (sawSpace && chars.length > 0) w++;
    sawSpace = false;
    chars.push(ch);
    start.push(i);
    end.push(i + 1);
    word.push(w);
  }
  return { text: chars.join(''), start, end, word };
}

/** Whitespace runs collapsed to one space, ASCII lower-cased; everything else kept. */
export function spacedLayer(text: string): Layer {
  const chars: string[] = [];
  const start: number[] = [];
  const end: number[] = [];
  const word: number[] = [];
  let w = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) {
      if (chars.length > 0 && chars[chars.length - 1] !== ' ') {
        chars.push(' ');
        start.push(i);
        end.push(i + 1);
        word.push(w);
        w++;
      }
      continue;
    }
    chars.push(asciiFold(text[i] as string));
    start.push(i);
    end.push(i + 1);
    word.push(w);
  }
  return { text: chars.join(''), start, end, word };
}

/**
 * The look-alike fold of a letter layer: tense/near-homophone folding per syllable, a lone final
 * consonant typed after an open syllable is merged into it (시바ㄹ → 시발), and a drawn-out vowel
 * (시이발, 개애새끼) is dropped.
 */
export function foldLayer(layer: Layer): Layer {
  const chars: string[] = [];
  const start: number[] = [];
  const end: number[] = [];
  const word: number[] = [];
  const src = layer.text;
  for (let k = 0; k < src.length; k++) {
    const raw = src[k] as string;
    const s = layer.start[k] as number;
    const e = layer.end[k] as number;
    const w = layer.word[k] as number;
    const last = chars.length - 1;
    const prev = last >= 0 ? (chars[last] as string) : '';
    const sameWord = last >= 0 && word[last] === w;
    if (sameWord && isSyllable(prev) && isSyllable(raw)) {
      const [pi, pm, pf] = decompose(prev);
      const [ci, cm, cf] = decompose(raw);
      // 시이발: an ㅇ-initial open syllable repeating the previous open syllable's vowel.
      if (ci === 11 && cf === 0 && pf === 0 && (MEDIAL_FOLD[cm] ?? cm) === pm && pi !== 11) {
        end[last] = e;
        continue;
      }
    }
    if (sameWord && isConsonantJamo(raw) && isSyllable(prev)) {
      const next = src[k + 1];
      const nextIsJamo = next !== undefined && layer.word[k + 1] === w && isConsonantJamo(next);
      const prevRawIsJamo = k > 0 && isConsonantJamo(src[k - 1] as string);
      const fi = FINALS.indexOf(raw);
      const [pi, pm, pf] = decompose(prev);
      if (!nextIsJamo && !prevRawIsJamo && pf === 0 && fi > 0) {
        chars[last] = compose(pi, pm, FINAL_FOLD[fi] ?? fi);
        end[last] = e;
        continue;
      }
    }
    chars.push(foldChar(raw));
    start.push(s);
    end.push(e);
    word.push(w);
  }
  return { text: chars.join(''), start, end, word };
}

/** Fold a lexicon term exactly as text is folded (spaces inside a term are dropped). */
export function foldTerm(term: string): string {
  return foldLayer(letterLayer(term)).text;
}

// 2-set (두벌식) keyboard: Hangul typed with the IME off comes out as Latin letters (tlqkf = 시발).
const KEY_JAMO: Record<string, string> = {
  q: 'ㅂ', w: 'ㅈ', e: 'ㄷ', r: 'ㄱ', t: 'ㅅ', y: 'ㅛ', u: 'ㅕ', i: 'ㅑ', o: 'ㅐ', p: 'ㅔ',
  a: 'ㅁ', s: 'ㄴ', d: 'ㅇ', f: 'ㄹ', g: 'ㅎ', h: 'ㅗ', j: 'ㅓ', k: 'ㅏ', l: 'ㅣ',
  z: 'ㅋ', x: 'ㅌ', c: 'ㅊ', v: 'ㅍ', b: 'ㅠ', n: 'ㅜ', m: 'ㅡ',
  Q: 'ㅃ', W: 'ㅉ', E: 'ㄸ', R: 'ㄲ', T: 'ㅆ', O: 'ㅒ', P: 'ㅖ',
};
const VOWEL_PAIRS: Record<string, string> = {
  ㅗㅏ: 'ㅘ', ㅗㅐ: 'ㅙ', ㅗㅣ: 'ㅚ', ㅜㅓ: 'ㅝ', ㅜㅔ: 'ㅞ', ㅜㅣ: 'ㅟ', ㅡㅣ: 'ㅢ',
};
const FINAL_PAIRS: Record<string, string> = {
  ㄱㅅ: 'ㄳ', ㄴㅈ: 'ㄵ', ㄴㅎ: 'ㄶ', ㄹㄱ: 'ㄺ', ㄹㅁ: 'ㄻ', ㄹㅂ: 'ㄼ', ㄹㅅ: 'ㄽ', ㄹㅌ: 'ㄾ', ㄹㅍ: 'ㄿ', ㄹㅎ: 'ㅀ', ㅂㅅ: 'ㅄ',
};

/**
 * Compose Latin keystrokes on a 2-set keyboard into Hangul. Returns the composed text and, per
 * output character, the [start, end) range of input characters that produced it.
 */
export function composeDubeolsik(keys: string): { text: string; start: number[]; end: number[] } {
  const out: string[] = [];
  const os: number[] = [];
  const oe: number[] = [];
  // The syllable being built: jamo plus the input index of each piece.
  let cho = '';
  let jung = '';
  let jong = '';
  let jong2 = '';
  let from = -1;
  let jong2At = -1;
  let jongAt = -1;
  const emit = (to: number): void => {
    if (!cho && !jung) return;
    let ch: string;
    if (cho && jung) {
      const fin = jong2 ? (FINAL_PAIRS[jong + jong2] as string) : jong;
      ch = compose(INITIALS.indexOf(cho), MEDIALS.indexOf(jung), fin ? FINALS.indexOf(fin) : 0);
    } else {
      ch = cho || jung;
    }
    out.push(ch);
    os.push(from);
    oe.push(to);
    cho = jung = jong = jong2 = '';
    from = -1;
  };
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    const jamo = KEY_JAMO[k] ?? KEY_JAMO[k.toLowerCase()];
    if (!jamo) {
      emit(i);
      continue;
    }
    if (isConsonantJamo(jamo)) {
      if (cho && jung) {
        if (!jong && FINALS.indexOf(jamo) > 0) {
          jong = jamo;
          jongAt = i;
          continue;
        }
        if (jong && !jong2 && FINAL_PAIRS[jong + jamo]) {
          jong2 = jamo;
          jong2At = i;
          continue;
        }
      }
      emit(i);
      cho = jamo;
      from = i;
      continue;
    }
    // A vowel.
    if (cho && !jung) {
      jung = jamo;
      continue;
    }
    if (jung && !jong && VOWEL_PAIRS[jung + jamo]) {
      jung = VOWEL_PAIRS[jung + jamo] as string;
      continue;
    }
    if (cho && jung && jong) {
      // The last final moves to the new syllable: 시바ㄹ + ㅏ → 시바라.
      let moved: string;
      let movedAt: number;
      if (jong2) {
        moved = jong2;
        movedAt = jong2At;
        jong2 = '';
      } else {
        moved = jong;
        movedAt = jongAt;
        jong = '';
      }
      emit(movedAt);
      cho = moved;
      from = movedAt;
      jung = jamo;
      continue;
    }
    emit(i);
    jung = jamo;
    from = i;
  }
  emit(keys.length);
  return { text: out.join(''), start: os, end: oe };
}

/**
 * Words typed in Latin letters that compose into mostly well-formed Hangul on a 2-set keyboard
 * (tlqkf → 시발, qudtls → 병신), as layers over the original text. English words compose into
 * scattered jamo and are skipped.
 */
export function keyboardLayers(text: string): Layer[] {
  const layers: Layer[] = [];
  const re = /[A-Za-z]{3,}/g;
  let m: RegExpExecArray | null;
  let w = 0;
  while ((m = re.exec(text)) !== null) {
    const run = m[0];
    const composed = composeDubeolsik(run);
    let syllables = 0;
    for (const ch of composed.text) if (isSyllable(ch)) syllables++;
    if (syllables < 2 || syllables / composed.text.length < 0.6) continue;
    const base = m.index;
    const word: number[] = composed.start.map(() => w);
    w++;
    layers.push({
      text: composed.text,
      start: composed.start.map((s) => base + s),
      end: composed.end.map((e) => base + e),
      word,
    });
  }
  return layers;
}
