// Certificates of election (当选证书): their numbers and the county's layout. Per county and term
// (campaign) the numbers run 1, 2, 3 … without gaps or duplicates; a revoked certificate keeps its
// number, a reissue takes the next one (docs/decisions/008).
import { chineseDay } from "./days";
import { POST_LABEL, type Post } from "./people";

/** "990121-2026-0007": the county's 6-digit code, the term's year, the sequence. */
export function certificateNumber(countyCode: string, year: number, seq: number): string {
  return `${countyCode.slice(0, 6)}-${year}-${String(seq).padStart(4, "0")}`;
}

/** The sequence numbers for `count` new certificates after those already issued in the term. */
export function nextSeqs(issued: readonly number[], count: number): number[] {
  const start = issued.reduce((m, s) => Math.max(m, s), 0) + 1;
  return Array.from({ length: count }, (_, i) => start + i);
}

/** Gaps and duplicates in a term's sequence numbers (both empty when it runs 1..n). */
export function numberingProblems(seqs: readonly number[]): { gaps: number[]; duplicates: number[] } {
  const seen = new Map<number, number>();
  for (const s of seqs) seen.set(s, (seen.get(s) ?? 0) + 1);
  const max = seqs.reduce((m, s) => Math.max(m, s), 0);
  const gaps: number[] = [];
  for (let i = 1; i <= max; i++) if (!seen.has(i)) gaps.push(i);
  return {
    gaps,
    duplicates: [...seen.entries()]
      .filter(([, n]) => n > 1)
      .map(([s]) => s)
      .sort((a, b) => a - b),
  };
}

// ---------------------------------------------------------------------------------------------
// The county's certificate layout: wording with placeholders, paper, seal, and a second language
// printed beside the Chinese (白玉: Tibetan-Chinese, docs/rules/records-and-certificates.md).

export type SealPosition = "LEFT" | "CENTER" | "RIGHT";
export const SEAL_POSITIONS: readonly SealPosition[] = ["LEFT", "CENTER", "RIGHT"];
export const SEAL_POSITION_LABEL: Record<SealPosition, string> = { LEFT: "左侧", CENTER: "居中", RIGHT: "右侧" };

export type SecondLanguage = {
  /** ISO 639-1 code, also the HTML lang attribute. */
  code: string;
  label: string;
  /** A CSS font-family stack; the first names are the fonts a county machine is likely to have. */
  fontFamily: string;
  direction: "ltr" | "rtl";
  /** Traditional Mongolian is written top to bottom, columns left to right (writing-mode: vertical-lr). */
  vertical: boolean;
  /** Some scripts look small beside Chinese at the same size (Tibetan). */
  fontScale: number;
  /** Characters of the script: a name typed for this language must contain some. */
  script: RegExp;
  /** A name in the script for the layout preview. */
  sampleName: string;
};

/**
 * Chinese characters inside a second-language block (a county name, a date) take a Simplified Chinese font:
 * left to the generic family under lang="bo" etc., the browser picks a Japanese CJK face (different glyphs).
 */
const CJK_SC = '"Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "Songti SC", SimSun';

