"use server";
// The import upload: reads the File from the form and hands its bytes to the importCandidates action.
import { revalidatePath } from "next/cache";
import type { ImportState } from "@/components/candidate-import-form";
import { executeAction } from "@/lib/server/action";
import { getActor } from "@/lib/server/auth/actor";
import { importCandidates, MAX_IMPORT_BYTES } from "@/lib/server/nomination/excel";

export async function importCandidatesAction(_prev: ImportState, fd: FormData): Promise<ImportState> {
  const file = fd.get("file");
  if (!(file instanceof File) || file.size === 0) return { ok: false, error: "请选择要导入的 Excel 文件（.xlsx）", details: [] };
  if (file.size > MAX_IMPORT_BYTES) return { ok: false, error: `文件不能超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB，请分成几个文件导入`, details: [] };
  const res = await executeAction(importCandidates, await getActor(), {
    campaignId: fd.get("campaignId"),
    unitId: fd.get("unitId"),
    file: new Uint8Array(await file.arrayBuffer()),
  });
  if (!res.ok) return { ok: false, error: res.error, details: res.details ?? [] };
  revalidatePath("/campaigns", "layout");
  revalidatePath("/elections", "layout");
  return { ok: true, ...res.data };
}
