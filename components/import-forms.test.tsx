// Renders the import forms and checks what the person choosing a file reads beside the input.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AccountImportForm } from "./account-import-form";
import { CandidateImportForm } from "./candidate-import-form";
import { PastTermImportForm } from "./past-term-import-form";
import { UnitImportForm } from "./unit-import-form";

const MB = 1024 * 1024;
const noop = async () => null;

/** The markup from the file input to the end of its field (the wrapper div). */
const fileField = (html: string) => {
  const start = html.indexOf('id="f-file"');
  return html.slice(start, html.indexOf("</div>", start));
};

describe("import forms", () => {
  it("the candidate import states the 10 MB and row limits next to the file input", () => {
    const html = renderToStaticMarkup(<CandidateImportForm action={noop} campaignId="c" unitId="u" maxBytes={10 * MB} maxRows={5000} doneHref="/" />);
    expect(fileField(html)).toContain(".xlsx 文件，最大 10 MB，一次最多 5000 行");
    expect(html).toContain('aria-describedby="f-file-limit"');
  });

  it("the past-term import states the 10 MB and row limits next to the file input", () => {
    const html = renderToStaticMarkup(<PastTermImportForm action={noop} maxBytes={10 * MB} maxRows={20000} />);
    expect(fileField(html)).toContain(".xlsx 文件，最大 10 MB，一次最多 20000 行");
  });

  it("the account import states its limits and asks for the code of an enrolled second factor", () => {
    const enrolled = renderToStaticMarkup(
      <AccountImportForm action={noop} maxBytes={2 * MB} maxRows={500} need={{ demand: "enrolled", enrolled: true }} issuer="示例县" />,
    );
    expect(enrolled).toContain(".xlsx 文件，最大 2 MB，一次最多 500 行");
    expect(enrolled).toContain('name="otp"');
    const none = renderToStaticMarkup(
      <AccountImportForm action={noop} maxBytes={2 * MB} maxRows={500} need={{ demand: "none", enrolled: false }} issuer="示例县" />,
    );
    expect(none).not.toContain('name="otp"');
  });
});

describe("unit import form", () => {
  it("names the columns and states the limits next to the file input, and accepts .xlsx and .csv", () => {
    const html = renderToStaticMarkup(<UnitImportForm action={noop} deactivateAction={noop} maxBytes={10 * MB} maxRows={20000} />);
    const start = html.indexOf('id="u-file"');
    const field = html.slice(start, html.indexOf("</div>", start));
    expect(field).toContain("表头：统计用区划代码、名称（必填），城乡分类代码、上级代码（选填）。最大 10 MB，一次最多 20000 行");
    expect(field).toContain('accept=".xlsx,.csv');
    expect(html).toContain("上传并预览");
  });
});
