// A short, readable name for a browser's User-Agent, for the own session list ("Chrome / Windows").
// Only the common families are named; anything else is 未知浏览器 / 未知系统, never the raw string.

const BROWSERS: [RegExp, string][] = [
  // Order matters: Edge, Opera and the Chinese browsers also say "Chrome", Chrome also says "Safari".
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\bOPR\/|\bOpera\b/, "Opera"],
  [/\bMicroMessenger\//, "微信"],
  [/\bQQBrowser\//, "QQ浏览器"],
  [/\b360SE\b|\bQihooBrowser\b/, "360浏览器"],
  [/\bFirefox\/|\bFxiOS\//, "Firefox"],
  [/\b(Headless)?Chrom(e|ium)\/|\bCriOS\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
  [/\bMSIE \d|\bTrident\//, "Internet Explorer"],
];

const SYSTEMS: [RegExp, string][] = [
  [/\bHarmonyOS\b|\bOpenHarmony\b/, "HarmonyOS"],
  [/\bAndroid\b/, "Android"],
  [/\biPhone\b|\biPad\b|\biPod\b/, "iOS"],
  [/\bWindows\b/, "Windows"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bUOS\b|\bUnionTech\b/, "统信UOS"],
  [/\bKylin\b/, "麒麟"],
  [/\bLinux\b/, "Linux"],
];

const first = (ua: string, table: [RegExp, string][], fallback: string) => table.find(([re]) => re.test(ua))?.[1] ?? fallback;

/** "Chrome / Windows"; "未知浏览器 / 未知系统" for nothing recognisable or no header at all. */
export function userAgentSummary(ua: string | null | undefined): string {
  const s = ua ?? "";
  return `${first(s, BROWSERS, "未知浏览器")} / ${first(s, SYSTEMS, "未知系统")}`;
}
