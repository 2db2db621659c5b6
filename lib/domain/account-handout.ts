// The hand-out sheets of an account import (lib/domain/account-import.ts): the new accounts grouped by
// township. Kept apart from the import's checks so the page's client component loads only this.
import type { Role } from "./permissions";

/** One new account as the import answers it: shown once, never stored in plain text. */
export type IssuedAccount = {
  username: string;
  displayName: string;
  role: Role;
  unitName: string;
  unitCode: string;
  /** The township (乡镇/街道) the unit lies in, or "" for a county-level (or higher) unit. */
  township: string;
  password: string;
};

export const COUNTY_LEVEL_GROUP = "县级单位";

/** The accounts grouped by township for the printed sheets, county-level accounts first, each group by unit code then username. */
export function groupByTownship(accounts: readonly IssuedAccount[]): { township: string; accounts: IssuedAccount[] }[] {
  const groups = new Map<string, IssuedAccount[]>();
  const sorted = [...accounts].sort(
    (a, b) => (a.township === "" ? 0 : 1) - (b.township === "" ? 0 : 1) || a.unitCode.localeCompare(b.unitCode) || a.username.localeCompare(b.username),
  );
  for (const a of sorted) {
    const key = a.township || COUNTY_LEVEL_GROUP;
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  return [...groups.entries()].map(([township, list]) => ({ township, accounts: list }));
}
