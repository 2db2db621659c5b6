// 当选证书: one sheet of the county's paper with a red frame, the Chinese text and, where the county
// prints one, the second language beside it. A plain component styled only by CERTIFICATE_CSS (no
// Tailwind, no hooks, no Next), so the print page and the sealed archive (renderToStaticMarkup) print
// the same certificate.
import {
  certificateValues,
  fillTemplate,
  paperProblem,
  paperSize,
  secondLanguage,
  type CertificateData,
  type CertificateLayoutData,
} from "@/lib/domain/certificate";

export type { CertificateData, CertificateLayoutData };

const SERIF_ZH = '"Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, "Noto Sans CJK SC", serif';
const RED = "#b91c1c";

/** The rules for .cert-* elements, on screen and in print. The @page size comes from certificatePageCss. */
export const CERTIFICATE_CSS = `
.cert-sheet { position: relative; box-sizing: border-box; margin: 0 auto 8mm; padding: 7mm; overflow: hidden;
  background: #fffdf8; color: #111; font-family: ${SERIF_ZH}; line-height: 1.6; box-shadow: 0 1px 6px rgba(0,0,0,.25);
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.cert-sheet *, .cert-sheet *::before, .cert-sheet *::after { box-sizing: border-box; }
.cert-frame { height: 100%; border: 2.2mm solid ${RED}; padding: 1.6mm; }
.cert-inner { position: relative; height: 100%; border: .5mm solid ${RED}; padding: 7mm 12mm 9mm; display: flex; flex-direction: column; }
.cert-number { text-align: right; font-size: .78em; color: #333; letter-spacing: .02em; }
.cert-main { flex: 1 1 auto; min-height: 0; display: flex; flex-direction: column; justify-content: center; gap: 1.4em; }
.cert-main.cert-columns { flex-direction: row; align-items: stretch; gap: 0; }
.cert-columns > .cert-block { flex: 1 1 0; min-width: 0; padding: 0 6mm; display: flex; flex-direction: column; justify-content: center; }
.cert-columns > .cert-block + .cert-block { border-left: .3mm solid ${RED}; }
.cert-columns > .cert-vertical { flex: 0 1 auto; max-width: 40%; }
.cert-title { margin: 0 0 .7em; text-align: center; font-size: 2.5em; font-weight: 700; letter-spacing: .35em; color: ${RED}; line-height: 1.3; text-wrap: balance; }
.cert-second .cert-title { font-size: 1.9em; letter-spacing: normal; }
.cert-body { margin: 0; white-space: pre-wrap; font-size: 1.25em; line-height: 2; text-align: start; }
.cert-second .cert-body { line-height: 2.1; }
.cert-vertical { writing-mode: vertical-lr; }
.cert-vertical .cert-title { margin: 0 .7em 0 0; }
.cert-foot { display: flex; margin-top: 1.2em; }
.cert-seal-LEFT { justify-content: flex-start; }
.cert-seal-CENTER { justify-content: center; }
.cert-seal-RIGHT { justify-content: flex-end; }
.cert-sign { position: relative; min-width: 48mm; padding: 4mm 3mm; text-align: center; font-size: 1.1em; line-height: 1.9; }
.cert-sign p { margin: 0; }
.cert-sign .cert-second-authority { line-height: 2; }
.cert-seal { position: absolute; left: 50%; top: 50%; width: 40mm; height: 40mm; margin: -20mm 0 0 -20mm; border: .45mm dashed ${RED};
  border-radius: 50%; display: flex; align-items: flex-end; justify-content: center; padding-bottom: .6mm; color: ${RED}; font-size: .7rem;
  letter-spacing: .3em; opacity: .8; }
.cert-void { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; pointer-events: none; }
.cert-void span { transform: rotate(-22deg); padding: .05em .35em; border: .08em solid rgba(185,28,28,.75); color: rgba(185,28,28,.75);
  font-size: 5.5em; font-weight: 700; letter-spacing: .25em; background: rgba(255,255,255,.55); }
@media print {
  .cert-sheet { margin: 0 !important; box-shadow: none !important; break-inside: avoid; }
  .cert-sheet ~ .cert-sheet { break-before: page; }
}
`;

/** Frame, borders and padding around the text, left plus right (see .cert-sheet/.cert-frame/.cert-inner). */
const FRAME_MM = 2 * (7 + 2.2 + 1.6 + 0.5 + 12);
const PT_MM = 25.4 / 72;

