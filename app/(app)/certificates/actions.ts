"use server";
// Thin server actions for the certificate pages: the county's layout and the second-script names.
import { performFormAction, type FormResult } from "@/lib/server/form-action";
import { saveCertificateLayout, saveCertificateName } from "@/lib/server/records/certificates";

export async function saveLayoutAction(_: FormResult | null, fd: FormData) {
  return performFormAction(saveCertificateLayout, fd, { message: "已保存证书版式，下方预览已更新", revalidate: "/certificates" });
}
export async function saveNameAction(_: FormResult | null, fd: FormData) {
  return performFormAction(saveCertificateName, fd, { message: "已保存", revalidate: "/certificates" });
}
