"use server";
// Thin server actions for the nomination pages.
import { performFormAction, type FormResult } from "@/lib/server/form-action";
import { createCampaign, updateCampaign } from "@/lib/server/nomination/campaigns";
import { createKinship, deleteCandidate, deleteKinship, returnList, saveCandidate, submitList } from "@/lib/server/nomination/candidates";
import { saveElection } from "@/lib/server/nomination/elections";
import { t } from "@/lib/i18n/zh";

const c = "/campaigns";
const e = "/elections";

export async function createCampaignAction(_: FormResult | null, fd: FormData) {
  return performFormAction(createCampaign, fd, { message: "已开启换届", revalidate: c });
}
export async function updateCampaignAction(_: FormResult | null, fd: FormData) {
  return performFormAction(updateCampaign, fd, { message: "已保存", revalidate: c });
}
export async function saveElectionAction(_: FormResult | null, fd: FormData) {
  return performFormAction(saveElection, fd, {
    message: "已保存选举设置",
    revalidate: c,
    next: (r) => ({ href: `/elections/${r.id}`, label: t.home.setupNext }),
  });
}
export async function saveCandidateAction(_: FormResult | null, fd: FormData) {
  return performFormAction(saveCandidate, fd, { message: "已保存候选人", revalidate: e });
}
export async function deleteCandidateAction(_: FormResult | null, fd: FormData) {
  return performFormAction(deleteCandidate, fd, { message: "已删除", revalidate: e });
}
export async function createKinshipAction(_: FormResult | null, fd: FormData) {
  return performFormAction(createKinship, fd, { message: "已登记亲属关系", revalidate: e });
}
export async function deleteKinshipAction(_: FormResult | null, fd: FormData) {
  return performFormAction(deleteKinship, fd, { message: "已删除", revalidate: e });
}
export async function submitListAction(_: FormResult | null, fd: FormData) {
  return performFormAction(submitList, fd, { message: "已提交县级联审，名单已锁定", revalidate: e });
}
export async function returnListAction(_: FormResult | null, fd: FormData) {
  return performFormAction(returnList, fd, { message: "已退回乡镇", revalidate: e });
}
