import Link from "next/link";
import { notFound } from "next/navigation";
import { ArchiveVerifyForm } from "@/components/archive-verify-form";
import { requireActor } from "@/lib/server/auth/actor";
import { canVerifyArchives, MAX_VERIFY_BYTES } from "@/lib/server/records/archive-verify";
import { verifyArchiveAction } from "./actions";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "校验档案包" };

/** Checks a downloaded archive package (village or township) against its manifests; changes nothing. */
export default async function VerifyArchivePage() {
  const actor = await requireActor();
  if (!canVerifyArchives(actor)) notFound();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1>校验档案包</h1>
        <Link className="link ml-auto" href="/records">
          返回认定与归档
        </Link>
      </div>
      <section className="card space-y-2 text-sm text-slate-700">
        <p>
          档案包中的 manifest.json 记录了其他每个文件的摘要。上传档案包后，系统逐个文件重新计算摘要并与清单比较，
          列出被改动、缺少或多出的文件；乡镇(街道)档案包还会校验其中每个村(社区)自己的清单。
          每份村(社区)清单的摘要在封存时已固定（档案包清单摘要），系统再与本系统中该选举的封存记录比对：
          连同清单一起改动的文件也能发现。本系统中找不到封存记录（或不在您的管辖范围内）时，会提示未能与封存记录核对，
          请与纸质选举结果报告单上打印的档案包清单摘要比对。校验只读取上传的文件，不保存、不修改任何数据。
        </p>
        <p>
          网页校验的文件最大 {MAX_VERIFY_BYTES / 1024 / 1024} MB。更大的档案包，或在没有网络的电脑上（不需要数据库），请在系统目录中运行：
          <code className="ml-1 rounded bg-slate-100 px-1">npm run --silent archive:verify -- 档案包.zip --expect 档案包清单摘要</code>
        </p>
      </section>
      <section className="card">
        <ArchiveVerifyForm action={verifyArchiveAction} maxBytes={MAX_VERIFY_BYTES} />
      </section>
    </div>
  );
}
