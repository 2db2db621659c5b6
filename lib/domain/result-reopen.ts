// Why a confirmed election result can no longer be reopened by the county: after the county certified it
// (撤销认定 comes first) or sealed it (never). The result page says this instead of offering the form, and
// the reopen action refuses with the same words.

export function reopenRefusal(e: { certified: boolean; sealed: boolean }): string | null {
  if (e.sealed) return "该选举已封存归档，不能重新开放：封存后选举数据（计票单、结果、当选人员）不能再修改";
  if (e.certified) return "该选举结果已经县级认定，不能直接重新开放：须先撤销认定（在「认定与归档」中说明理由），再重新开放";
  return null;
}
