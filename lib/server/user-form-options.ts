import "server-only";
// Options for the user forms: the roles this actor may hand out, units and departments in scope.
import { ASSIGNABLE_ROLES, ROLE_LABEL, ROLE_LEVELS } from "@/lib/domain/permissions";
import type { Actor } from "./auth/sessions";
import { listDepartments } from "./departments";
import { listAssignableUnits } from "./units";

export async function userFormOptions(actor: Actor) {
  const [units, departments] = await Promise.all([listAssignableUnits(actor), listDepartments(actor)]);
  return {
    roles: ASSIGNABLE_ROLES[actor.role].map((r) => ({ value: r, label: ROLE_LABEL[r], levels: ROLE_LEVELS[r] })),
    units,
    departments: departments.filter((d) => d.active).map((d) => ({ id: d.id, name: d.name, countyId: d.county.id })),
  };
}
