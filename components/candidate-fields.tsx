"use client";
// The candidate entry fields, laid out for fast typing: Enter moves to the next field (Enter on the
// last one saves), and a valid ID number fills in birth date and gender.
import { useRef } from "react";
import { parseIdNumber } from "@/lib/domain/id-number";
import {
  BACKGROUND_TAG_LABEL,
  BACKGROUND_TAGS,
  CURRENT_POST_LABEL,
  CURRENT_POSTS,
  EDUCATION_LEVELS,
  ETHNICITIES,
  GENDER_LABEL,
  GENDERS,
  NOMINATION_FORM_LABEL,
  NOMINATION_FORMS,
  POLITICAL_LABEL,
  POLITICAL_STATUSES,
  POST_LABEL,
  POSTS,
  type Post,
} from "@/lib/domain/people";
import { Field } from "./action-form";

export type CandidateInitial = {
  name: string;
  gender: string;
  ethnicity: string;
  birthDate: string;
  idNumber: string;
  education: string;
  political: string;
  phone: string | null;
  currentPosts: string[];
  tags: string[];
  dissatisfactionRate: number | null;
  post: string;
  nominationForm: string;
  nominatorCount: number | null;
  nominationVotes: number | null;
  pledgeCampaign: boolean;
  pledgeWork: boolean;
  pledgeResign: boolean;
  pledgeDiscipline: boolean;
};

