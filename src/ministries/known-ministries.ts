/**
 * Official names with their customary short forms and former names, so that an
 * import naming "중기청" or "미래창조과학부" lands on today's ministry.
 */
export interface KnownMinistry {
  name: string;
  shortName: string;
  aliases: string[];
}

export const KNOWN_MINISTRIES: readonly KnownMinistry[] = [
  { name: '중소벤처기업부', shortName: '중기부', aliases: ['중소기업청', '중기청'] },
  { name: '금융위원회', shortName: '금융위', aliases: [] },
  { name: '기획재정부', shortName: '기재부', aliases: [] },
  { name: '과학기술정보통신부', shortName: '과기정통부', aliases: ['미래창조과학부', '미래부'] },
  { name: '국토교통부', shortName: '국토부', aliases: [] },
  { name: '보건복지부', shortName: '복지부', aliases: [] },
  { name: '환경부', shortName: '환경부', aliases: [] },
  { name: '교육부', shortName: '교육부', aliases: [] },
  { name: '행정안전부', shortName: '행안부', aliases: ['행정자치부', '안전행정부'] },
  { name: '고용노동부', shortName: '노동부', aliases: ['고용부'] },
  { name: '문화체육관광부', shortName: '문체부', aliases: [] },
  { name: '산업통상자원부', shortName: '산업부', aliases: ['지식경제부'] },
  { name: '외교부', shortName: '외교부', aliases: [] },
  { name: '통일부', shortName: '통일부', aliases: [] },
  { name: '법무부', shortName: '법무부', aliases: [] },
  { name: '국방부', shortName: '국방부', aliases: [] },
  { name: '농림축산식품부', shortName: '농식품부', aliases: [] },
  { name: '해양수산부', shortName: '해수부', aliases: [] },
  { name: '여성가족부', shortName: '여가부', aliases: [] },
  { name: '국가보훈부', shortName: '보훈부', aliases: ['국가보훈처', '보훈처'] },
  { name: '공정거래위원회', shortName: '공정위', aliases: [] },
  { name: '식품의약품안전처', shortName: '식약처', aliases: [] },
];
