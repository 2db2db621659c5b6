"use client";
// Fast typing of many rows (the voter roll's add form): Enter moves to the next field and submits from
// the last one; an 18-digit ID number fills in the birth date and gender it encodes.
import { useRef } from "react";

const FIELDS = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])";

export function KeyboardEntry({ children, className = "" }: { children: React.ReactNode; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  return (
    <div
      ref={ref}
      className={className}
      onKeyDown={(e) => {
        const el = e.target as HTMLElement;
        if (e.key !== "Enter" || e.nativeEvent.isComposing || el instanceof HTMLTextAreaElement || el instanceof HTMLButtonElement) return;
        if ((el as HTMLInputElement).type === "checkbox") return;
        const form = el.closest("form");
        const fields = [...(ref.current?.querySelectorAll<HTMLElement>(FIELDS) ?? [])].filter((f) => f.offsetParent !== null);
        const i = fields.indexOf(el);
        if (i < 0) return;
        e.preventDefault();
        if (i === fields.length - 1) form?.requestSubmit();
        else fields[i + 1]!.focus();
      }}
      onInput={(e) => {
        const el = e.target as HTMLInputElement;
        if (el.dataset.idNumber === undefined) return;
        const id = el.value.trim().toUpperCase();
        if (!/^\d{17}[\dX]$/.test(id)) return;
        const form = el.closest("form");
        const birth = form?.querySelector<HTMLInputElement>("input[data-birth-date]");
        const gender = form?.querySelector<HTMLSelectElement>("select[data-gender]");
        if (birth) birth.value = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
        if (gender) gender.value = Number(id[16]) % 2 === 1 ? "MALE" : "FEMALE";
      }}
    >
      {children}
    </div>
  );
}
