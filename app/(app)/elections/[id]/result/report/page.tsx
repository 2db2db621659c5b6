import { notFound } from "next/navigation";
import { z } from "zod";
import { PrintButton } from "@/components/print-button";
import { ResultReport } from "@/lib/documents/result-report";
import { requirePermission } from "@/lib/server/auth/actor";
import { getElectionResult } from "@/lib/server/election-day/results";
import { titleFromParam } from "@/lib/server/page-titles";

export const generateMetadata = titleFromParam("选举结果报告单", "id");

/** The printable 选举结果报告单; once archived it also shows the audit chain's head at sealing. */
export default async function ResultReportPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePermission("tally.view");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const r = await getElectionResult(actor, id);
  if (!r) notFound();
  return (
    <div className="mx-auto max-w-4xl">
      <div className="no-print mb-4 flex justify-end">
        <PrintButton />
      </div>
      <ResultReport r={r} seal={r.seal} />
    </div>
  );
}
