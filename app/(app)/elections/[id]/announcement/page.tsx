import { notFound } from "next/navigation";
import { z } from "zod";
import { PrintButton } from "@/components/print-button";
import { CandidateAnnouncement } from "@/components/candidate-announcement";
import { isDraftAnnouncement } from "@/lib/domain/announcement";
import { todayInChina } from "@/lib/domain/days";
import { requirePermission } from "@/lib/server/auth/actor";
import { getElectionWorkspace } from "@/lib/server/nomination/candidates";
import { titleFromParam } from "@/lib/server/page-titles";

export const generateMetadata = titleFromParam("候选人名单公告", "id");

/** The printable 初步候选人名单 announcement: per post, names in 姓氏笔画 order. */
export default async function AnnouncementPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePermission("candidate.view");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const w = await getElectionWorkspace(actor, id);
  if (!w) notFound();
  // Once the county has published the formal list, this page prints it (正式候选人名单).
  const formal = w.listStatus === "FORMAL";
  const draft = isDraftAnnouncement(w.listStatus, w.problems);
  return (
    <div className="mx-auto max-w-3xl">
      <div className="no-print mb-4 flex items-center justify-end gap-3">
        {draft && <span className="text-sm text-red-700">名单仍有错误：打印件带“草稿”字样，仅供核对。</span>}
        <PrintButton />
      </div>
      <CandidateAnnouncement
        unitName={w.unit.name}
        community={w.unit.kind === "COMMUNITY"}
        formal={formal}
        draft={draft}
        errors={w.problems.filter((p) => p.severity === "error").length}
        electionDay={w.electionDay}
        today={todayInChina()}
        seats={w.seats}
        candidates={w.candidates}
      />
    </div>
  );
}
