import { koglLicence } from '../releases/kogl.js';

/** The 공공누리 types as the editor offers them. */
export const KOGL_CHOICES = [1, 2, 3, 4, 0].map((type) => {
  const licence = koglLicence(type);
  return { value: String(type), label: licence.conditions.length ? `${licence.label} (${licence.conditions.join('+')})` : licence.label };
});
