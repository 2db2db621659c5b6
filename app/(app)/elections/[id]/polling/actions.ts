"use server";
// Thin server actions for the polling setup page (投票设置).
import { performFormAction, type FormResult } from "@/lib/server/form-action";
import {
  addProxy,
  addStaff,
  deleteBox,
  deleteProxy,
  deleteStaff,
  deleteStation,
  saveBox,
  saveStation,
  setDoubleEntry,
} from "@/lib/server/election-day/polling";

const e = "/elections";

export async function saveStationAction(_: FormResult | null, fd: FormData) {
  return performFormAction(saveStation, fd, { message: "已保存投票站", revalidate: e });
}
export async function deleteStationAction(_: FormResult | null, fd: FormData) {
  return performFormAction(deleteStation, fd, { message: "已删除", revalidate: e });
}
export async function saveBoxAction(_: FormResult | null, fd: FormData) {
  return performFormAction(saveBox, fd, { message: "已保存票箱", revalidate: e });
}
export async function deleteBoxAction(_: FormResult | null, fd: FormData) {
  return performFormAction(deleteBox, fd, { message: "已删除", revalidate: e });
}
export async function addProxyAction(_: FormResult | null, fd: FormData) {
  return performFormAction(addProxy, fd, { message: "已登记委托投票", revalidate: e });
}
export async function deleteProxyAction(_: FormResult | null, fd: FormData) {
  return performFormAction(deleteProxy, fd, { message: "已删除", revalidate: e });
}
export async function addStaffAction(_: FormResult | null, fd: FormData) {
  return performFormAction(addStaff, fd, { message: "已登记工作人员", revalidate: e });
}
export async function deleteStaffAction(_: FormResult | null, fd: FormData) {
  return performFormAction(deleteStaff, fd, { message: "已删除", revalidate: e });
}
export async function setDoubleEntryAction(_: FormResult | null, fd: FormData) {
  return performFormAction(setDoubleEntry, fd, { message: "已保存录入方式", revalidate: e });
}
