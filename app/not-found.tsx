import Link from "next/link";
import { t } from "@/lib/i18n/zh";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl p-8">
      <div className="card">
        <h1 className="mb-2">{t.common.notFoundTitle}</h1>
        <p className="mb-4 text-sm text-slate-600">{t.common.notFoundText}</p>
        <Link className="link" href="/home">
          返回工作台
        </Link>
      </div>
    </main>
  );
}
