import "server-only";
// The workflow state machines of lib/domain/workflow.ts as refusals the action wrapper answers with.
import { listStepRefusal, resultRefusal, resultStage, type ListStatus, type ListStep, type ResultDates, type ResultStep } from "@/lib/domain/workflow";
import { ExpectedError } from "./errors";

/** Refuses (invalid) a list step the list's status does not allow. */
export function assertListStep(step: ListStep, status: ListStatus): void {
  const refused = listStepRefusal(step, status);
  if (refused) throw new ExpectedError("invalid", refused);
}

/** Refuses a result step the election's stage does not allow: stale when someone else moved it on, invalid otherwise. */
export function assertResultStep(step: ResultStep, e: ResultDates): void {
  const refused = resultRefusal(step, resultStage(e));
  if (refused) throw new ExpectedError(refused.kind, refused.message);
}
