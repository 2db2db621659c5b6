import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm, Field } from "@/components/action-form";
import { SecondFactorField } from "@/components/second-factor-field";
import { ownSecondFactorStatus } from "@/lib/server/auth/second-factor";
import { UserAssignmentFields } from "@/components/user-assignment-fields";
import { ROLE_LABEL } from "@/lib/domain/permissions";
import { requirePermission } from "@/lib/server/auth/actor";
import { userFormOptions } from "@/lib/server/user-form-options";
import { getUserDetail } from "@/lib/server/users";
import { resetUserPasswordAction, resetUserSecondFactorAction, setUserDisabledAction, updateUserAction } from "../../actions";
import { titleFromParam } from "@/lib/server/page-titles";
import { PASSWORD_RULE_TEXT } from "@/lib/domain/password-policy";

export const generateMetadata = titleFromParam("用户", "id");

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePermission("user.manage");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const [user, options, need] = await Promise.all([getUserDetail(actor, id), userFormOptions(actor), ownSecondFactorStatus(actor)]);
  if (!user) notFound();
  const self = user.id === actor.userId;
  const locked = user.lockedUntil && user.lockedUntil > new Date();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1>
          {user.displayName} <span className="font-mono text-base text-slate-500">{user.username}</span>
        </h1>
        <span className="text-sm text-slate-500">
          {ROLE_LABEL[user.role]} · {user.unit.name} · {user.disabled ? "已停用" : locked ? "已锁定" : "正常"} · 当前会话 {user._count.sessions} 个
        </span>
        <Link className="link text-sm" href="/admin/users">
          返回用户列表
        </Link>
      </div>
      <section className="card">
        <h2 className="mb-2">姓名、角色与单位</h2>
        {self && <p className="mb-2 text-sm text-slate-500">不能修改自己的角色或单位。</p>}
        <ActionForm action={updateUserAction} className="max-w-3xl">
          <input type="hidden" name="id" value={user.id} />
          <input type="hidden" name="version" value={user.version} />
          <div className="grid gap-3 sm:grid-cols-2">
            <Field name="displayName" label="姓名">
              <input id="f-displayName" name="displayName" defaultValue={user.displayName} required />
            </Field>
            <UserAssignmentFields
              roles={options.roles}
              units={options.units}
              departments={options.departments}
              initial={{ role: user.role, unitId: user.unitId, departmentId: user.departmentId }}
            />
          </div>
          <SecondFactorField need={need} id="f-otp-update" />
        </ActionForm>
      </section>
      {!self && (
        <section className="card space-y-4">
          <h2>账号安全</h2>
          <ActionForm
            action={setUserDisabledAction}
            submitLabel={user.disabled ? "启用账号" : "停用账号"}
            confirm={user.disabled ? undefined : `停用后「${user.displayName}」将立即被退出登录，确定停用吗？`}
          >
            <input type="hidden" name="id" value={user.id} />
            <input type="hidden" name="version" value={user.version} />
            <input type="hidden" name="disabled" value={user.disabled ? "false" : "true"} />
            <SecondFactorField need={need} id="f-otp-disable" />
          </ActionForm>
          <ActionForm action={resetUserPasswordAction} submitLabel="重置密码" resetOnSuccess className="max-w-sm">
            <input type="hidden" name="id" value={user.id} />
            <Field name="password" label="新密码" hint={`${PASSWORD_RULE_TEXT}。重置后该用户需重新登录，并须先改成自己的密码`}>
              <input id="f-password" name="password" type="password" required autoComplete="new-password" />
            </Field>
            <SecondFactorField need={need} id="f-otp-reset" />
          </ActionForm>
          {user.totpEnabledAt && (
            <ActionForm action={resetUserSecondFactorAction} submitLabel="清除第二因素" confirm={`清除后「${user.displayName}」须重新绑定验证器。确定吗？`}>
              <p className="text-sm text-slate-600">
                已绑定验证器（{user.totpEnabledAt.toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai" })}
                起）。手机和恢复码都丢失时，可清除后由本人重新绑定。
              </p>
              <input type="hidden" name="id" value={user.id} />
              <input type="hidden" name="version" value={user.version} />
              <SecondFactorField need={need} id="f-otp-clear" />
            </ActionForm>
          )}
        </section>
      )}
    </div>
  );
}
