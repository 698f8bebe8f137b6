/**
 * A talk's date as its source gives it: a day (2024-12-07), only a month (2023-05, an article labelled by
 * month) or only a year (2021). Written ISO-style in the front matter; read, checked and worded here.
 */

export interface TalkDate {
  year: number;
  /** 1–12, when the source gives the month. */
  month?: number;
  /** 1–31, when it gives the day. */
  day?: number;
}

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** YYYY-MM-DD naming a day that exists (no 30 February), YYYY-MM or YYYY; undefined for anything else. */
export function parseTalkDate(text: string): TalkDate | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (m[2] === undefined) return { year };
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  if (m[3] === undefined) return { year, month };
  const day = Number(m[3]);
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? { year, month, day } : undefined;
}

/** 2024年12月7日, 2023年5月, 2021年. */
export function talkDateZh({ year, month, day }: TalkDate): string {
  return `${year}年${month ? `${month}月` : ''}${month && day ? `${day}日` : ''}`;
}

/** 7 December 2024, May 2023, 2021. */
export function talkDateEn({ year, month, day }: TalkDate): string {
  return [month && day ? String(day) : '', month ? MONTHS_EN[month - 1] : '', String(year)].filter(Boolean).join(' ');
}

/** The first day the date can mean, at midnight UTC (a month's first day, a year's 1 January). */
export function talkDateStart({ year, month, day }: TalkDate): Date {
  return new Date(Date.UTC(year, (month ?? 1) - 1, day ?? 1));
}
