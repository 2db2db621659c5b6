"use client";
// Role, unit and department pickers that only offer combinations the server will accept
// (the server checks again: lib/domain/permissions.ts roleAssignmentProblem).
import { useState } from "react";
import { Field } from "./action-form";

export type UnitOption = { id: string; name: string; code: string; level: string; countyId: string | null };
export type DepartmentOption = { id: string; name: string; countyId: string };
export type RoleOption = { value: string; label: string; levels: readonly string[] };

export function UserAssignmentFields({
  roles,
  units,
  departments,
  initial,
}: {
  roles: RoleOption[];
  units: UnitOption[];
  departments: DepartmentOption[];
  initial?: { role: string; unitId: string; departmentId: string | null };
}) {
  const [role, setRole] = useState(initial?.role ?? roles[0]?.value ?? "");
  const levels = roles.find((r) => r.value === role)?.levels ?? [];
  const unitChoices = units.filter((u) => levels.includes(u.level));
  const [unitId, setUnitId] = useState(initial?.unitId ?? "");
  const selectedUnit = unitChoices.find((u) => u.id === unitId) ?? unitChoices[0];
  const deptChoices = departments.filter((d) => d.countyId === selectedUnit?.id);
  return (
    <>
      <Field name="role" label="角色">
        <select id="f-role" name="role" value={role} onChange={(e) => setRole(e.target.value)}>
          {roles.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </Field>
      <Field name="unitId" label="所在单位">
        <select id="f-unitId" name="unitId" value={selectedUnit?.id ?? ""} onChange={(e) => setUnitId(e.target.value)}>
          {unitChoices.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}（{u.code}）
            </option>
          ))}
        </select>
      </Field>
      {role === "VETTING_REVIEWER" ? (
        <Field name="departmentId" label="联审部门">
          <select id="f-departmentId" name="departmentId" defaultValue={initial?.departmentId ?? ""}>
            {deptChoices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </Field>
      ) : (
        <input type="hidden" name="departmentId" value="" />
      )}
    </>
  );
}
