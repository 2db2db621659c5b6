import "server-only";
// Bridges HTML forms to the action wrapper: FormData in, a small FormResult out.
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { executeAction, type ActionDef } from "./action";
import { getActor } from "./auth/actor";

/** `next` offers the step that follows a successful save as a link. */
export type NextStep = { href: string; label: string };
export type FormResult = { ok: true; message?: string; next?: NextStep } | { ok: false; error: string; fieldErrors?: Record<string, string> };

/** The text fields of a form; checkbox groups arrive as repeated keys and become arrays. */
export function formInput(formData: FormData): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const values = formData.getAll(key).filter((v): v is string => typeof v === "string");
    if (values.length) input[key] = values.length > 1 ? values : values[0];
  }
  return input;
}

/** formInput plus one uploaded file as `file` (bytes) and `fileName`, when one was chosen. */
export async function formInputWithFile(formData: FormData, field: string): Promise<Record<string, unknown>> {
  const input = formInput(formData);
  delete input[field];
  const file = formData.get(field);
  if (file instanceof File && file.size > 0) {
    input.file = new Uint8Array(await file.arrayBuffer());
    input.fileName = file.name;
  }
  return input;
}

export async function performFormAction<S extends z.ZodType, T>(
  def: ActionDef<S, T>,
  formData: FormData | Record<string, unknown>,
  opts: { message: string; revalidate: string; next?: (value: T) => NextStep },
): Promise<FormResult> {
  const input = formData instanceof FormData ? formInput(formData) : formData;
  const result = await executeAction(def, await getActor(), input);
  if (!result.ok) return { ok: false, error: result.error, fieldErrors: result.fieldErrors };
  revalidatePath(opts.revalidate, "layout");
  return { ok: true, message: opts.message, ...(opts.next ? { next: opts.next(result.data) } : {}) };
}
