"use server";
// The past-term upload: the county is the signed-in administrator's own; the file's bytes go to importPastTerm.
import { revalidatePath } from "next/cache";
import type { PastTermImportState } from "@/components/past-term-import-form";
import { NO_FILE_CHOSEN, sizeText } from "@/lib/domain/spreadsheet-import";
import { executeAction } from "@/lib/server/action";
import { getActor } from "@/lib/server/auth/actor";
import { importPastTerm, MAX_TERM_BYTES } from "@/lib/server/oversight/past-terms";

export async function importPastTermAction(_prev: PastTermImportState, fd: FormData): Promise<PastTermImportState> {
  const actor = await getActor();
  const file = fd.get("file");
  // No file chosen arrives as a File named "" of 0 bytes; a chosen empty file goes on and is said to have no data.
  if (!(file instanceof File) || (file.size === 0 && file.name === "")) return { ok: false, error: NO_FILE_CHOSEN, details: [] };
  if (file.size > MAX_TERM_BYTES) return { ok: false, error: `文件不能超过 ${sizeText(MAX_TERM_BYTES)}，请按乡镇分成几个文件导入`, details: [] };
  const res = await executeAction(importPastTerm, actor, {
    countyId: actor?.countyId ?? "",
    name: fd.get("name") ?? "",
    file: new Uint8Array(await file.arrayBuffer()),
    fileName: file.name,
  });
  if (!res.ok) return { ok: false, error: res.fieldErrors?.name ?? res.error, details: res.details ?? [] };
  revalidatePath("/past-terms");
  return { ok: true, name: res.data.name, villages: res.data.villages, members: res.data.members };
}
