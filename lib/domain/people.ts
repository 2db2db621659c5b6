// Code tables for people: candidates, members and the posts they stand for.
// Codes are what we store; the Chinese labels are what forms and printed lists show.

export const GENDERS = ["MALE", "FEMALE"] as const;
export type Gender = (typeof GENDERS)[number];

export const GENDER_LABEL: Record<Gender, string> = { MALE: "男", FEMALE: "女" };

// ---------------------------------------------------------------------------------------------
// 民族: GB/T 3304-1991 two-digit codes. Reporting forms (CAMS) count minorities, so the code matters.

export const ETHNICITIES: readonly { code: string; name: string }[] = [
  { code: "01", name: "汉族" },
  { code: "02", name: "蒙古族" },
  { code: "03", name: "回族" },
  { code: "04", name: "藏族" },
  { code: "05", name: "维吾尔族" },
  { code: "06", name: "苗族" },
  { code: "07", name: "彝族" },
  { code: "08", name: "壮族" },
  { code: "09", name: "布依族" },
  { code: "10", name: "朝鲜族" },
  { code: "11", name: "满族" },
  { code: "12", name: "侗族" },
  { code: "13", name: "瑶族" },
  { code: "14", name: "白族" },
  { code: "15", name: "土家族" },
  { code: "16", name: "哈尼族" },
  { code: "17", name: "哈萨克族" },
  { code: "18", name: "傣族" },
  { code: "19", name: "黎族" },
  { code: "20", name: "傈僳族" },
  { code: "21", name: "佤族" },
  { code: "22", name: "畲族" },
  { code: "23", name: "高山族" },
  { code: "24", name: "拉祜族" },
  { code: "25", name: "水族" },
  { code: "26", name: "东乡族" },
  { code: "27", name: "纳西族" },
  { code: "28", name: "景颇族" },
  { code: "29", name: "柯尔克孜族" },
  { code: "30", name: "土族" },
  { code: "31", name: "达斡尔族" },
  { code: "32", name: "仫佬族" },
  { code: "33", name: "羌族" },
  { code: "34", name: "布朗族" },
  { code: "35", name: "撒拉族" },
  { code: "36", name: "毛南族" },
  { code: "37", name: "仡佬族" },
  { code: "38", name: "锡伯族" },
  { code: "39", name: "阿昌族" },
  { code: "40", name: "普米族" },
  { code: "41", name: "塔吉克族" },
  { code: "42", name: "怒族" },
  { code: "43", name: "乌孜别克族" },
  { code: "44", name: "俄罗斯族" },
  { code: "45", name: "鄂温克族" },
  { code: "46", name: "德昂族" },
  { code: "47", name: "保安族" },
  { code: "48", name: "裕固族" },
  { code: "49", name: "京族" },
  { code: "50", name: "塔塔尔族" },
  { code: "51", name: "独龙族" },
  { code: "52", name: "鄂伦春族" },
  { code: "53", name: "赫哲族" },
  { code: "54", name: "门巴族" },
  { code: "55", name: "珞巴族" },
  { code: "56", name: "基诺族" },
  { code: "97", name: "其他未识别民族" },
  { code: "98", name: "外国血统中国籍人士" },
];

const HAN = "01";

export function ethnicityName(code: string): string | null {
  return ETHNICITIES.find((e) => e.code === code)?.name ?? null;
}

/**
 * Finds an ethnic group by its name as people write it on forms: "汉族" or just "汉", "蒙古" for 蒙古族.
 * Only the trailing 族 may be left out; the two non-group entries (97, 98) need their full name.
 */
export function ethnicityByName(name: string): { code: string; name: string } | null {
  const n = name.trim();
  if (!n) return null;
  return ETHNICITIES.find((e) => e.name === n || (e.code <= "56" && e.name === `${n}族`)) ?? null;
}

/** Everything but 汉族 counts as a minority in the statistics, including 97 and 98 (CAMS counts "少数民族" by exclusion). */
export function isMinority(code: string): boolean {
  return code !== HAN;
}

// ---------------------------------------------------------------------------------------------
// 文化程度: the top-level (tens) codes of the 学历代码 (GB/T 4658). Election forms only ask for the
// level, never the 毕业/肄业 detail digit. The names are the ones printed on 文化程度 fields.

export const EDUCATION_LEVELS: readonly { code: string; name: string }[] = [
  { code: "10", name: "研究生" },
  { code: "20", name: "大学本科" },
  { code: "30", name: "大学专科" },
  { code: "40", name: "中等专业学校" },
  { code: "50", name: "技工学校" },
  { code: "60", name: "高中" },
  { code: "70", name: "初中" },
  { code: "80", name: "小学" },
  { code: "90", name: "文盲或半文盲" },
];

