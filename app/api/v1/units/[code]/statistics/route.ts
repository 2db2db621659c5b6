// GET /api/v1/units/{code}/statistics?term=NAME: the statistics JSON for higher-level systems
// (docs/statistics-api.md). Authenticated by the session cookie like the pages and scoped the same way:
// a unit outside the caller's subtree is 404, as is an unknown unit or term.
import { getActor } from "@/lib/server/auth/actor";
import { getStatistics } from "@/lib/server/oversight/statistics";

export const dynamic = "force-dynamic";

const HEADERS = { "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" };

function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: HEADERS });
}

export async function GET(req: Request, { params }: { params: Promise<{ code: string }> }) {
  const actor = await getActor();
  if (!actor) return json({ error: "未登录或登录已失效" }, 401);
  const { code } = await params;
  // `term` is the parameter's name; `campaign`, its first name, is still accepted (docs/statistics-api.md).
  const q = new URL(req.url).searchParams;
  const term = (q.get("term") ?? q.get("campaign"))?.trim() ?? "";
  if (!term) return json({ error: "缺少参数 term（届别名称）" }, 400);
  if (term.length > 100) return json({ error: "参数 term 最多 100 个字" }, 400);
  if (!/^\d{12}$/.test(code)) return json({ error: "未找到该单位或届别" }, 404);
  const stats = await getStatistics(actor, { unitCode: code, termName: term });
  if (!stats) return json({ error: "未找到该单位或届别" }, 404);
  return json(stats);
}
