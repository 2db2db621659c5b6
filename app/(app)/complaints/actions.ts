"use server";
// Thin server actions for the complaints ledger (信访举报台账).
import { answerComplaint, assignComplaint, closeComplaint, receiveComplaint } from "@/lib/server/complaints";
import { performFormAction, type FormResult } from "@/lib/server/form-action";

const ledger = "/complaints";

export async function receiveComplaintAction(_: FormResult | null, fd: FormData) {
  return performFormAction(receiveComplaint, fd, {
    message: "已受理并登记",
    revalidate: ledger,
    next: (c) => ({ href: `/complaints/${c.id}`, label: `打开 ${c.number} 交办` }),
  });
}
export async function assignComplaintAction(_: FormResult | null, fd: FormData) {
  return performFormAction(assignComplaint, fd, { message: "已交办", revalidate: ledger });
}
export async function answerComplaintAction(_: FormResult | null, fd: FormData) {
  return performFormAction(answerComplaint, fd, { message: "已答复", revalidate: ledger });
}
export async function closeComplaintAction(_: FormResult | null, fd: FormData) {
  return performFormAction(closeComplaint, fd, { message: "已办结", revalidate: ledger });
}
