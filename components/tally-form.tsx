"use client";
// The tally sheet (计票单) entry form, laid out like the printed sheet (components/tally-sheet-paper.tsx):
// ballots first, then each post's section with its candidates and 另选他人 lines. Enter moves to the
// next field; every field must be typed (a blank is not a zero). The sums are shown as the clerk
// types; the server checks them again.
import { startTransition, useActionState, useEffect, useMemo, useRef, useState } from "react";
import { sectionTitle, type Ballot } from "@/lib/domain/ballot";
import { countError, enterTarget, FIELD, firstErrorField, MAX_WRITE_IN_LINES, normalizeCount, printedElsewhereNote, WRITE_IN_LINES } from "@/lib/domain/tally";
import type { FormAction, FormResult } from "./action-form";
import { catchRefusal } from "./action-refusal";

type Props = {
  action: FormAction;
  ballot: Ballot;
  roundId: string;
  boxId: string;
  version: number;
  mode: "enter" | "resolve" | "reenter";
  prefill: Record<string, string>;
  /** Fields that differed between the two typings: highlighted and left blank. */
  disputed?: string[];
  submitLabel: string;
  /** A fresh id from the server for each rendering of the form (see saveTally). */
  requestId: string;
  /** Re-entering an accepted box: the reason is asked first (the counted numbers are set aside). */
  askReason?: boolean;
};

/** A typed count (full-width digits too), or null while it is not one. */
const num = (v: string | undefined) => (v !== undefined && countError(v) === null ? Number(normalizeCount(v)) : null);

