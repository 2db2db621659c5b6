// The candidate-list announcement as printed: a list with errors carries 草稿, on screen and on paper.
import { readFileSync } from "node:fs";
import path from "node:path";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CandidateAnnouncement, type AnnouncementCandidate } from "./candidate-announcement";

const person = { gender: "MALE" as const, birthDate: "1980-05-01", education: "60", political: "MASSES" as const };
const candidates: AnnouncementCandidate[] = [
  { id: "a", post: "DIRECTOR", formalRank: 1, person: { ...person, name: "王五" } },
  { id: "b", post: "DIRECTOR", formalRank: null, person: { ...person, name: "丁一" } },
];
const render = (over: Partial<Parameters<typeof CandidateAnnouncement>[0]> = {}) =>
  renderToStaticMarkup(
    <CandidateAnnouncement
      unitName="城东村"
      community={false}
      formal={false}
      draft={false}
      electionDay="2026-12-20"
      today="2026-12-02"
      seats={{ DIRECTOR: 1, DEPUTY: 0, MEMBER: 0, WOMEN_MEMBER: 0 }}
      candidates={candidates}
      {...over}
    />,
  );

describe("CandidateAnnouncement", () => {
  it("prints a list with errors as a draft: watermark, title mark and a note not to post it", () => {
    const html = render({ draft: true, errors: 2 });
    expect(html).toContain('data-testid="draft-watermark"');
    expect(html).toContain("【草稿】城东村村民委员会换届选举");
    expect(html).toContain("草稿：名单仍有 2 项错误，改正前仅供核对，不得张贴公布。");
    expect(html).not.toMatch(/draft-watermark[^"]*no-print|no-print[^"]*draft-watermark/);
  });

  it("prints a clean list without any draft mark", () => {
    const html = render();
    expect(html).not.toContain("草稿");
    expect(html).toContain("初步候选人名单公告");
    expect(html).toContain("丁一");
  });

  it("prints the formal list with formal candidates only", () => {
    const html = render({ formal: true });
    expect(html).toContain("正式候选人名单公告");
    expect(html).toContain("王五");
    expect(html).not.toContain("丁一");
  });

  it("keeps the watermark in print CSS, in colour on every page", () => {
    const css = readFileSync(path.resolve(import.meta.dirname, "../app/globals.css"), "utf8");
    const print = css.slice(css.indexOf("@media print"));
    expect(print).toMatch(/\.draft-watermark\s*\{[^}]*position:\s*fixed[^}]*display:\s*flex !important[^}]*print-color-adjust:\s*exact/);
  });
});