/** Short names people actually write in spreadsheets and forms. */
const EDUCATION_ALIASES: Record<string, string> = {
  博士: "10",
  博士研究生: "10",
  硕士: "10",
  硕士研究生: "10",
  本科: "20",
  大学: "20",
  大专: "30",
  专科: "30",
  中专: "40",
  中技: "40",
  中等专科: "40",
  技校: "50",
  职高: "60",
  普通高中: "60",
  文盲: "90",
  半文盲: "90",
};

export function educationName(code: string): string | null {
  return EDUCATION_LEVELS.find((e) => e.code === code)?.name ?? null;
}

export function educationByName(name: string): { code: string; name: string } | null {
  const n = name.trim();
  if (!n) return null;
  const code = EDUCATION_ALIASES[n];
  return EDUCATION_LEVELS.find((e) => e.name === n || e.code === code) ?? null;
}

// ---------------------------------------------------------------------------------------------
// 政治面貌

export const POLITICAL_STATUSES = ["CPC_MEMBER", "CPC_PROBATIONARY", "CYL_MEMBER", "DEMOCRATIC_PARTY", "MASSES"] as const;
export type PoliticalStatus = (typeof POLITICAL_STATUSES)[number];

export const POLITICAL_LABEL: Record<PoliticalStatus, string> = {
  CPC_MEMBER: "中共党员",
  CPC_PROBATIONARY: "中共预备党员",
  CYL_MEMBER: "共青团员",
  DEMOCRATIC_PARTY: "民主党派",
  MASSES: "群众",
};

const POLITICAL_ALIASES: Record<string, PoliticalStatus> = {
  党员: "CPC_MEMBER",
  中国共产党党员: "CPC_MEMBER",
  预备党员: "CPC_PROBATIONARY",
  中国共产党预备党员: "CPC_PROBATIONARY",
  团员: "CYL_MEMBER",
  共青团员: "CYL_MEMBER",
  中国共产主义青年团团员: "CYL_MEMBER",
};

/** The eight democratic parties; forms often name the party ("民盟盟员") instead of writing 民主党派. */
const DEMOCRATIC_PARTY_PREFIXES = ["民革", "民盟", "民建", "民进", "农工", "致公", "九三", "台盟"];

/**
 * Accepts the label and the usual variants. 无党派人士 is a separate category in GB/T 4762 and is
 * not 群众, so it is not guessed: it returns null and the form must ask.
 */
export function politicalByLabel(label: string): PoliticalStatus | null {
  const l = label.trim();
  for (const s of POLITICAL_STATUSES) if (POLITICAL_LABEL[s] === l) return s;
  const alias = POLITICAL_ALIASES[l];
  if (alias) return alias;
  if (DEMOCRATIC_PARTY_PREFIXES.some((p) => l.startsWith(p))) return "DEMOCRATIC_PARTY";
  return null;
}

// ---------------------------------------------------------------------------------------------
// A candidate's current posts (连选连任 statistics, 交叉任职) and background tags (structure targets).

export const CURRENT_POSTS = [
  "COMMITTEE_DIRECTOR",
  "COMMITTEE_DEPUTY",
  "COMMITTEE_MEMBER",
  "PARTY_SECRETARY",
  "PARTY_DEPUTY_SECRETARY",
  "PARTY_COMMITTEE_MEMBER",
  "SUPERVISION_MEMBER",
  "GROUP_LEADER",
  "REPRESENTATIVE",
] as const;
export type CurrentPost = (typeof CURRENT_POSTS)[number];

export const CURRENT_POST_LABEL: Record<CurrentPost, string> = {
  COMMITTEE_DIRECTOR: "村(居)委会主任",
  COMMITTEE_DEPUTY: "村(居)委会副主任",
  COMMITTEE_MEMBER: "村(居)委会委员",
  PARTY_SECRETARY: "党组织书记",
  PARTY_DEPUTY_SECRETARY: "党组织副书记",
  PARTY_COMMITTEE_MEMBER: "党组织委员",
  SUPERVISION_MEMBER: "村(居)务监督委员会成员",
  GROUP_LEADER: "村(居)民小组长",
  REPRESENTATIVE: "村(居)民代表",
};

export const BACKGROUND_TAGS = ["VETERAN", "COLLEGE_GRADUATE", "RETURNED_GRADUATE", "ENTREPRENEUR", "RETURNED_MIGRANT", "RESERVE_CADRE"] as const;
export type BackgroundTag = (typeof BACKGROUND_TAGS)[number];

