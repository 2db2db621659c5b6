import Link from "next/link";
import { z } from "zod";
import { ActionForm, Field } from "@/components/action-form";
import { SecondFactorField } from "@/components/second-factor-field";
import { ownSecondFactorStatus } from "@/lib/server/auth/second-factor";
import { requirePermission } from "@/lib/server/auth/actor";
import { getRecordsBoard, listRecordCampaigns, type RecordStage } from "@/lib/server/records/certification";
import { certifyAction } from "./actions";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "认定与归档" };

const STAGE: Record<RecordStage, { label: string; style: string }> = {
  counting: { label: "计票中 / 待乡镇确认", style: "bg-slate-100" },
  confirmed: { label: "乡镇已确认，待认定", style: "bg-blue-100 text-blue-800" },
  certified: { label: "已认定", style: "bg-green-100 text-green-800" },
  sealed: { label: "已封存归档", style: "bg-slate-800 text-white" },
};

type Search = { campaign?: string; township?: string };

/** The county's records board: certify confirmed results (singly or a township at a time), then seal. */
export default async function RecordsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requirePermission("certificate.view");
  const need = await ownSecondFactorStatus(actor);
  const sp = await searchParams;
  const campaigns = await listRecordCampaigns(actor);
  const campaignId = z.uuid().safeParse(sp.campaign).success ? sp.campaign! : campaigns[0]?.id;
  const board = campaignId ? await getRecordsBoard(actor, campaignId) : null;
  if (!board) {
    return (
      <div className="space-y-3">
        <h1>结果认定与归档</h1>
        <p className="text-sm text-slate-600">本县还没有换届选举。</p>
      </div>
    );
  }
  const township = board.townships.find((t) => t.id === sp.township) ?? null;
  const rows = township ? board.rows.filter((r) => r.township?.id === township.id) : board.rows;
  const eligible = rows.filter((r) => r.stage === "confirmed" && !r.confirmedByMe);
  const base = `/records?campaign=${board.campaign.id}`;
  const table = (
    <table data-testid="records-board">
      <thead>
        <tr>
          <th></th>
          <th>乡镇(街道)</th>
          <th>村(社区)</th>
          <th>状态</th>
          <th>当选人数</th>
          <th>有效证书</th>
          <th className="no-print"></th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td>
              {board.canCertify &&
                r.stage === "confirmed" &&
                (r.confirmedByMe ? (
                  <span className="text-xs text-slate-500" title="该结果由您本人确认，须由另一位管理员认定">
                    本人确认
                  </span>
                ) : (
                  <input type="checkbox" name="electionIds" value={r.id} defaultChecked aria-label={`认定${r.unit.name}`} />
                ))}
            </td>
            <td>{r.township?.name}</td>
            <td>{r.unit.name}</td>
            <td>
              <span className={`rounded px-2 py-0.5 text-xs ${STAGE[r.stage].style}`}>{STAGE[r.stage].label}</span>
            </td>
            <td>{r.members || "—"}</td>
            <td>{r.certificates || "—"}</td>
            <td className="no-print space-x-3 whitespace-nowrap">
              <Link className="link" href={`/records/${r.id}`}>
                认定与档案
              </Link>
              <Link className="link" href={`/elections/${r.id}/result`}>
                选举结果
              </Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1>
          结果认定与归档 <span className="text-base font-normal text-slate-500">{board.campaign.name}</span>
        </h1>
        <div className="no-print ml-auto flex flex-wrap gap-2">
          {campaigns.length > 1 &&
            campaigns.map((c) => (
              <Link key={c.id} className="btn-secondary" href={`/records?campaign=${c.id}`}>
                {c.name}
              </Link>
            ))}
          <Link className="btn-secondary" href="/records/verify">
            校验档案包
          </Link>
        </div>
      </div>
      <nav className="flex flex-wrap gap-2 text-sm" aria-label="乡镇">
        <Link className={township ? "link" : "font-semibold"} href={base}>
          全部乡镇(街道)
        </Link>
        {board.townships.map((t) => (
          <Link key={t.id} className={township?.id === t.id ? "font-semibold" : "link"} href={`${base}&township=${t.id}`}>
            {t.name}
          </Link>
        ))}
      </nav>
      <p className="text-sm text-slate-600">
        认定是关键操作：只能由县换届办管理员进行，确认该结果的人不能认定，并须再次输入密码。认定后颁发当选证书（本县本届统一连续编号）；认定后可封存归档，封存后任何人都不能再修改。
      </p>

      {board.canCertify && eligible.length > 0 ? (
        <ActionForm action={certifyAction} submitLabel="认定所选村(社区)的选举结果" confirm="认定后将颁发当选证书。确定吗？">
          <input type="hidden" name="campaignId" value={board.campaign.id} />
          <input type="hidden" name="unitId" value={township?.id ?? actor.unitId} />
          {table}
          <Field name="password" label="再次输入您的登录密码以确认是本人操作">
            <input id="f-password" name="password" type="password" autoComplete="current-password" required className="w-64" />
          </Field>
          <SecondFactorField need={need} />
        </ActionForm>
      ) : (
        table
      )}
      {township && board.canDownload && (
        <p className="no-print text-sm">
          <a className="link" href={`/records/township/${township.id}/archive?campaign=${board.campaign.id}`}>
            下载{township.name}已封存村(社区)的档案包（ZIP）
          </a>
        </p>
      )}
    </div>
  );
}
