import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { certificatePrintCss, CertificateView } from "@/lib/documents/certificate";
import { PrintButton } from "@/components/print-button";
import { requirePermission } from "@/lib/server/auth/actor";
import { getCertificatesForPrint, type PrintSelection } from "@/lib/server/records/certificates";
import type { Metadata } from "next";
import { InlineStyle } from "@/components/inline-style";

export const metadata: Metadata = { title: "打印当选证书" };

type Search = { certificate?: string; election?: string; campaign?: string; township?: string };

const uuid = (v: string | undefined): v is string => z.uuid().safeParse(v).success;

function selection(sp: Search): PrintSelection | null {
  if (uuid(sp.certificate)) return { certificateId: sp.certificate };
  if (uuid(sp.election)) return { electionId: sp.election };
  if (uuid(sp.campaign) && uuid(sp.township)) return { campaignId: sp.campaign, townshipId: sp.township };
  return null;
}

// The app's frame around the sheets goes in print: each certificate fills its own page exactly.
const FRAME_CSS = "@media print { main { max-width: none !important; margin: 0 !important; padding: 0 !important; } }";

/** Certificates for printing, one per sheet: ?certificate=, ?election= or ?campaign=&township=. */
export default async function CertificatePrintPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requirePermission("certificate.view");
  const which = selection(await searchParams);
  if (!which) notFound();
  // A single certificate is shown even when revoked (marked 已作废); a village or township prints valid ones.
  const print = await getCertificatesForPrint(actor, which, { includeRevoked: "certificateId" in which });
  if (!print) notFound();
  const { layout, certificates } = print;
  const back =
    "electionId" in which
      ? `/certificates/election/${which.electionId}`
      : certificates[0] && "certificateId" in which
        ? `/certificates/election/${certificates[0].electionId}`
        : "/certificates";
  return (
    <div>
      <InlineStyle
        css={`
          ${certificatePrintCss(layout.paper)}\n${FRAME_CSS}
        `}
      />
      <div className="no-print mb-4 flex flex-wrap items-center gap-3">
        <p className="text-sm text-slate-600" data-testid="print-count">
          共 {certificates.length} 张，纸张 {layout.paper}。打印时请选择该纸张、边距“无”、不缩放。
        </p>
        <div className="ml-auto flex gap-2">
          <Link className="btn-secondary" href={back}>
            返回
          </Link>
          {certificates.length > 0 && <PrintButton />}
        </div>
      </div>
      {certificates.length === 0 && <p className="card text-sm text-slate-600">没有可打印的有效证书。</p>}
      {certificates.map((c) => (
        <CertificateView key={c.id} layout={layout} cert={c} />
      ))}
    </div>
  );
}
