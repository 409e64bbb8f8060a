import type { ReleaseType } from '../db/schema.js';

/** What each type of release is called in the attribution sentence, with its object particle. */
const MATERIAL_BY_TYPE: Record<ReleaseType, string> = {
  보도자료: '보도자료를',
  해명자료: '해명자료를',
  설명자료: '설명자료를',
  참고자료: '참고자료를',
  브리핑: '브리핑 내용을',
  연설: '연설문을',
};

/** The notice under every article naming the release's own ministry, as the reference site prints it. */
export function attributionNotice(ministryName: string, type: ReleaseType): string {
  return `이 자료는 ${ministryName}의 ${MATERIAL_BY_TYPE[type]} 전재하여 제공함을 알려드립니다.`;
}