export function TallyForm({ action, ballot, roundId, boxId, version, mode, prefill, disputed = [], submitLabel, requestId, askReason = false }: Props) {
  const [state, formAction, pending] = useActionState(
    catchRefusal(action, (error): FormResult => ({ ok: false, error })),
    null,
  );
  const [values, setValues] = useState<Record<string, string>>(prefill);
  const [lines, setLines] = useState<Record<string, number>>(() => {
    const out: Record<string, number> = {};
    for (const s of ballot.sections) {
      let used = 0;
      while (prefill[FIELD.writeIn(s.post, used, "name")] !== undefined) used++;
      // A disputed write-in gets its own blank line after the agreed ones: it must be there to type into.
      const disputedLines = disputed
        .map((f) => new RegExp(`^w\\.${s.post}\\.(\\d+)\\.name$`).exec(f))
        .filter((m) => m !== null)
        .map((m) => Number(m[1]) + 1);
      out[s.post] = Math.max(WRITE_IN_LINES, used + 1, ...disputedLines);
    }
    return out;
  });
  const ref = useRef<HTMLFormElement>(null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const fieldsInOrder = () => [...(ref.current?.querySelectorAll<HTMLElement>("[data-tally]") ?? [])];
  // After a refused save the cursor goes to the first field to correct, in page order.
  useEffect(() => {
    if (!state || state.ok || !state.fieldErrors) return;
    const fields = fieldsInOrder();
    const name = firstErrorField(
      fields.map((f) => f.getAttribute("name") ?? ""),
      state.fieldErrors,
    );
    const target = fields.find((f) => f.getAttribute("name") === name);
    target?.focus();
    if (target instanceof HTMLInputElement) target.select();
  }, [state]);
  const set = (name: string) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setValues((v) => ({ ...v, [name]: e.target.value }));

  const issued = num(values[FIELD.issued]);
  const returned = num(values[FIELD.returned]);
  const invalid = num(values[FIELD.invalid]);
  const valid = returned !== null && invalid !== null ? returned - invalid : null;
  const sums = useMemo(() => {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(values)) {
      const m = /^v\.(\w+)\./.exec(k) ?? /^w\.(\w+)\.\d+\.votes$/.exec(k);
      if (m && num(v) !== null) out[m[1]!] = (out[m[1]!] ?? 0) + num(v)!;
    }
    return out;
  }, [values]);

  const onKeyDown = (e: React.KeyboardEvent<HTMLFormElement>) => {
    const target = e.target as HTMLElement;
    if (e.key !== "Enter" || target.tagName === "BUTTON" || target.tagName === "TEXTAREA") return;
    e.preventDefault();
    const fields = fieldsInOrder();
    const i = fields.indexOf(target);
    if (i < 0) return;
    const next =
      fields[
        enterTarget(
          fields.map((f) => f.getAttribute("name") ?? ""),
          i,
          values,
        )
      ] ?? ref.current?.querySelector<HTMLElement>("button[type=submit]");
    next?.focus();
    if (next instanceof HTMLInputElement) next.select();
  };

  const input = (name: string, label: string, opts: { autoFocus?: boolean; wide?: boolean; note?: string } = {}) => (
    <span className="flex flex-col">
      <input
        name={name}
        aria-label={label}
        data-tally
        autoFocus={opts.autoFocus}
        inputMode={opts.wide ? "text" : "numeric"}
        autoComplete="off"
        aria-invalid={errors[name] ? true : undefined}
        className={`input ${opts.wide ? "w-32" : "w-24 text-right tabular-nums"} ${errors[name] ? "border-red-500 bg-red-50" : disputed.includes(name) ? "border-amber-500 bg-amber-50" : ""}`}
        value={values[name] ?? ""}
        onChange={set(name)}
      />
      {errors[name] ? (
        <span className="text-xs text-red-700">{errors[name]}</span>
      ) : (
        opts.note && (
          <span className="max-w-48 text-xs text-blue-800" data-testid="write-in-note">
            {opts.note}
          </span>
        )
      )}
    </span>
  );

  return (
    // noValidate: the form's own messages name what is wrong (countError), not the browser's generic one.
    <form
      ref={ref}
      method="post"
      noValidate
      className="space-y-4"
      onKeyDown={onKeyDown}
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        startTransition(() => formAction(data));
      }}
    >
      <input type="hidden" name="roundId" value={roundId} />
      <input type="hidden" name="boxId" value={boxId} />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="mode" value={mode} />
      <input type="hidden" name="requestId" value={requestId} />

      {askReason && (
        <label className="flex max-w-2xl flex-col gap-1">
          <span>重新录入的原因（必填，记入审计日志并显示在录入记录中）</span>
          <input
            name="reason"
            data-tally
            autoFocus
            autoComplete="off"
            aria-invalid={errors.reason ? true : undefined}
            className={`input ${errors.reason ? "border-red-500 bg-red-50" : ""}`}
            value={values.reason ?? ""}
            onChange={set("reason")}
          />
          {errors.reason && <span className="text-xs text-red-700">{errors.reason}</span>}
        </label>
      )}
      <table className="tally-table">
        <caption>选票情况</caption>
        <tbody>
          <tr>
            <th>发出选票（张）</th>
            <td>{input(FIELD.issued, "发出选票", { autoFocus: !askReason })}</td>
          </tr>
          <tr>
            <th>收回选票（张）</th>
            <td>{input(FIELD.returned, "收回选票")}</td>
          </tr>
          <tr>
            <th>无效票（张）</th>
            <td>{input(FIELD.invalid, "无效票")}</td>
          </tr>
          <tr>
            <th>有效票（张）= 收回 − 无效</th>
            <td data-testid="valid-ballots" className="tabular-nums">
              {valid === null ? "—" : valid < 0 ? "无效票多于收回选票" : valid}
            </td>
          </tr>
        </tbody>
      </table>
      {issued !== null && returned !== null && returned > issued && (
        <label className="flex items-start gap-2 rounded bg-amber-50 p-2 text-sm text-amber-900">
          <input type="checkbox" name="exceedConfirmed" data-tally />
          <span>
            确认收回多于发出：原件确实如此（收回 {returned} 张，发出 {issued} 张）。本轮选举将判定无效，须重新投票。
          </span>
        </label>
      )}

      {ballot.sections.map((s) => {
        const limit = valid === null || valid < 0 ? null : valid * s.seats;
        const title = sectionTitle(s).replace(/（应选.*$/, "");
        const sum = sums[s.post] ?? 0;
        return (
          <table key={s.post} className="tally-table">
            <caption>{sectionTitle(s)}</caption>
            <thead>
              <tr>
                <th>序号</th>
                <th>姓名</th>
                <th>得票（票）</th>
              </tr>
            </thead>
            <tbody>
              {s.candidates.map((c, i) => (
                <tr key={c.key}>
                  <td>{i + 1}</td>
                  <td>{c.name}</td>
                  <td>{input(FIELD.vote(s.post, c.key), `${title} ${c.name} 得票`)}</td>
                </tr>
              ))}
              {Array.from({ length: lines[s.post] ?? WRITE_IN_LINES }, (_, i) => {
                const g = FIELD.writeIn(s.post, i, "gender");
                const nameField = FIELD.writeIn(s.post, i, "name");
                // A printed person of another column written in here is that person: said, not merged silently.
                const elsewhere = printedElsewhereNote(ballot, s, values[nameField] ?? "");
                const note =
                  elsewhere &&
                  (s.womenOnly && elsewhere.gender === "male"
                    ? `「${(values[nameField] ?? "").trim()}」是${elsewhere.where}候选人（男性），本栏限选女性，不能录入`
                    : `${elsewhere.text}（不必选性别）`);
                return (
                  <tr key={`w${i}`}>
                    <td>另选他人</td>
                    <td className="flex flex-wrap items-start gap-2">
                      {input(nameField, `${title} 另选他人${i + 1} 姓名`, { wide: true, note: note || undefined })}
                      <span className="flex flex-col">
                        <select
                          name={g}
                          aria-label={`${title} 另选他人${i + 1} 性别`}
                          data-tally
                          className={`input w-20 ${errors[g] ? "border-red-500" : disputed.includes(g) ? "border-amber-500 bg-amber-50" : ""}`}
                          value={values[g] ?? ""}
                          onChange={set(g)}
                        >
                          <option value="">性别</option>
                          {!s.womenOnly && <option value="male">男</option>}
                          <option value="female">女</option>
                        </select>
                        {errors[g] && <span className="text-xs text-red-700">{errors[g]}</span>}
                      </span>
                    </td>
                    <td>{input(FIELD.writeIn(s.post, i, "votes"), `${title} 另选他人${i + 1} 得票`)}</td>
                  </tr>
                );
              })}
              <tr>
                <th colSpan={2}>
                  本栏合计
                  {(lines[s.post] ?? 0) < MAX_WRITE_IN_LINES && (
                    <button
                      type="button"
                      className="no-print ml-3 text-sm font-normal text-blue-700 underline"
                      onClick={() => setLines((l) => ({ ...l, [s.post]: (l[s.post] ?? WRITE_IN_LINES) + 1 }))}
                    >
                      增加一行另选他人
                    </button>
                  )}
                </th>
                <td className={`tabular-nums ${limit !== null && sum > limit ? "font-bold text-red-700" : ""}`}>
                  {sum}
                  {limit !== null && <span className="text-xs text-slate-500"> / 上限 {limit}</span>}
                  {errors[FIELD.section(s.post)] && <div className="text-xs text-red-700">{errors[FIELD.section(s.post)]}</div>}
                </td>
              </tr>
            </tbody>
          </table>
        );
      })}
      <p className="text-xs text-slate-500">每栏得票合计不得超过 有效票 × 应选名额；每人得票不得超过有效票。没有得票的也要填 0。</p>
      <div className="flex items-center gap-3">
        <button type="submit" className="btn" disabled={pending}>
          {pending ? "保存中…" : submitLabel}
        </button>
        {state?.ok && (
          <span role="status" className="text-sm text-green-700">
            {state.message}
          </span>
        )}
      </div>
      {state && !state.ok && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error}
        </p>
      )}
    </form>
  );
}
