"use client";
// The one form wrapper for server actions: shows the action's Chinese error, the field errors next to
// their inputs, a success note, and asks for confirmation where a step is consequential.
import Link from "next/link";
import { createContext, startTransition, useActionState, useContext, useEffect, useRef } from "react";
import { t } from "@/lib/i18n/zh";
import { catchRefusal } from "./action-refusal";

export type FormResult =
  { ok: true; message?: string; next?: { href: string; label: string } } | { ok: false; error: string; fieldErrors?: Record<string, string> } | null;
export type FormAction = (prev: FormResult, formData: FormData) => Promise<FormResult>;

const FieldErrors = createContext<Record<string, string>>({});

export function ActionForm({
  action,
  children,
  submitLabel = t.common.save,
  confirm,
  resetOnSuccess = false,
  className = "",
  inline = false,
  id,
}: {
  action: FormAction;
  children?: React.ReactNode;
  submitLabel?: string;
  confirm?: string;
  resetOnSuccess?: boolean;
  className?: string;
  inline?: boolean;
  /** Lets inputs elsewhere on the page (e.g. in other table cells) join this form with form={id}. */
  id?: string;
}) {
  const [state, formAction, pending] = useActionState(
    catchRefusal(action, (error): FormResult => ({ ok: false, error })),
    null,
  );
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok && resetOnSuccess) {
      ref.current?.reset();
      // Ready for the next entry: back to the first field.
      ref.current?.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    }
  }, [state, resetOnSuccess]);
  const fieldErrors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <FieldErrors.Provider value={fieldErrors}>
      <form
        ref={ref}
        id={id}
        method="post"
        className={inline ? `inline-flex flex-wrap items-end gap-2 ${className}` : `space-y-3 ${className}`}
        onSubmit={(e) => {
          // Dispatched by hand rather than through <form action>, which would clear what the user
          // typed even when the server refuses it.
          e.preventDefault();
          if (confirm && !window.confirm(confirm)) return;
          const data = new FormData(e.currentTarget);
          startTransition(() => formAction(data));
        }}
      >
        {children}
        <div className={inline ? "inline-flex items-center gap-2" : "flex items-center gap-3"}>
          <button type="submit" className={inline ? "btn-secondary" : "btn"} disabled={pending}>
            {pending ? t.common.saving : submitLabel}
          </button>
          {state?.ok && (
            <span role="status" className="text-sm text-green-700">
              {state.message ?? t.common.saved}
            </span>
          )}
          {state?.ok && state.next && (
            <Link className="btn-secondary" href={state.next.href} data-testid="next-step">
              {state.next.label}
            </Link>
          )}
        </div>
        {state && !state.ok && (
          <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
            {state.error}
          </p>
        )}
      </form>
    </FieldErrors.Provider>
  );
}

/**
 * A labelled input/select whose error (from the last submit) shows beneath it. The control's id is
 * `f-${name}` unless `id` is given (needed when several forms on one page share a field name).
 */
export function Field({ name, label, children, hint, id }: { name: string; label: string; children: React.ReactElement; hint?: string; id?: string }) {
  const errors = useContext(FieldErrors);
  const error = errors[name];
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id ?? `f-${name}`}>{label}</label>
      {children}
      {hint && !error && <span className="text-xs text-slate-500">{hint}</span>}
      {error && <span className="text-xs text-red-700">{error}</span>}
    </div>
  );
}
