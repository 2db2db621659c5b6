// The rules page form: one input per rule leaf; a blank input inherits, a filled one overrides.
import { WOMEN_SEAT_LABEL } from "./nomination-rules";
import { RULE_KEYS, type RuleKey, type RuleValues } from "./rule-pack";

export type RuleInputKind = "range" | "int" | "percent" | "bool" | "womenSeat";

export function ruleInputKind(key: RuleKey): RuleInputKind {
  if (key.startsWith("margins.") || key.startsWith("committeeSize.")) return "range";
  if (key === "dissatisfactionBar") return "percent";
  if (key === "sumVotesAcrossPosts") return "bool";
  if (key === "womenSeat") return "womenSeat";
  return "int";
}

export function ruleValueAt(values: RuleValues, key: RuleKey): unknown {
  return key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], values);
}

function setAt(target: Record<string, unknown>, key: string, value: unknown) {
  const parts = key.split(".");
  let o = target;
  for (const p of parts.slice(0, -1)) o = (o[p] ??= {}) as Record<string, unknown>;
  o[parts[parts.length - 1]!] = value;
}

const num = (s: string) => (/^-?\d+(\.\d+)?$/.test(s.trim()) ? Number(s) : s);

/**
 * Builds the overrides object from the form's fields (`<key>`, or `<key>.min` / `<key>.max` for
 * ranges). Values that do not parse are passed on as strings so the zod schema names them.
 */
export function overridesFromForm(fields: Record<string, string | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of RULE_KEYS) {
    const kind = ruleInputKind(key);
    if (kind === "range") {
      const min = fields[`${key}.min`]?.trim() ?? "";
      const max = fields[`${key}.max`]?.trim() ?? "";
      if (min === "" && max === "") continue;
      // One side left blank keeps the inherited value for that side.
      setAt(out, key, { ...(min === "" ? {} : { min: num(min) }), ...(max === "" ? {} : { max: num(max) }) });
      continue;
    }
    const raw = fields[key]?.trim() ?? "";
    if (raw === "") continue;
    if (kind === "bool") setAt(out, key, raw === "true");
    else if (kind === "percent") setAt(out, key, typeof num(raw) === "number" ? Number(raw) / 100 : raw);
    else if (kind === "womenSeat") setAt(out, key, raw);
    else setAt(out, key, num(raw));
  }
  return out;
}

export function formatRuleValue(key: RuleKey, value: unknown): string {
  const kind = ruleInputKind(key);
  if (kind === "range") {
    const r = value as { min: number; max: number };
    return r.min === r.max ? String(r.min) : `${r.min}–${r.max}`;
  }
  if (kind === "percent") return `${Math.round((value as number) * 1000) / 10}%`;
  if (kind === "bool") return value ? "累加" : "不累加";
  if (kind === "womenSeat") return WOMEN_SEAT_LABEL[value as RuleValues["womenSeat"]] ?? String(value);
  return String(value);
}
