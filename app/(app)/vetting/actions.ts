"use server";
// Thin server actions for joint vetting.
import { formInputWithFile, performFormAction, type FormResult } from "@/lib/server/form-action";
import { completeElection, decide, decideBatch } from "@/lib/server/vetting/decisions";
import { createCondition, loadDefaultNegativeList, setConditionRetired, updateCondition } from "@/lib/server/vetting/negative-list";
import { bulkNoObjection, recordOpinion } from "@/lib/server/vetting/opinions";
import { openVettingRound } from "@/lib/server/vetting/rounds";

const v = "/vetting";

export async function loadDefaultsAction(_: FormResult | null, fd: FormData) {
  return performFormAction(loadDefaultNegativeList, fd, { message: "已载入“十不选”默认清单", revalidate: v });
}
export async function createConditionAction(_: FormResult | null, fd: FormData) {
  return performFormAction(createCondition, fd, { message: "已新增条件", revalidate: v });
}
export async function updateConditionAction(_: FormResult | null, fd: FormData) {
  return performFormAction(updateCondition, fd, { message: "已保存", revalidate: v });
}
export async function setConditionRetiredAction(_: FormResult | null, fd: FormData) {
  return performFormAction(setConditionRetired, fd, { message: "已更新", revalidate: v });
}
export async function openRoundAction(_: FormResult | null, fd: FormData) {
  return performFormAction(openVettingRound, fd, { message: "已开启联审轮次，各部门已可同时审查", revalidate: v });
}
export async function recordOpinionAction(_: FormResult | null, fd: FormData) {
  return performFormAction(recordOpinion, await formInputWithFile(fd, "evidenceFile"), { message: "已出具意见", revalidate: v });
}
export async function bulkNoObjectionAction(_: FormResult | null, fd: FormData) {
  return performFormAction(bulkNoObjection, fd, { message: "已批量出具“无异议”", revalidate: v });
}
export async function decideAction(_: FormResult | null, fd: FormData) {
  return performFormAction(decide, fd, { message: "已作出决定", revalidate: v });
}
export async function approveEligibleAction(_: FormResult | null, fd: FormData) {
  return performFormAction(decideBatch, fd, { message: "已通过符合条件的候选人", revalidate: v });
}
export async function completeElectionAction(_: FormResult | null, fd: FormData) {
  return performFormAction(completeElection, fd, { message: "已完成该村(社区)联审", revalidate: v });
}
