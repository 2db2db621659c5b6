"use server";
// The voter import upload: reads the File from the form and hands its bytes to the importVoters action.
import { revalidatePath } from "next/cache";
import type { VoterImportState } from "@/components/voter-import-form";
import { chosenTableFileProblem, VOTER_UPLOAD_MAX_BYTES, VOTER_UPLOAD_TOO_BIG } from "@/lib/domain/spreadsheet-import";
import { executeAction } from "@/lib/server/action";
import { getActor } from "@/lib/server/auth/actor";
import { importVoters } from "@/lib/server/voters/import";

export async function importVotersAction(_prev: VoterImportState, fd: FormData): Promise<VoterImportState> {
  const file = fd.get("file");
  const problem = chosenTableFileProblem(file instanceof File ? file : null, VOTER_UPLOAD_MAX_BYTES, VOTER_UPLOAD_TOO_BIG);
  if (problem || !(file instanceof File)) return { ok: false, error: problem ?? "请先选择文件", details: [] };
  const res = await executeAction(importVoters, await getActor(), {
    campaignId: fd.get("campaignId"),
    unitId: fd.get("unitId"),
    file: new Uint8Array(await file.arrayBuffer()),
    fileName: file.name,
  });
  if (!res.ok) return { ok: false, error: res.error, details: res.details ?? [] };
  revalidatePath("/voters", "layout");
  return { ok: true, ...res.data };
}
