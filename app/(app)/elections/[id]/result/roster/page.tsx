import { notFound } from "next/navigation";
import { z } from "zod";
import { CommitteeRoster, ROSTER_CSS } from "@/lib/documents/committee-roster";
import { PrintButton } from "@/components/print-button";
import { requirePermission } from "@/lib/server/auth/actor";
import { getCommitteeRoster } from "@/lib/server/records/certificates";
import { titleFromParam } from "@/lib/server/page-titles";
import { InlineStyle } from "@/components/inline-style";

export const generateMetadata = titleFromParam("成员名册", "id");

/** The printable 新一届村(居)民委员会成员名册, once the township has confirmed the result. */
export default async function CommitteeRosterPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePermission("tally.view");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const r = await getCommitteeRoster(actor, id);
  if (!r) notFound();
  if (!r.confirmed) {
    return (
      <div className="card mx-auto max-w-3xl space-y-2">
        <h1>{r.unitName}成员名册</h1>
        <p className="text-sm text-slate-600">选举结果经乡镇确认后才能打印新一届成员名册。</p>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-4xl">
      <InlineStyle css={ROSTER_CSS} />
      <div className="no-print mb-4 flex justify-end">
        <PrintButton />
      </div>
      <CommitteeRoster unitName={r.unitName} unitKind={r.unitKind} campaignName={r.campaignName} electionDay={r.electionDay} members={r.members} />
    </div>
  );
}
