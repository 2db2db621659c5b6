// Calendar days as "YYYY-MM-DD" strings; election law counts whole days in China's time zone.

export function todayInChina(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** A DB `@db.Date` value (midnight UTC) as a day string. */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function dateOfDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((dateOfDay(to).getTime() - dateOfDay(from).getTime()) / 86_400_000);
}

export function addDays(day: string, n: number): string {
  return dayOf(new Date(dateOfDay(day).getTime() + n * 86_400_000));
}

/** "2026年12月20日" */
export function chineseDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}