/**
 * The Chinese title on one line where it can be: widely spaced when short (当选证书), shrunk (down to a
 * floor, then wrapping) when long (第十一届村民委员会当选证书).
 */
function titleStyle(title: string, availableMm: number, basePt: number, maxEm: number) {
  const n = Math.max([...title].length, 1);
  const spacing = n <= 6 ? 0.35 : 0.06;
  const fit = (availableMm * 0.95) / (n * (1 + spacing)) / (basePt * PT_MM);
  return { fontSize: `${Math.max(1.4, Math.min(maxEm, fit)).toFixed(2)}em`, letterSpacing: `${spacing}em` };
}

/** The sheet's size; a stored layout is validated on save, anything else falls back to A4. */
function sheetSize(paper: string) {
  return paperProblem(paper) ? paperSize("A4") : paperSize(paper);
}

/** The @page rule for the layout's paper (one certificate per sheet, no printer margin). */
export function certificatePageCss(paper: string): string {
  const { widthMm, heightMm } = sheetSize(paper);
  return `@page { size: ${widthMm}mm ${heightMm}mm; margin: 0; }`;
}

/** CERTIFICATE_CSS with the page size: the one string a standalone HTML file needs. */
export function certificatePrintCss(paper: string): string {
  return `${certificatePageCss(paper)}\n${CERTIFICATE_CSS}`;
}

export function CertificateView({ layout, cert }: { layout: CertificateLayoutData; cert: CertificateData }) {
  const { widthMm, heightMm } = sheetSize(layout.paper);
  const lang = secondLanguage(layout.secondLanguage);
  const second = lang && (layout.secondTitle || layout.secondBody || layout.secondAuthority) ? lang : null;
  const zh = certificateValues(cert);
  const other = certificateValues(cert, { second: true });
  // Side by side on landscape paper (and always for vertical Mongolian); stacked on portrait. The
  // minority script comes first (left or top), as autonomous areas print their bilingual papers.
  const columns = !!second && (widthMm > heightMm || second.vertical);
  const secondStyle = second ? { fontFamily: second.fontFamily, fontSize: `${second.fontScale}em` } : undefined;
  const basePt = (Math.min(widthMm, heightMm) / 210) * 14;
  const title = fillTemplate(layout.title, zh);
  const textMm = widthMm - FRAME_MM;
  const zhTitle = columns ? titleStyle(title, textMm / 2 - 12, basePt, 1.9) : titleStyle(title, textMm, basePt, 2.5);
  return (
    <div
      className={`cert-sheet${cert.revoked ? " cert-revoked" : ""}`}
      style={{ width: `${widthMm}mm`, height: `${heightMm}mm`, fontSize: `${basePt.toFixed(2)}pt` }}
      data-testid="certificate"
      data-number={cert.number}
      lang="zh-CN"
    >
      <div className="cert-frame">
        <div className="cert-inner">
          <p className="cert-number">
            证书编号：<span>{cert.number}</span>
          </p>
          <div className={`cert-main${columns ? " cert-columns" : ""}`}>
            {second && (
              <section
                className={`cert-block cert-second${second.vertical ? " cert-vertical" : ""}`}
                lang={second.code}
                dir={second.direction}
                style={secondStyle}
              >
                {layout.secondTitle && <h1 className="cert-title">{fillTemplate(layout.secondTitle, other)}</h1>}
                {layout.secondBody && <p className="cert-body">{fillTemplate(layout.secondBody, other)}</p>}
              </section>
            )}
            <section className="cert-block cert-zh">
              <h1 className="cert-title" style={zhTitle}>
                {title}
              </h1>
              <p className="cert-body">{fillTemplate(layout.body, zh)}</p>
            </section>
          </div>
          <div className={`cert-foot cert-seal-${layout.sealPosition}`}>
            <div className="cert-sign">
              <div className="cert-seal" aria-hidden="true">
                印章
              </div>
              {second && layout.secondAuthority && (
                <p
                  className="cert-second-authority"
                  lang={second.code}
                  dir={second.direction}
                  style={{ fontFamily: second.fontFamily, fontSize: `${second.fontScale}em` }}
                >
                  {fillTemplate(layout.secondAuthority, other)}
                </p>
              )}
              <p className="cert-authority">{fillTemplate(layout.authority, zh)}</p>
              <p className="cert-date">{zh.date}</p>
            </div>
          </div>
          {cert.revoked && (
            <div className="cert-void" data-testid="certificate-revoked">
              <span>已作废</span>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
