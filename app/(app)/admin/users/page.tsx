import Link from "next/link";
import { ActionForm, Field } from "@/components/action-form";
import { SecondFactorField } from "@/components/second-factor-field";
import { ownSecondFactorStatus } from "@/lib/server/auth/second-factor";
import { UserAssignmentFields } from "@/components/user-assignment-fields";
import { ROLE_LABEL, ROLES } from "@/lib/domain/permissions";
import { t } from "@/lib/i18n/zh";
import { requirePermission } from "@/lib/server/auth/actor";
import { userFormOptions } from "@/lib/server/user-form-options";
import { getSecondFactorPolicy, listUsers } from "@/lib/server/users";
import { AccountImportForm } from "@/components/account-import-form";
import { MAX_ACCOUNT_ROWS } from "@/lib/domain/account-import";
import { MAX_ACCOUNT_BYTES } from "@/lib/server/account-import";
import { createUserAction, disableUsersAction, importUsersAction, saveSecondFactorPolicyAction } from "../actions";
import type { Metadata } from "next";
import { PASSWORD_RULE_TEXT } from "@/lib/domain/password-policy";

export const metadata: Metadata = { title: "用户管理" };

export default async function UsersPage() {
  const actor = await requirePermission("user.manage");
  const [users, options, need, policy] = await Promise.all([
    listUsers(actor),
    userFormOptions(actor),
    ownSecondFactorStatus(actor),
    actor.unitLevel === "COUNTY" && actor.countyId ? getSecondFactorPolicy(actor, actor.countyId) : null,
  ]);
  const now = new Date();
  return (
    <div className="space-y-4">
      <div className="flex items-center gap-3">
        <h1>{t.nav.users}</h1>
        <span className="text-sm text-slate-500">共 {users.length} 个账号</span>
      </div>
      <div className="card overflow-x-auto">
        <table>
          <thead>
            <tr>
              <th className="w-8">
                <span className="sr-only">选择</span>
              </th>
              <th>用户名</th>
              <th>姓名</th>
              <th>角色</th>
              <th>单位 / 部门</th>
              <th>状态</th>
              <th>最近登录</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className={u.disabled ? "text-slate-400" : ""}>
                <td>
                  {!u.disabled && u.id !== actor.userId && (
                    <input type="checkbox" name="users" value={`${u.id}:${u.version}`} form="disable-users" aria-label={`选择 ${u.username}`} />
                  )}
                </td>
                <td>
                  <Link className="link font-mono" href={`/admin/users/${u.id}`}>
                    {u.username}
                  </Link>
                </td>
                <td>{u.displayName}</td>
                <td>{ROLE_LABEL[u.role]}</td>
                <td>
                  {u.unit.name}
                  {u.department ? ` / ${u.department.name}` : ""}
                </td>
                <td>{u.disabled ? "已停用" : u.lockedUntil && u.lockedUntil > now ? "已锁定" : "正常"}</td>
                <td className="text-slate-500">{u.lastLoginAt ? u.lastLoginAt.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai" }) : "从未登录"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="card">
        <h2 className="mb-2">批量停用</h2>
        <p className="mb-2 text-sm text-slate-600">
          在上表中勾选要停用的账号（不能选自己），一步停用；被停用的用户立即退出登录。勾选后如有他人修改了其中的账号，整步不执行，请刷新后重新勾选。
        </p>
        <ActionForm action={disableUsersAction} id="disable-users" submitLabel="停用所选账号" confirm="确定停用所勾选的账号？这些用户将立即退出登录。" inline>
          <SecondFactorField need={need} id="f-otp-disable" />
        </ActionForm>
      </section>
      <section className="card" id="import">
        <h2 className="mb-2">批量导入账号</h2>
        <ol className="mb-3 list-decimal space-y-1 pl-5 text-sm text-slate-700">
          <li>
            下载{" "}
            <a className="link" href="/admin/account-template">
              账号导入模板（.xlsx）
            </a>
            ，在「账号」工作表中每行填写一个账号：用户名、姓名、角色、单位代码、部门（只有联审部门审核员填写）、手机号（选填）。模板里有本单位及下级单位的代码表。
          </li>
          <li>
            上传填好的文件（一次最多 {MAX_ACCOUNT_ROWS} 个账号）。<b>只要有一处问题，整个文件都不会导入</b>，系统列出每个问题所在的行和列。
          </li>
          <li>
            导入成功后，每个账号的一次性初始密码<b>只在本页显示一次</b>：请立即按乡镇打印发放单交给本人。用户首次登录后须修改密码。
          </li>
        </ol>
        <AccountImportForm action={importUsersAction} maxBytes={MAX_ACCOUNT_BYTES} maxRows={MAX_ACCOUNT_ROWS} need={need} issuer={actor.unitName} />
      </section>
      <section className="card">
        <h2 className="mb-2">新建用户</h2>
        <ActionForm action={createUserAction} submitLabel="创建用户" resetOnSuccess className="max-w-3xl">
          <div className="grid gap-3 sm:grid-cols-3">
            <Field name="username" label="用户名" hint="小写字母、数字、下划线">
              <input id="f-username" name="username" required autoComplete="off" />
            </Field>
            <Field name="displayName" label="姓名">
              <input id="f-displayName" name="displayName" required />
            </Field>
            <Field name="password" label="初始密码" hint={`${PASSWORD_RULE_TEXT}。用户首次登录后须改成自己的密码`}>
              <input id="f-password" name="password" type="password" required autoComplete="new-password" />
            </Field>
            <UserAssignmentFields roles={options.roles} units={options.units} departments={options.departments} />
          </div>
          <SecondFactorField need={need} />
        </ActionForm>
      </section>
      {policy && (
        <section className="card" id="second-factor-policy">
          <h2 className="mb-1">第二因素要求（{policy.county.name}）</h2>
          <p className="mb-2 text-sm text-slate-600">
            勾选的角色进行关键操作（认定结果、撤销认定、封存、用户管理、规则包）时，除密码外还须输入验证器的动态口令；未绑定验证器的用户须先在“我的账号”中绑定。系统统一要求的角色不能在这里取消。
          </p>
          <ActionForm action={saveSecondFactorPolicyAction} submitLabel="保存第二因素要求">
            <input type="hidden" name="countyId" value={policy.county.id} />
            <input type="hidden" name="version" value={policy.version} />
            <fieldset className="flex flex-wrap gap-4">
              <legend className="sr-only">须使用第二因素的角色</legend>
              {ROLES.map((r) => {
                const fixed = policy.deploymentRoles.includes(r);
                return (
                  <label key={r} className="inline-flex items-center gap-1">
                    <input type="checkbox" name="roles" value={r} defaultChecked={fixed || policy.roles.includes(r)} disabled={fixed} />
                    {ROLE_LABEL[r]}
                    {fixed && <span className="text-xs text-slate-500">（系统统一要求）</span>}
                  </label>
                );
              })}
            </fieldset>
            <SecondFactorField need={need} id="f-otp-policy" />
          </ActionForm>
        </section>
      )}
    </div>
  );
}
