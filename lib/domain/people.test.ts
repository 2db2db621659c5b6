import { describe, expect, it } from "vitest";
import {
  personNameProblem,
  BACKGROUND_TAG_LABEL,
  BACKGROUND_TAGS,
  CURRENT_POST_LABEL,
  CURRENT_POSTS,
  EDUCATION_LEVELS,
  educationByName,
  educationName,
  ETHNICITIES,
  ethnicityByName,
  ethnicityName,
  GENDER_LABEL,
  isMinority,
  NOMINATION_FORM_LABEL,
  NOMINATION_FORMS,
  POLITICAL_LABEL,
  POLITICAL_STATUSES,
  politicalByLabel,
  POST_LABEL,
  postByLabel,
  POSTS,
  RELATION_LABEL,
  RELATIONS,
} from "./people";

describe("ETHNICITIES", () => {
  it("has the 56 groups coded 01-56 plus 97 and 98", () => {
    expect(ETHNICITIES).toHaveLength(58);
    const codes = ETHNICITIES.map((e) => e.code);
    const expected = [...Array.from({ length: 56 }, (_, i) => String(i + 1).padStart(2, "0")), "97", "98"];
    expect(codes).toEqual(expected);
    expect(new Set(ETHNICITIES.map((e) => e.name)).size).toBe(58);
  });

  it("maps known codes to names (GB/T 3304-1991)", () => {
    expect(ethnicityName("01")).toBe("汉族");
    expect(ethnicityName("02")).toBe("蒙古族");
    expect(ethnicityName("04")).toBe("藏族");
    expect(ethnicityName("05")).toBe("维吾尔族");
    expect(ethnicityName("15")).toBe("土家族");
    expect(ethnicityName("43")).toBe("乌孜别克族");
    expect(ethnicityName("56")).toBe("基诺族");
    expect(ethnicityName("97")).toBe("其他未识别民族");
    expect(ethnicityName("98")).toBe("外国血统中国籍人士");
    expect(ethnicityName("57")).toBeNull();
    expect(ethnicityName("1")).toBeNull();
  });

  it("finds a group by full name or without the trailing 族", () => {
    expect(ethnicityByName("汉族")).toEqual({ code: "01", name: "汉族" });
    expect(ethnicityByName("汉")).toEqual({ code: "01", name: "汉族" });
    expect(ethnicityByName(" 藏 ")).toEqual({ code: "04", name: "藏族" });
    expect(ethnicityByName("蒙古")?.code).toBe("02");
    expect(ethnicityByName("柯尔克孜族")?.code).toBe("29");
    expect(ethnicityByName("外国血统中国籍人士")?.code).toBe("98");
  });

  it("does not guess unknown or empty names", () => {
    expect(ethnicityByName("")).toBeNull();
    expect(ethnicityByName("族")).toBeNull();
    expect(ethnicityByName("其他")).toBeNull();
    expect(ethnicityByName("火星族")).toBeNull();
  });

  it("counts everything but 汉族 as a minority", () => {
    expect(isMinority("01")).toBe(false);
    expect(isMinority("03")).toBe(true);
    expect(isMinority("56")).toBe(true);
    expect(isMinority("97")).toBe(true);
    expect(isMinority("98")).toBe(true);
  });
});

describe("EDUCATION_LEVELS", () => {
  it("lists the top-level codes in order", () => {
    expect(EDUCATION_LEVELS.map((e) => `${e.code}${e.name}`)).toEqual([
      "10研究生",
      "20大学本科",
      "30大学专科",
      "40中等专业学校",
      "50技工学校",
      "60高中",
      "70初中",
      "80小学",
      "90文盲或半文盲",
    ]);
    expect(educationName("20")).toBe("大学本科");
    expect(educationName("21")).toBeNull();
  });

  it("accepts full names and the usual short names", () => {
    const code = (n: string) => educationByName(n)?.code ?? null;
    expect(code("大学本科")).toBe("20");
    expect(code("本科")).toBe("20");
    expect(code("大专")).toBe("30");
    expect(code("专科")).toBe("30");
    expect(code("中专")).toBe("40");
    expect(code("技校")).toBe("50");
    expect(code("硕士")).toBe("10");
    expect(code("博士")).toBe("10");
    expect(code("研究生")).toBe("10");
    expect(code(" 高中 ")).toBe("60");
    expect(code("初中")).toBe("70");
    expect(code("文盲")).toBe("90");
    expect(educationByName("本科")).toEqual({ code: "20", name: "大学本科" });
  });

  it("returns null for unknown names", () => {
    expect(educationByName("")).toBeNull();
    expect(educationByName("幼儿园")).toBeNull();
  });
});