export const SECOND_LANGUAGES: readonly SecondLanguage[] = [
  {
    code: "bo",
    label: "藏文",
    // fonts-tibetan-machine (Debian) provides Tibetan Machine Uni; .ci/run installs it.
    fontFamily: `"Tibetan Machine Uni", "Noto Serif Tibetan", "Noto Sans Tibetan", "Microsoft Himalaya", ${CJK_SC}, serif`,
    direction: "ltr",
    vertical: false,
    fontScale: 1.35,
    script: /[\u0F00-\u0FFF]/,
    sampleName: "བཀྲ་ཤིས།",
  },
  {
    code: "ug",
    label: "维吾尔文",
    fontFamily: `"Noto Naskh Arabic", "Noto Sans Arabic", "UKIJ Tuz Tom", "Microsoft Uighur", ${CJK_SC}, serif`,
    direction: "rtl",
    vertical: false,
    fontScale: 1.1,
    script: /[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]/,
    sampleName: "ئابدۇكېرىم",
  },
  {
    code: "mn",
    label: "蒙古文",
    fontFamily: `"Noto Sans Mongolian", "Mongolian Baiti", "Menksoft Qagan", ${CJK_SC}, serif`,
    direction: "ltr",
    vertical: true,
    fontScale: 1.1,
    script: /[\u1800-\u18AF]/,
    sampleName: "ᠪᠠᠲᠤ",
  },
  {
    code: "ii",
    label: "彝文",
    fontFamily: `"Noto Sans Yi", "Microsoft Yi Baiti", ${CJK_SC}, serif`,
    direction: "ltr",
    vertical: false,
    fontScale: 1,
    script: /[\uA000-\uA4CF]/,
    sampleName: "ꀋꆨ",
  },
  {
    code: "za",
    label: "壮文",
    fontFamily: `"Noto Serif", "Noto Sans", "DejaVu Serif", ${CJK_SC}, serif`,
    direction: "ltr",
    vertical: false,
    fontScale: 1,
    script: /[A-Za-z]/,
    sampleName: "Vangz Yiz",
  },
  {
    code: "ko",
    label: "朝鲜文",
    fontFamily: `"Noto Sans CJK KR", "Noto Serif CJK KR", "Malgun Gothic", ${CJK_SC}, sans-serif`,
    direction: "ltr",
    vertical: false,
    fontScale: 1,
    script: /[\uAC00-\uD7AF\u1100-\u11FF\u3130-\u318F]/,
    sampleName: "김철수",
  },
];

export function secondLanguage(code: string | null | undefined): SecondLanguage | null {
  return SECOND_LANGUAGES.find((l) => l.code === code) ?? null;
}

/** The layout as printed (the CertificateLayout row without its bookkeeping). */
export type CertificateLayoutData = {
  title: string;
  body: string;
  authority: string;
  sealPosition: SealPosition;
  paper: string;
  secondLanguage: string | null;
  secondTitle: string | null;
  secondBody: string | null;
  secondAuthority: string | null;
};

/** One certificate as printed: a snapshot of the member at issue plus the names around it. */
export type CertificateData = {
  number: string;
  name: string;
  /** The name in the second language's script, entered by the county. */
  nameSecond: string | null;
  post: Post;
  unitName: string;
  unitKind: string;
  /** The village's township, for a {township} placeholder. */
  townshipName?: string;
  campaignName: string;
  countyName: string;
  /** "YYYY-MM-DD", the day of issue in China. */
  issuedOn: string;
  revoked: boolean;
};

/** The placeholders a layout's texts may use, with what each becomes (shown on the layout form). */
export const PLACEHOLDERS: readonly { key: string; meaning: string }[] = [
  { key: "name", meaning: "当选人姓名（少数民族文字部分填入该文字的姓名）" },
  { key: "unit", meaning: "村(社区)名称，如“甲一村”" },
  { key: "township", meaning: "所属乡镇(街道)名称" },
  { key: "committee", meaning: "“村民委员会”或“居民委员会”" },
  { key: "post", meaning: "当选职务：主任、副主任、委员" },
  { key: "campaign", meaning: "换届名称，如“第十二届村(居)民委员会换届选举”" },
  { key: "term", meaning: "届次，如“第十二届”（取自换届名称）" },
  { key: "county", meaning: "本县名称" },
  { key: "date", meaning: "颁发日期，如“2027年1月5日”" },
];
const PLACEHOLDER_KEYS = new Set(PLACEHOLDERS.map((p) => p.key));

/** The default: Chinese only, A4 portrait, the seal on the right over the issuing body. */
export const DEFAULT_LAYOUT: CertificateLayoutData = {
  title: "当选证书",
  body: "{name}同志：\n　　在{campaign}中，当选为{township}{unit}{committee}{post}。\n　　特发此证。",
  authority: "{county}村(居)民委员会换届选举工作领导小组",
  sealPosition: "RIGHT",
  paper: "A4",
  secondLanguage: null,
  secondTitle: null,
  secondBody: null,
  secondAuthority: null,
};

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/** Replaces {key} with values[key]; an unknown placeholder stays as typed so the mistake shows on paper. */
export function fillTemplate(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (whole, key: string) => (Object.hasOwn(values, key) ? values[key]! : whole));
}

