"use client";
// The own-password form (account.changePassword): current password, the new one twice.
import { ActionForm, Field, type FormAction } from "@/components/action-form";
import { PASSWORD_RULE_TEXT } from "@/lib/domain/password-policy";
import { t } from "@/lib/i18n/zh";

export function ChangePasswordForm({ action }: { action: FormAction }) {
  return (
    <ActionForm action={action} submitLabel={t.account.submit} resetOnSuccess className="max-w-sm">
      <Field name="currentPassword" label={t.account.current}>
        <input id="f-currentPassword" name="currentPassword" type="password" required autoComplete="current-password" data-autofocus />
      </Field>
      <Field name="newPassword" label={t.account.next} hint={PASSWORD_RULE_TEXT}>
        <input id="f-newPassword" name="newPassword" type="password" required autoComplete="new-password" />
      </Field>
      <Field name="confirmPassword" label={t.account.confirm}>
        <input id="f-confirmPassword" name="confirmPassword" type="password" required autoComplete="new-password" />
      </Field>
    </ActionForm>
  );
}
