import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm } from "@/components/action-form";
import { CandidateFields } from "@/components/candidate-fields";
import { POSTS } from "@/lib/domain/people";
import { requirePermission } from "@/lib/server/auth/actor";
import { getCandidateForEdit, getElectionWorkspace } from "@/lib/server/nomination/candidates";
import { saveCandidateAction } from "../../../../campaigns/actions";
import { titleFromParam } from "@/lib/server/page-titles";

export const generateMetadata = titleFromParam("候选人", "candidateId");

export default async function CandidatePage({ params }: { params: Promise<{ id: string; candidateId: string }> }) {
  const actor = await requirePermission("candidate.viewIdNumber");
  const { id, candidateId } = await params;
  if (!z.uuid().safeParse(id).success || !z.uuid().safeParse(candidateId).success) notFound();
  const c = await getCandidateForEdit(actor, id, candidateId);
  const w = c && (await getElectionWorkspace(actor, id));
  if (!c || !w) notFound();
  const { seats } = w;
  const posts = POSTS.filter((p) => seats[p] > 0 || p === c.post);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1>{c.person.name}</h1>
        <Link className="link text-sm" href={`/elections/${id}`}>
          返回{w.unit.name}名单
        </Link>
      </div>
      <p className="text-xs text-slate-500">本页显示完整身份证号码，每次查看均记入审计日志。</p>
      <section className="card">
        {w.editable ? (
          <ActionForm action={saveCandidateAction}>
            <input type="hidden" name="electionId" value={id} />
            <input type="hidden" name="candidateId" value={c.id} />
            <input type="hidden" name="version" value={c.version} />
            <CandidateFields posts={posts} initial={{ ...c.person, ...c }} />
          </ActionForm>
        ) : (
          <p className="text-sm">
            身份证号码：<span className="font-mono">{c.person.idNumber}</span>（名单已提交联审，不能修改）
          </p>
        )}
      </section>
    </div>
  );
}
