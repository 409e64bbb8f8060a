/**
 * 공공누리 (Korea Open Government License) types. Type 0 marks a work the ministry
 * has not opened under KOGL.
 */
export interface KoglLicence {
  type: number;
  label: string;
  conditions: string[];
  text: string;
}

const CONDITIONS: Record<number, string[]> = {
  0: [],
  1: ['출처표시'],
  2: ['출처표시', '상업적 이용금지'],
  3: ['출처표시', '변경금지'],
  4: ['출처표시', '상업적 이용금지', '변경금지'],
};

export function koglLicence(type: number): KoglLicence {
  const conditions = CONDITIONS[type];
  if (!conditions || type === 0) {
    return {
      type: 0,
      label: '공공누리 미적용',
      conditions: [],
      text: '이 저작물은 공공누리가 적용되지 않았습니다. 이용하려면 해당 부처의 허락을 받아야 합니다.',
    };
  }
  return {
    type,
    label: `공공누리 제${type}유형`,
    conditions,
    text: `이 저작물은 "공공누리" 제${type}유형: ${conditions.join('+')} 조건에 따라 이용할 수 있습니다.`,
  };
}