export const BACKGROUND_TAG_LABEL: Record<BackgroundTag, string> = {
  VETERAN: "退役军人",
  COLLEGE_GRADUATE: "大学生",
  RETURNED_GRADUATE: "返乡大学生",
  ENTREPRENEUR: "致富能手",
  RETURNED_MIGRANT: "返乡创业人员",
  RESERVE_CADRE: "后备干部",
};

// ---------------------------------------------------------------------------------------------
// The posts being elected. WOMEN_MEMBER is the separately nominated women seat (专职专选, docs/rules/women-seats.md).

export const POSTS = ["DIRECTOR", "DEPUTY", "MEMBER", "WOMEN_MEMBER"] as const;
export type Post = (typeof POSTS)[number];

export const POST_LABEL: Record<Post, string> = {
  DIRECTOR: "主任",
  DEPUTY: "副主任",
  MEMBER: "委员",
  WOMEN_MEMBER: "妇女委员(专职专选)",
};

/** The committee prefixes people put in front of a post on imported sheets ("村委会主任"). */
const COMMITTEE_PREFIX = /^(村\(居\)民委员会|村\(居\)委会|村民委员会|居民委员会|村委会|居委会|社区居委会)/;

export function postByLabel(label: string): Post | null {
  const l = label.trim().replace(/（/g, "(").replace(/）/g, ")").replace(COMMITTEE_PREFIX, "");
  for (const p of POSTS) if (POST_LABEL[p] === l) return p;
  if (l === "妇女委员" || l === "妇女委员(专职)") return "WOMEN_MEMBER";
  return null;
}

// ---------------------------------------------------------------------------------------------
// 提名形式. Under the 2010 law only voters nominate; party and township recommendations exist in some
// provincial texts, so the form is recorded rather than forbidden (docs/rules/nomination-and-candidates.md).

export const NOMINATION_FORMS = ["VOTER_JOINT", "SELF", "PARTY_ORG", "TOWNSHIP"] as const;
export type NominationForm = (typeof NOMINATION_FORMS)[number];

export const NOMINATION_FORM_LABEL: Record<NominationForm, string> = {
  VOTER_JOINT: "村(居)民联名",
  SELF: "自荐",
  PARTY_ORG: "党组织推荐",
  TOWNSHIP: "乡镇(街道)推荐",
};

// ---------------------------------------------------------------------------------------------
// 近亲属 relations for recusal (docs/rules/recusal.md). Stored once per pair; the relation is symmetric as used here.

export const RELATIONS = ["SPOUSE", "PARENT_CHILD", "SIBLING", "GRANDPARENT_GRANDCHILD", "IN_LAW"] as const;
export type Relation = (typeof RELATIONS)[number];

export const RELATION_LABEL: Record<Relation, string> = {
  SPOUSE: "配偶",
  PARENT_CHILD: "父母子女",
  SIBLING: "兄弟姐妹",
  GRANDPARENT_GRANDCHILD: "(外)祖父母与(外)孙子女",
  IN_LAW: "姻亲",
};

// ---------------------------------------------------------------------------------------------
// Person names

/**
 * Why a typed person name is not acceptable, or null. Names are written in Chinese characters (any CJK
 * plane, so 𠮷 and other extension characters pass) or a minority script of China (Tibetan, Mongolian,
 * Uyghur in Arabic script, Yi, Korean), with the middle dot of transliterated names (·). Latin letters,
 * digits, emoji, zero-width and control characters are refused (they print wrongly, defeat duplicate
 * checks and hide look-alikes), and so is a leading = + - @ (a formula when the name reaches a spreadsheet).
 * 壮文 and other Latin-script names go in the second-script field of the certificate, not here.
 */
export function personNameProblem(name: string, label = "姓名"): string | null {
  if (name.length === 0) return `请填写${label}`;
  if ([...name].length > 50) return `${label}最多 50 个字`;
  if (/^[=+\-@]/.test(name)) return `${label}不能以「${name[0]}」开头`;
  for (const ch of name) {
    if (/[\p{Script=Han}\p{Script=Tibetan}\p{Script=Mongolian}\p{Script=Arabic}\p{Script=Yi}\p{Script=Hangul}·•・]/u.test(ch)) continue;
    if (/\p{Script=Latin}/u.test(ch)) return `${label}中有字母「${ch}」：请用汉字或少数民族文字填写`;
    if (/\p{Nd}/u.test(ch)) return `${label}中有数字「${ch}」`;
    if (/\p{Extended_Pictographic}/u.test(ch)) return `${label}中有表情符号，请删除`;
    if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(ch))
      return `${label}中有不可见字符（U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}），请删除后重新输入`;
    if (/\s/u.test(ch)) return `${label}中间不能有空格`;
    return `${label}中有不能用于姓名的字符「${ch}」`;
  }
  return null;
}
