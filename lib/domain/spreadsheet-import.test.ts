import { describe, expect, it } from "vitest";
import { chosenFileProblem, chosenTableFileProblem, formulaWithoutResult, NO_FILE_CHOSEN, sizeText, uploadLimitText } from "./spreadsheet-import";

const MB = 1024 * 1024;

describe("chosenFileProblem", () => {
  it("asks for a file only when none was chosen", () => {
    expect(chosenFileProblem(null, 10 * MB, "")).toBe(NO_FILE_CHOSEN);
    expect(chosenFileProblem({ name: "", size: 0 }, 10 * MB, "")).toBe(NO_FILE_CHOSEN);
  });

  it("says a chosen 0-byte file has no data, not that nothing was chosen", () => {
    expect(chosenFileProblem({ name: "候选人.xlsx", size: 0 }, 10 * MB, "")).toBe("文件没有数据：「候选人.xlsx」是 0 字节的空文件");
  });

  it("refuses other file types and too large files with both sizes", () => {
    expect(chosenFileProblem({ name: "a.xls", size: 10 }, 10 * MB, "")).toContain("旧版 .xls");
    expect(chosenFileProblem({ name: "a.csv", size: 10 }, 10 * MB, "")).toBe("只能导入 Excel 工作簿（.xlsx）文件");
    expect(chosenFileProblem({ name: "a.xlsx", size: 12.5 * MB }, 10 * MB, "请分成几个文件导入")).toBe("文件有 12.5 MB，超过上限 10 MB。请分成几个文件导入");
    expect(chosenFileProblem({ name: "a.xlsx", size: 10 * MB }, 10 * MB, "")).toBeNull();
  });
});

describe("texts", () => {
  it("states the limit in whole megabytes", () => {
    expect(sizeText(10 * MB)).toBe("10 MB");
    expect(sizeText(MB / 2)).toBe("0.50 MB");
    expect(uploadLimitText(10 * MB, 5000)).toBe(".xlsx 文件，最大 10 MB，一次最多 5000 行");
  });

  it("names the row and column of a formula without a saved result", () => {
    expect(formulaWithoutResult(7, "出生日期")).toBe("第 7 行「出生日期」是公式，但文件中没有保存计算结果：请在 Excel 中打开并保存后再上传，或直接填写数值");
  });
});

describe("chosenTableFileProblem (uploads that take .xlsx or CSV)", () => {
  it("takes .xlsx and .csv, refuses .xls and other files, empty and too large ones", () => {
    expect(chosenTableFileProblem({ name: "选民.csv", size: 100 }, 10 * MB, "")).toBeNull();
    expect(chosenTableFileProblem({ name: "选民.XLSX", size: 100 }, 10 * MB, "")).toBeNull();
    expect(chosenTableFileProblem({ name: "", size: 0 }, 10 * MB, "")).toBe("请先选择要导入的 Excel（.xlsx）或 CSV 文件");
    expect(chosenTableFileProblem({ name: "选民.xls", size: 100 }, 10 * MB, "")).toMatch(/旧版 .xls/);
    expect(chosenTableFileProblem({ name: "选民.txt", size: 100 }, 10 * MB, "")).toBe("只能导入 Excel 工作簿（.xlsx）或 CSV 文件");
    expect(chosenTableFileProblem({ name: "选民.csv", size: 0 }, 10 * MB, "")).toBe("文件没有数据：「选民.csv」是 0 字节的空文件");
    expect(chosenTableFileProblem({ name: "选民.csv", size: 11 * MB }, 10 * MB, "请分乡镇上传")).toBe("文件有 11 MB，超过上限 10 MB。请分乡镇上传");
  });
});
