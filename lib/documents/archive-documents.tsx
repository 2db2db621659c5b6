// The printable documents of the archive package as standalone HTML files: the same components the
// pages print (result report, announcement, certificates, roster), rendered to static markup with
// their CSS inline so a file opens and prints on A4 anywhere, years later, without the app.
import type { ReactElement } from "react";
import { CertificateView, certificatePrintCss, type CertificateData, type CertificateLayoutData } from "@/lib/documents/certificate";
import { CommitteeRoster, ROSTER_CSS, type CommitteeRosterProps } from "@/lib/documents/committee-roster";
import { ResultAnnouncement } from "@/lib/documents/result-announcement";
import { ResultReport } from "@/lib/documents/result-report";
import type { ElectionResultView } from "@/lib/domain/result-view";

/**
 * A static `import "react-dom/server"` is refused by Next's compiler in the server-component layer
 * (route handlers included); loaded on demand it is the Node build, which renders these hook-free
 * components fine (checked with next build + next start and next dev).
 */
async function renderStatic(el: ReactElement): Promise<string> {
  const { renderToStaticMarkup } = await import("react-dom/server");
  return renderToStaticMarkup(el);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const SANS = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
const SERIF = '"Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif';

/** Page basics shared by every document: A4, black on white, plain tables. */
const BASE_CSS = `
@page { size: A4 portrait; margin: 15mm; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; padding: 8mm; background: #f1f5f9; color: #111; font-family: ${SERIF}; font-size: 14px; line-height: 1.6; }
h1, h2, p { margin: 0; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.05rem; }
table { width: 100%; border-collapse: collapse; font-size: 14px; }
caption { padding: 2px 0; }
th, td { border: 1px solid #444; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f1f5f9; font-weight: 600; }
ul { margin: 0; }
.archive-note { max-width: 210mm; margin: 0 auto 6mm; font-family: ${SANS}; font-size: 12px; color: #475569; }
.archive-doc { max-width: 210mm; margin: 0 auto 8mm; }
@media print {
  body { padding: 0; background: #fff; }
  .archive-note { display: none; }
  .archive-doc { max-width: none; margin: 0; }
  th { background: #fff; }
}
`;

/** The Tailwind classes ResultReport, ResultAnnouncement and RoundFigures use, written out by hand. */
const RESULT_CSS = `
.card { background: #fff; border: 1px solid #e2e8f0; border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
.bg-white { background: #fff; }
.p-8 { padding: 2rem; } .p-10 { padding: 2.5rem; }
.pt-6 { padding-top: 1.5rem; } .pl-5 { padding-left: 1.25rem; }
.mt-1 { margin-top: .25rem; } .mt-10 { margin-top: 2.5rem; }
.space-y-0\\.5 > * + * { margin-top: .125rem; }
.space-y-1 > * + * { margin-top: .25rem; }
.space-y-2 > * + * { margin-top: .5rem; }
.space-y-4 > * + * { margin-top: 1rem; }
.text-xs { font-size: 12px; line-height: 16px; }
.text-sm { font-size: 14px; line-height: 20px; }
.text-2xl { font-size: 24px; line-height: 32px; }
.text-\\[15px\\] { font-size: 15px; }
.leading-7 { line-height: 1.75rem; } .leading-8 { line-height: 2rem; } .leading-10 { line-height: 2.5rem; }
.font-bold { font-weight: 700; } .font-medium { font-weight: 500; }
.tracking-widest { letter-spacing: .1em; }
.text-center { text-align: center; } .text-left { text-align: left; } .text-right { text-align: right; }
.indent-8 { text-indent: 2rem; }
.text-red-800 { color: #991b1b; } .text-slate-600 { color: #475569; }
.max-w-xl { max-width: 36rem; } .max-w-3xl { max-width: 48rem; }
.list-disc { list-style: disc; }
.grid { display: grid; } .grid-cols-2 { grid-template-columns: repeat(2, minmax(0, 1fr)); } .gap-6 { gap: 1.5rem; }
table.max-w-xl, table.max-w-3xl { margin-top: .25rem; }
@media print { .card { border: none; box-shadow: none; border-radius: 0; padding: 0; } }
`;

/** A complete HTML file. `note` is a line for the screen only (what the file is), hidden in print. */
export function htmlDocument(opts: { title: string; css: string; body: string; note?: string }): Uint8Array {
  const html = [
    "<!DOCTYPE html>",
    '<html lang="zh-CN">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(opts.title)}</title>`,
    `<style>${BASE_CSS}${opts.css}</style>`,
    "</head>",
    "<body>",
    opts.note ? `<p class="archive-note">${escapeHtml(opts.note)}</p>` : "",
    opts.body,
    "</body>",
    "</html>",
    "",
  ].join("\n");
  return new TextEncoder().encode(html);
}

const NOTE = "选举档案包中的文书副本，由系统根据封存的数据生成；打印时请选择 A4 纸。";

export async function resultReportHtml(r: ElectionResultView): Promise<Uint8Array> {
  const body = await renderStatic(
    <div className="archive-doc">
      <ResultReport r={r} seal={r.seal} />
    </div>,
  );
  return htmlDocument({ title: `${r.unit.name}选举结果报告单`, css: RESULT_CSS, body, note: NOTE });
}

export async function resultAnnouncementHtml(r: ElectionResultView): Promise<Uint8Array> {
  const body = await renderStatic(
    <div className="archive-doc">
      <ResultAnnouncement r={r} />
    </div>,
  );
  return htmlDocument({ title: `${r.unit.name}选举结果公告`, css: RESULT_CSS, body, note: NOTE });
}

/** Every certificate of the election, revoked ones marked void by the component, one per sheet. */
export async function certificatesHtml(unitName: string, layout: CertificateLayoutData, certs: CertificateData[]): Promise<Uint8Array> {
  const title = `${unitName}当选证书`;
  if (certs.length === 0) {
    return htmlDocument({ title, css: "", body: '<p class="archive-doc">本选举没有颁发当选证书。</p>', note: NOTE });
  }
  const body = await renderStatic(
    <>
      {certs.map((c) => (
        <CertificateView key={c.number} layout={layout} cert={c} />
      ))}
    </>,
  );
  // The certificate sets its own paper size and no margin; the body padding is for the screen only.
  const css = `${certificatePrintCss(layout.paper)}\n@media print { body { padding: 0; } }`;
  return htmlDocument({ title, css, body, note: `${NOTE.replace("请选择 A4 纸", "请选择与证书版式相同的纸张")}` });
}

export async function rosterHtml(props: CommitteeRosterProps): Promise<Uint8Array> {
  const body = await renderStatic(<CommitteeRoster {...props} />);
  return htmlDocument({ title: `${props.unitName}新一届委员会成员名册`, css: ROSTER_CSS, body, note: NOTE });
}