/** Placeholders in a text that the certificate does not know (a typo such as {nmae}). */
export function unknownPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((k) => !PLACEHOLDER_KEYS.has(k)))];
}

/** The post as a certificate names it: the women's seat is a 委员 elected separately. */
export const CERTIFICATE_POST_LABEL: Record<Post, string> = { ...POST_LABEL, WOMEN_MEMBER: "委员" };

/** "第十二届" from "第十二届村(居)民委员会换届选举"; "本届" when the name has no ordinal. */
export function termOf(campaignName: string): string {
  return /第[一二三四五六七八九十百零〇两\d]+届/.exec(campaignName)?.[0] ?? "本届";
}

/** The placeholder values of one certificate; `second` fills {name} with the second-script name. */
export function certificateValues(c: CertificateData, opts: { second?: boolean } = {}): Record<string, string> {
  return {
    name: opts.second ? (c.nameSecond ?? c.name) : c.name,
    unit: c.unitName,
    township: c.townshipName ?? "",
    committee: c.unitKind === "COMMUNITY" ? "居民委员会" : "村民委员会",
    post: CERTIFICATE_POST_LABEL[c.post],
    campaign: c.campaignName,
    term: termOf(c.campaignName),
    county: c.countyName,
    date: chineseDay(c.issuedOn),
  };
}

// ---------------------------------------------------------------------------------------------
// Paper.

const NAMED_PAPERS: Record<string, { widthMm: number; heightMm: number; label: string }> = {
  A4: { widthMm: 210, heightMm: 297, label: "A4 竖版" },
  A4L: { widthMm: 297, heightMm: 210, label: "A4 横版" },
  A5: { widthMm: 148, heightMm: 210, label: "A5 竖版" },
  A5L: { widthMm: 210, heightMm: 148, label: "A5 横版" },
  B5: { widthMm: 176, heightMm: 250, label: "B5 竖版" },
  B5L: { widthMm: 250, heightMm: 176, label: "B5 横版" },
};
export const PAPER_OPTIONS: readonly { value: string; label: string }[] = Object.entries(NAMED_PAPERS).map(([value, p]) => ({ value, label: p.label }));

const MIN_MM = 90;
const MAX_MM = 500;
const CUSTOM = /^(\d{2,3})\s*[x×*X]\s*(\d{2,3})$/;

/** Why a paper value is not usable, in Chinese, or null. */
export function paperProblem(paper: string): string | null {
  const p = paper.trim().toUpperCase();
  if (NAMED_PAPERS[p]) return null;
  const m = CUSTOM.exec(p);
  if (!m) return "纸张应为 A4、A4L、A5、A5L、B5、B5L，或“宽x高”（毫米），如 260x190";
  const [w, h] = [Number(m[1]), Number(m[2])];
  if ([w, h].some((n) => n < MIN_MM || n > MAX_MM)) return `自定义纸张的宽和高应在 ${MIN_MM} 至 ${MAX_MM} 毫米之间`;
  return null;
}

/** "a4" → "A4", "260 × 190" → "260x190"; throws on an unusable value (see paperProblem). */
export function normalizePaper(paper: string): string {
  const problem = paperProblem(paper);
  if (problem) throw new Error(problem);
  const p = paper.trim().toUpperCase();
  const m = CUSTOM.exec(p);
  return m ? `${Number(m[1])}x${Number(m[2])}` : p;
}

/** The sheet's size in millimetres, as given (landscape when wider than high). */
export function paperSize(paper: string): { widthMm: number; heightMm: number } {
  const p = normalizePaper(paper);
  const named = NAMED_PAPERS[p];
  if (named) return { widthMm: named.widthMm, heightMm: named.heightMm };
  const [w, h] = p.split("x").map(Number) as [number, number];
  return { widthMm: w, heightMm: h };
}