export function CandidateFields({ initial, posts }: { initial?: CandidateInitial; posts: Post[] }) {
  const wrap = useRef<HTMLDivElement>(null);

  function onIdNumber(value: string) {
    const parsed = parseIdNumber(value);
    if (!parsed.ok || !wrap.current) return;
    const birth = wrap.current.querySelector<HTMLInputElement>("input[name=birthDate]");
    const gender = wrap.current.querySelector<HTMLSelectElement>("select[name=gender]");
    if (birth) birth.value = parsed.birthDate;
    if (gender) gender.value = parsed.gender;
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLDivElement>) {
    const el = e.target as HTMLElement;
    if (e.key !== "Enter" || el.tagName === "TEXTAREA" || el.tagName === "BUTTON" || (el as HTMLInputElement).type === "checkbox") return;
    const fields = [...(wrap.current?.querySelectorAll<HTMLElement>("input:not([type=hidden]):not([type=checkbox]), select") ?? [])];
    const i = fields.indexOf(el);
    if (i >= 0 && i < fields.length - 1) {
      e.preventDefault();
      fields[i + 1]!.focus();
    }
  }

  const v = initial;
  return (
    <div ref={wrap} onKeyDown={onKeyDown} className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-4 lg:grid-cols-6">
        <Field name="name" label="姓名">
          <input id="f-name" name="name" required maxLength={50} defaultValue={v?.name} data-autofocus autoFocus={!v} autoComplete="off" />
        </Field>
        <Field name="idNumber" label="公民身份号码">
          <input
            id="f-idNumber"
            name="idNumber"
            required
            maxLength={18}
            defaultValue={v?.idNumber}
            className="font-mono"
            autoComplete="off"
            onChange={(e) => onIdNumber(e.target.value)}
          />
        </Field>
        <Field name="post" label="参选职位">
          <select id="f-post" name="post" defaultValue={v?.post ?? posts[0]}>
            {POSTS.filter((p) => posts.includes(p)).map((p) => (
              <option key={p} value={p}>
                {POST_LABEL[p]}
              </option>
            ))}
          </select>
        </Field>
        <Field name="gender" label="性别">
          <select id="f-gender" name="gender" defaultValue={v?.gender ?? "MALE"}>
            {GENDERS.map((g) => (
              <option key={g} value={g}>
                {GENDER_LABEL[g]}
              </option>
            ))}
          </select>
        </Field>
        <Field name="birthDate" label="出生日期">
          <input id="f-birthDate" name="birthDate" type="date" required defaultValue={v?.birthDate} />
        </Field>
        <Field name="ethnicity" label="民族">
          <select id="f-ethnicity" name="ethnicity" defaultValue={v?.ethnicity ?? "01"}>
            {ETHNICITIES.map((e) => (
              <option key={e.code} value={e.code}>
                {e.name}
              </option>
            ))}
          </select>
        </Field>
        <Field name="education" label="学历">
          <select id="f-education" name="education" defaultValue={v?.education ?? "60"}>
            {EDUCATION_LEVELS.map((e) => (
              <option key={e.code} value={e.code}>
                {e.name}
              </option>
            ))}
          </select>
        </Field>
        <Field name="political" label="政治面貌">
          <select id="f-political" name="political" defaultValue={v?.political ?? "CPC_MEMBER"}>
            {POLITICAL_STATUSES.map((p) => (
              <option key={p} value={p}>
                {POLITICAL_LABEL[p]}
              </option>
            ))}
          </select>
        </Field>
        <Field name="nominationForm" label="提名方式">
          <select id="f-nominationForm" name="nominationForm" defaultValue={v?.nominationForm ?? "VOTER_JOINT"}>
            {NOMINATION_FORMS.map((f) => (
              <option key={f} value={f}>
                {NOMINATION_FORM_LABEL[f]}
              </option>
            ))}
          </select>
        </Field>
        <Field name="nominatorCount" label="联名人数">
          <input id="f-nominatorCount" name="nominatorCount" inputMode="numeric" defaultValue={v?.nominatorCount ?? ""} />
        </Field>
        <Field name="nominationVotes" label="提名得票">
          <input id="f-nominationVotes" name="nominationVotes" inputMode="numeric" defaultValue={v?.nominationVotes ?? ""} />
        </Field>
        <Field name="dissatisfactionPercent" label="不满意率(%)" hint="原班子成员填写">
          <input
            id="f-dissatisfactionPercent"
            name="dissatisfactionPercent"
            inputMode="decimal"
            defaultValue={v?.dissatisfactionRate == null ? "" : Math.round(v.dissatisfactionRate * 1000) / 10}
          />
        </Field>
        <Field name="phone" label="联系电话">
          <input id="f-phone" name="phone" inputMode="tel" defaultValue={v?.phone ?? ""} />
        </Field>
      </div>
      <div className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
        <fieldset className="flex flex-wrap items-center gap-3">
          <legend className="sr-only">承诺</legend>
          <span className="text-slate-600">已签承诺：</span>
          {(
            [
              ["pledgeCampaign", "竞职承诺"],
              ["pledgeWork", "干事承诺"],
              ["pledgeResign", "辞职承诺"],
              ["pledgeDiscipline", "纪律承诺"],
            ] as const
          ).map(([name, label]) => (
            <label key={name} className="flex items-center gap-1">
              <input type="checkbox" name={name} defaultChecked={v ? v[name] : true} /> {label}
            </label>
          ))}
        </fieldset>
        <fieldset className="flex flex-wrap items-center gap-3">
          <legend className="sr-only">现任职务</legend>
          <span className="text-slate-600">现任职务：</span>
          {CURRENT_POSTS.map((p) => (
            <label key={p} className="flex items-center gap-1">
              <input type="checkbox" name="currentPosts" value={p} defaultChecked={v?.currentPosts.includes(p)} /> {CURRENT_POST_LABEL[p]}
            </label>
          ))}
        </fieldset>
        <fieldset className="flex flex-wrap items-center gap-3">
          <legend className="sr-only">身份标签</legend>
          <span className="text-slate-600">身份：</span>
          {BACKGROUND_TAGS.map((t) => (
            <label key={t} className="flex items-center gap-1">
              <input type="checkbox" name="tags" value={t} defaultChecked={v?.tags.includes(t)} /> {BACKGROUND_TAG_LABEL[t]}
            </label>
          ))}
        </fieldset>
      </div>
    </div>
  );
}
