import { notFound } from "next/navigation";
import { z } from "zod";
import { PrintButton } from "@/components/print-button";
import { ResultAnnouncement } from "@/lib/documents/result-announcement";
import { requirePermission } from "@/lib/server/auth/actor";
import { getElectionResult } from "@/lib/server/election-day/results";
import { titleFromParam } from "@/lib/server/page-titles";

export const generateMetadata = titleFromParam("选举结果公告", "id");

/** The printable on-the-spot result announcement. */
export default async function ResultAnnouncementPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePermission("tally.view");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const r = await getElectionResult(actor, id);
  if (!r) notFound();
  return (
    <div className="mx-auto max-w-3xl">
      <div className="no-print mb-4 flex justify-end">
        <PrintButton />
      </div>
      <ResultAnnouncement r={r} />
    </div>
  );
}