describe("POLITICAL_STATUSES", () => {
  it("has a label for every status", () => {
    expect(POLITICAL_STATUSES.map((s) => POLITICAL_LABEL[s])).toEqual(["中共党员", "中共预备党员", "共青团员", "民主党派", "群众"]);
  });

  it("reads labels and common variants", () => {
    for (const s of POLITICAL_STATUSES) expect(politicalByLabel(POLITICAL_LABEL[s])).toBe(s);
    expect(politicalByLabel("党员")).toBe("CPC_MEMBER");
    expect(politicalByLabel("预备党员")).toBe("CPC_PROBATIONARY");
    expect(politicalByLabel("团员")).toBe("CYL_MEMBER");
    expect(politicalByLabel("民盟盟员")).toBe("DEMOCRATIC_PARTY");
    expect(politicalByLabel("九三学社社员")).toBe("DEMOCRATIC_PARTY");
  });

  it("does not file 无党派人士 or unknown text under 群众", () => {
    expect(politicalByLabel("无党派人士")).toBeNull();
    expect(politicalByLabel("")).toBeNull();
  });
});

describe("posts and other code tables", () => {
  it("labels the elected posts", () => {
    expect(POSTS.map((p) => POST_LABEL[p])).toEqual(["主任", "副主任", "委员", "妇女委员(专职专选)"]);
  });

  it("reads post labels, with or without a committee prefix", () => {
    for (const p of POSTS) expect(postByLabel(POST_LABEL[p])).toBe(p);
    expect(postByLabel("村委会主任")).toBe("DIRECTOR");
    expect(postByLabel("居委会副主任")).toBe("DEPUTY");
    expect(postByLabel("村(居)委会委员")).toBe("MEMBER");
    expect(postByLabel("妇女委员")).toBe("WOMEN_MEMBER");
    expect(postByLabel("妇女委员（专职专选）")).toBe("WOMEN_MEMBER");
    expect(postByLabel("书记")).toBeNull();
  });

  it("has a Chinese label for every code", () => {
    expect(GENDER_LABEL).toEqual({ MALE: "男", FEMALE: "女" });
    expect(CURRENT_POSTS.map((p) => CURRENT_POST_LABEL[p])).toEqual([
      "村(居)委会主任",
      "村(居)委会副主任",
      "村(居)委会委员",
      "党组织书记",
      "党组织副书记",
      "党组织委员",
      "村(居)务监督委员会成员",
      "村(居)民小组长",
      "村(居)民代表",
    ]);
    expect(BACKGROUND_TAGS.map((t) => BACKGROUND_TAG_LABEL[t])).toEqual(["退役军人", "大学生", "返乡大学生", "致富能手", "返乡创业人员", "后备干部"]);
    expect(NOMINATION_FORMS.map((f) => NOMINATION_FORM_LABEL[f])).toEqual(["村(居)民联名", "自荐", "党组织推荐", "乡镇(街道)推荐"]);
    expect(RELATIONS.map((r) => RELATION_LABEL[r])).toEqual(["配偶", "父母子女", "兄弟姐妹", "(外)祖父母与(外)孙子女", "姻亲"]);
  });
});

describe("personNameProblem", () => {
  it("accepts Chinese names in any CJK plane, minority scripts and the middle dot", () => {
    for (const ok of ["王建华", "欧阳秀兰", "𠮷野家", "阿依古丽·买买提", "བཀྲ་ཤིས་", "ᠪᠠᠲᠤ", "ئابدۇرېھىم", "ꆈꌠ", "김철수"])
      expect(personNameProblem(ok), ok).toBeNull();
  });
  it("names what is wrong in Latin letters, digits, emoji, invisible characters and formula starts", () => {
    expect(personNameProblem("Wang建华")).toBe("姓名中有字母「W」：请用汉字或少数民族文字填写");
    expect(personNameProblem("王建华2")).toBe("姓名中有数字「2」");
    expect(personNameProblem("王😀")).toBe("姓名中有表情符号，请删除");
    expect(personNameProblem("王\u200B建华")).toBe("姓名中有不可见字符（U+200B），请删除后重新输入");
    expect(personNameProblem("王\u0007")).toBe("姓名中有不可见字符（U+0007），请删除后重新输入");
    expect(personNameProblem("=王")).toBe("姓名不能以「=」开头");
    expect(personNameProblem("@王")).toBe("姓名不能以「@」开头");
    expect(personNameProblem("王 建华")).toBe("姓名中间不能有空格");
    expect(personNameProblem("王".repeat(51))).toBe("姓名最多 50 个字");
  });
});
