"use server";
// The import upload: reads the File from the form and hands its bytes to the importCandidates action.
import { revalidatePath } from "next/cache";
import type { ImportState } from "@/components/candidate-import-form";
import { NO_FILE_CHOSEN, sizeText } from "@/lib/domain/spreadsheet-import";
import { executeAction } from "@/lib/server/action";
import { getActor } from "@/lib/server/auth/actor";
import { importCandidates, MAX_IMPORT_BYTES } from "@/lib/server/nomination/excel";

export async function importCandidatesAction(_prev: ImportState, fd: FormData): Promise<ImportState> {
  const file = fd.get("file");
  // No file chosen arrives as a File named "" of 0 bytes; a chosen empty file goes on and is said to have no data.
  if (!(file instanceof File) || (file.size === 0 && file.name === "")) return { ok: false, error: NO_FILE_CHOSEN, details: [] };
  if (file.size > MAX_IMPORT_BYTES) return { ok: false, error: `文件不能超过 ${sizeText(MAX_IMPORT_BYTES)}，请分成几个文件导入`, details: [] };
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
