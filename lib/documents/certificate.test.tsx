// Renders the certificate to HTML as the print page and the archive do, and checks what the paper shows.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DEFAULT_LAYOUT, type CertificateLayoutData } from "@/lib/domain/certificate";
import { CERTIFICATE_CSS, CertificateView, certificatePageCss, certificatePrintCss, type CertificateData } from "./certificate";

const cert: CertificateData = {
  number: "513331-2027-0012",
  name: "扎西",
  nameSecond: "བཀྲ་ཤིས།",
  post: "DIRECTOR",
  unitName: "昌台村",
  unitKind: "VILLAGE",
  townshipName: "昌台镇",
  campaignName: "第十一届村民委员会换届选举",
  countyName: "白玉县",
  issuedOn: "2027-01-05",
  revoked: false,
};

const tibetan: CertificateLayoutData = {
  ...DEFAULT_LAYOUT,
  title: "{term}{committee}当选证书",
  paper: "A4L",
  sealPosition: "CENTER",
  secondLanguage: "bo",
  secondTitle: "བདམས་ཐོན་ལག་ཁྱེར།",
  secondBody: "{name}ལགས། གྲོང་མི་ཨུ་ཡོན་ལྷན་ཁང་གི་འགན་འཛིན་དུ་བདམས་ཐོན་བྱུང་།",
  secondAuthority: "འོས་བསྡུའི་ལས་དོན་ཚོ་ཆུང་།",
};

const text = (html: string) => html.replace(/<[^>]+>/g, "");

describe("CertificateView", () => {
  it("prints the Chinese certificate from the default layout: title, filled body, authority, date, number, seal", () => {
    const html = renderToStaticMarkup(<CertificateView layout={DEFAULT_LAYOUT} cert={{ ...cert, nameSecond: null }} />);
    const t = text(html);
    expect(t).toContain("当选证书");
    expect(t).toContain("扎西同志：");
    expect(t).toContain("当选为昌台镇昌台村村民委员会主任。");
    expect(t).toContain("白玉县村(居)民委员会换届选举工作领导小组");
    expect(t).toContain("2027年1月5日");
    expect(t).toContain("证书编号：513331-2027-0012");
    expect(html).toContain('class="cert-seal"');
    expect(html).toContain("cert-seal-RIGHT");
    // The sheet is the paper's size on screen too; no second-language block without a second language.
    expect(html).toContain("width:210mm;height:297mm");
    expect(html).not.toContain('lang="bo"');
    expect(t).not.toContain("已作废");
  });

  it("prints the Tibetan block with lang=bo, the Tibetan font and the member's Tibetan name", () => {
    const html = renderToStaticMarkup(<CertificateView layout={tibetan} cert={cert} />);
    expect(html).toMatch(/<section class="cert-block cert-second" lang="bo" dir="ltr" style="font-family:&quot;Tibetan Machine Uni&quot;/);
    expect(html).toContain("བཀྲ་ཤིས།ལགས།");
    expect(html).toContain("བདམས་ཐོན་ལག་ཁྱེར།");
    expect(html).toMatch(/<p class="cert-second-authority" lang="bo"[^>]*>འོས་བསྡུའི་ལས་དོན་ཚོ་ཆུང་།<\/p>/);
    // Landscape: side by side, Tibetan first; the Chinese keeps the Chinese name.
    expect(html).toContain('class="cert-main cert-columns"');
    expect(html.indexOf('lang="bo"')).toBeLessThan(html.indexOf("cert-zh"));
    expect(text(html)).toContain("第十一届村民委员会当选证书");
    expect(text(html)).toContain("扎西同志：");
    expect(html).toContain("width:297mm;height:210mm");
    expect(html).toContain("cert-seal-CENTER");
  });

  it("stacks the languages on portrait paper and writes Mongolian vertically", () => {
    const portrait = renderToStaticMarkup(<CertificateView layout={{ ...tibetan, paper: "A4" }} cert={cert} />);
    expect(portrait).toContain('class="cert-main"');
    const mongolian = renderToStaticMarkup(
      <CertificateView layout={{ ...tibetan, paper: "A4", secondLanguage: "mn" }} cert={{ ...cert, nameSecond: "ᠪᠠᠲᠤ" }} />,
    );
    expect(mongolian).toContain('class="cert-block cert-second cert-vertical" lang="mn"');
    expect(mongolian).toContain('class="cert-main cert-columns"');
    const uyghur = renderToStaticMarkup(<CertificateView layout={{ ...tibetan, secondLanguage: "ug" }} cert={cert} />);
    expect(uyghur).toContain('lang="ug" dir="rtl"');
  });

  it("marks a revoked certificate 已作废", () => {
    const html = renderToStaticMarkup(<CertificateView layout={tibetan} cert={{ ...cert, revoked: true }} />);
    expect(html).toContain('data-testid="certificate-revoked"');
    expect(text(html)).toContain("已作废");
    expect(html).toContain("cert-sheet cert-revoked");
  });

  it("leaves an unknown placeholder visible", () => {
    const html = renderToStaticMarkup(<CertificateView layout={{ ...DEFAULT_LAYOUT, body: "{nmae}同志" }} cert={cert} />);
    expect(text(html)).toContain("{nmae}同志");
  });

  it("has the print CSS: the page size of the layout's paper and a page break between certificates", () => {
    expect(certificatePageCss("A5L")).toBe("@page { size: 210mm 148mm; margin: 0; }");
    expect(certificatePageCss("260x190")).toBe("@page { size: 260mm 190mm; margin: 0; }");
    expect(certificatePrintCss("A4")).toContain("@page { size: 210mm 297mm; margin: 0; }");
    expect(CERTIFICATE_CSS).toContain(".cert-sheet ~ .cert-sheet { break-before: page; }");
    expect(CERTIFICATE_CSS).toContain("@media print");
  });
});
