import type { EmbargoPreset } from '../db/schema.js';
import { addDays, formatKstDate, formatKstDateTime, kstDay, kstDayStart } from '../shared/time.js';

/**
 * 보도시점 presets, as Korean press offices word an embargo:
 * 즉시 (on approval), 조간 (for the morning papers of a date: online from noon the
 * day before, by default), 석간 (for the evening papers: noon the same day), or an
 * explicit time. The preset times are settings, so an office may change them.
 */
export interface EmbargoSettings {
  /** HH:MM KST on the day before the paper's date */
  morningTime: string;
  /** HH:MM KST on the paper's date */
  eveningTime: string;
}

export const DEFAULT_EMBARGO_SETTINGS: EmbargoSettings = Object.freeze({ morningTime: '12:00', eveningTime: '12:00' });

export const SETTING_KEYS = { morningTime: 'embargo.morning_time', eveningTime: 'embargo.evening_time' } as const;

export const PRESET_LABELS: Record<EmbargoPreset, string> = {
  immediate: '즉시',
  morning: '조간',
  evening: '석간',
  explicit: '시각 지정',
};

export interface EmbargoInput {
  preset: EmbargoPreset;
  /** YYYY-MM-DD: the date of the paper, for 조간 and 석간 */
  paperDate?: string;
  /** YYYY-MM-DDTHH:MM in KST, for an explicit time */
  explicitAt?: string;
}

export type EmbargoResult = { ok: true; releasedAt: string } | { ok: false; message: string };

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const LOCAL = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::[0-5]\d)?$/;

export function isValidPresetTime(value: string): boolean {
  return HHMM.test(value);
}

function atKst(day: string, hhmm: string): string | null {
  const start = kstDayStart(day);
  const match = HHMM.exec(hhmm);
  if (!start || !match) return null;
  return new Date(new Date(start).getTime() + (Number(match[1]) * 60 + Number(match[2])) * 60_000).toISOString();
}

/** A KST wall-clock time as typed into a datetime-local field, as a UTC instant. */
export function parseKstLocal(value: string): string | null {
  const match = LOCAL.exec(value.trim());
  if (!match) return null;
  return atKst(match[1]!, `${match[2]}:${match[3]}`);
}

/** A UTC instant as a datetime-local field value in KST. */
export function toKstLocal(iso: string): string {
  return formatKstDateTime(iso).replace(/\./g, '-').replace(' ', 'T');
}

/** The instant a preset gives. 즉시 gives `now`: the release goes out when it is approved. */
export function embargoTime(input: EmbargoInput, settings: EmbargoSettings, now: Date): EmbargoResult {
  switch (input.preset) {
    case 'immediate':
      return { ok: true, releasedAt: now.toISOString() };
    case 'morning':
    case 'evening': {
      const day = input.paperDate?.trim() ?? '';
      if (!kstDayStart(day)) return { ok: false, message: `${PRESET_LABELS[input.preset]} 보도자료는 신문 날짜(예: 2025-03-04)를 입력해 주세요.` };
      const onDay = input.preset === 'morning' ? kstDay(addDays(kstDayStart(day)!, -1)) : day;
      const time = input.preset === 'morning' ? settings.morningTime : settings.eveningTime;
      const releasedAt = atKst(onDay, time);
      if (!releasedAt) return { ok: false, message: '보도시점 설정 시각이 올바르지 않습니다. 관리자에게 알려 주세요.' };
      return { ok: true, releasedAt };
    }
    case 'explicit': {
      const releasedAt = input.explicitAt ? parseKstLocal(input.explicitAt) : null;
      if (!releasedAt) return { ok: false, message: '보도시점을 날짜와 시각(예: 2025-03-04 14:00)으로 입력해 주세요.' };
      return { ok: true, releasedAt };
    }
  }
}

/** The paper's date a stored 조간/석간 time stands for (the inverse of embargoTime). */
export function paperDateOf(preset: EmbargoPreset, releasedAt: string): string | null {
  if (preset === 'morning') return kstDay(addDays(releasedAt, 1));
  if (preset === 'evening') return kstDay(releasedAt);
  return null;
}

/**
 * 보도시점 as the reference site words it: "2025.03.04 조간" for the papers, with the
 * exact instant it may go online beside it; otherwise the time itself.
 */
export function embargoText(preset: EmbargoPreset, releasedAt: string): string {
  const paper = paperDateOf(preset, releasedAt);
  if (paper) return `${formatKstDate(kstDayStart(paper)!)} ${PRESET_LABELS[preset]} (온라인 ${formatKstDateTime(releasedAt)}부터)`;
  if (preset === 'immediate') return `${formatKstDateTime(releasedAt)} (즉시 보도)`;
  return formatKstDateTime(releasedAt);
}
