// Times are stored as UTC ISO-8601 text and shown in Korea Standard Time,
// which has had no daylight saving since 1988: a fixed +09:00 offset is exact.
const KST_OFFSET_MS = 9 * 60 * 60 * 1000;

function kstParts(iso: string) {
  const shifted = new Date(new Date(iso).getTime() + KST_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    year: String(shifted.getUTCFullYear()),
    month: pad(shifted.getUTCMonth() + 1),
    day: pad(shifted.getUTCDate()),
    hour: pad(shifted.getUTCHours()),
    minute: pad(shifted.getUTCMinutes()),
    second: pad(shifted.getUTCSeconds()),
  };
}

/** 2018.07.18 */
export function formatKstDate(iso: string): string {
  const p = kstParts(iso);
  return `${p.year}.${p.month}.${p.day}`;
}

/** 2018.07.18 14:00 */
export function formatKstDateTime(iso: string): string {
  const p = kstParts(iso);
  return `${p.year}.${p.month}.${p.day} ${p.hour}:${p.minute}`;
}

/** 2018-07-18: the KST calendar day, used for daily buckets and date inputs. */
export function kstDay(iso: string): string {
  const p = kstParts(iso);
  return `${p.year}-${p.month}-${p.day}`;
}

/** 2018-07-18T14:00:00+09:00, for machine-readable attributes. */
export function kstIso(iso: string): string {
  const p = kstParts(iso);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}+09:00`;
}

/** The UTC instant at which a KST calendar day (YYYY-MM-DD) begins; null when the day does not exist. */
export function kstDayStart(day: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = Date.UTC(year, month - 1, date);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) return null;
  return new Date(utc - KST_OFFSET_MS).toISOString();
}

/** Adds whole days to a UTC instant. */
export function addDays(iso: string, days: number): string {
  return new Date(new Date(iso).getTime() + days * 86_400_000).toISOString();
}
