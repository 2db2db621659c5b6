import { redirect } from "next/navigation";
import { getActor } from "@/lib/server/auth/actor";

export const dynamic = "force-dynamic";

export default async function Root() {
  redirect((await getActor()) ? "/home" : "/login");
}
