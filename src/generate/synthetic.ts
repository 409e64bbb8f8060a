import { RELEASE_TYPES, type ReleaseType } from '../db/schema.js';

/** A small, fast, seeded PRNG (mulberry32), so a generated database is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Agencies beyond the ministries the sample content names, to reach 50 publishers. */
export const EXTRA_PUBLISHERS = [
  '국무조정실', '인사혁신처', '법제처', '국세청', '관세청', '조달청', '통계청', '병무청', '방위사업청', '경찰청',
  '소방청', '해양경찰청', '기상청', '산림청', '특허청', '농촌진흥청', '질병관리청', '국가유산청', '새만금개발청',
  '행정중심복합도시건설청', '방송통신위원회', '국민권익위원회', '개인정보보호위원회', '원자력안전위원회',
  '금융감독원', '국가데이터처', '재외동포청', '우주항공청', '국가보훈부 서울지방보훈청', '중앙선거관리위원회',
];

export interface Vocabulary {
  /** sentences drawn from the sample releases */
  sentences: string[];
  /** words drawn from titles and bodies */
  words: string[];
  departments: string[];
}

/** Splits sample bodies into sentences and words for the generator to recombine. */
export function buildVocabulary(texts: { title: string; body: string; department: string }[]): Vocabulary {
  const sentences = new Set<string>();
  const words = new Set<string>();
  const departments = new Set<string>();
  for (const { title, body, department } of texts) {
    if (department) departments.add(department);
    const plain = body.replace(/[#>*|`_[\]()-]+/g, ' ').replace(/https?:\/\/\S+/g, ' ');
    for (const sentence of plain.split(/(?<=다\.)\s+|\n+/)) {
      const s = sentence.replace(/\s+/g, ' ').trim();
      if (s.length >= 20 && s.length <= 220 && /다\.$/.test(s)) sentences.add(s);
    }
    for (const word of `${title} ${plain}`.split(/\s+/)) {
      const w = word.replace(/[^\p{Script=Hangul}A-Za-z0-9·]/gu, '');
      if (w.length >= 2 && w.length <= 10 && /\p{Script=Hangul}/u.test(w)) words.add(w);
    }
  }
  return { sentences: [...sentences], words: [...words], departments: departments.size ? [...departments] : ['대변인실'] };
}

/**
 * A synthetic release as indices into the vocabulary: the same words and
 * sentences recur across the archive, so the generator can work out a text's
 * search grams from its pieces' (composed-grams.ts) instead of the whole text.
 */
export interface SyntheticRelease {
  type: ReleaseType;
  /** word indices */
  title: number[];
  /** one phrase of word indices per subtitle line */
  subtitles: number[][];
  /** sentence indices, one per summary line */
  summary: number[];
  /** sentence indices per paragraph */
  paragraphs: number[][];
  department: string;
  contactPerson: string;
  contactPhone: string;
  licence: number;
  featured: boolean;
  viewCount: number;
}

/** The texts of a synthetic release, as a release row stores them. */
export interface SyntheticTexts {
  title: string;
  subtitles: string[];
  summary: string[];
  paragraphs: string[];
}

const SURNAMES = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임', '한', '오', '서', '신', '권'];
const GIVEN = ['민준', '서연', '도윤', '지우', '하준', '서윤', '지호', '하은', '예준', '수아', '현우', '지민', '은서', '태윤'];
// Most releases are 보도자료; the rest are spread like the reference archive.
const TYPE_WEIGHTS: [ReleaseType, number][] = [
  ['보도자료', 0.78], ['해명자료', 0.05], ['설명자료', 0.07], ['참고자료', 0.05], ['브리핑', 0.03], ['연설', 0.02],
];

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[pickIndex(random, items.length)]!;
}

function pickIndex(random: () => number, length: number): number {
  return Math.floor(random() * length);
}

function pickType(random: () => number): ReleaseType {
  let r = random();
  for (const [type, weight] of TYPE_WEIGHTS) {
    if ((r -= weight) <= 0) return type;
  }
  return RELEASE_TYPES[0];
}

function phrase(random: () => number, words: readonly string[], min: number, max: number): number[] {
  const n = min + Math.floor(random() * (max - min + 1));
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(pickIndex(random, words.length));
  return out;
}

/**
 * One release in the shape of a real one: a title of a few words, sometimes
 * subtitles and summary lines, and a body whose length follows a long-tailed
 * distribution (most are 6–12 paragraphs, a few run to 40).
 */
export function syntheticRelease(random: () => number, vocabulary: Vocabulary): SyntheticRelease {
  const { words, sentences } = vocabulary;
  const lengthRoll = random();
  const paragraphCount = lengthRoll < 0.85 ? 6 + Math.floor(random() * 7) : 13 + Math.floor(random() * 28);
  const paragraphs: number[][] = [];
  for (let i = 0; i < paragraphCount; i++) {
    const n = 1 + Math.floor(random() * 3);
    const parts: number[] = [];
    for (let j = 0; j < n; j++) parts.push(pickIndex(random, sentences.length));
    paragraphs.push(parts);
  }
  const subtitles = random() < 0.6 ? Array.from({ length: 1 + Math.floor(random() * 2) }, () => phrase(random, words, 3, 7)) : [];
  const summary = random() < 0.5 ? Array.from({ length: 2 + Math.floor(random() * 3) }, () => pickIndex(random, sentences.length)) : [];
  const views = Math.floor(Math.pow(random(), 3) * 20000);
  return {
    type: pickType(random),
    title: phrase(random, words, 4, 9),
    subtitles,
    summary,
    paragraphs,
    department: pick(random, vocabulary.departments),
    contactPerson: `${pick(random, SURNAMES)}${pick(random, GIVEN)}`,
    contactPhone: `044-${200 + Math.floor(random() * 700)}-${String(Math.floor(random() * 10000)).padStart(4, '0')}`,
    licence: random() < 0.9 ? 1 : Math.floor(random() * 5),
    featured: random() < 0.002,
    viewCount: views,
  };
}

export function syntheticTexts(release: SyntheticRelease, vocabulary: Vocabulary): SyntheticTexts {
  const { words, sentences } = vocabulary;
  const join = (indices: readonly number[], from: readonly string[]) => indices.map((i) => from[i]!).join(' ');
  return {
    title: join(release.title, words),
    subtitles: release.subtitles.map((line) => join(line, words)),
    summary: release.summary.map((i) => sentences[i]!),
    paragraphs: release.paragraphs.map((paragraph) => join(paragraph, sentences)),
  };
}
