import { describe, expect, it } from "vitest";
import { csvCell, parseCsv, toCsv } from "./csv";

describe("csv", () => {
  it("quotes per RFC 4180 and writes booleans in Chinese", () => {
    expect(csvCell("张三")).toBe("张三");
    expect(csvCell('他说"好"')).toBe('"他说""好"""');
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("第一行\n第二行")).toBe('"第一行\n第二行"');
    expect(csvCell(12)).toBe("12");
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(true)).toBe("是");
    expect(csvCell(null)).toBe("");
  });

  it("defuses text Excel would run as a formula", () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell("-1+2")).toBe("'-1+2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
  });

  it("starts with a BOM and ends every line with CRLF", () => {
    const bytes = toCsv(
      ["姓名", "得票"],
      [
        ["张三", 600],
        ["李四", null],
      ],
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toBe("姓名,得票\r\n张三,600\r\n李四,\r\n");
    expect(() => toCsv(["a"], [["x", "y"]])).toThrow(/row 1/);
  });
});

describe("parseCsv", () => {
  it("reads quoted cells, doubled quotes, line breaks in quotes, a BOM and CRLF", () => {
    expect(parseCsv('\uFEFF统计用区划代码,名称\r\n640104001001,"红旗村委会"\r\n640104001002,"新华,""一""社区"\n640104001003,"两\n行"')).toEqual([
      ["统计用区划代码", "名称"],
      ["640104001001", "红旗村委会"],
      ["640104001002", '新华,"一"社区'],
      ["640104001003", "两\n行"],
    ]);
  });
  it("round-trips toCsv", () => {
    const text = new TextDecoder().decode(
      toCsv(
        ["a", "b"],
        [
          ["x,y", 'q"'],
          [null, "z"],
        ],
      ),
    );
    expect(parseCsv(text)).toEqual([
      ["a", "b"],
      ["x,y", 'q"'],
      ["", "z"],
    ]);
  });
});
