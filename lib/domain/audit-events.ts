// The audit event catalogue (like vxsuite's log_event_details): every event the app can write,
// with its meaning. docs/audit-events.md is generated from this list by a test that keeps them equal.
export const AUDIT_EVENTS = {
  "auth.login.succeeded": "用户登录成功",
  "auth.login.failed": "登录失败（用户名或密码错误）",
  "auth.login.refused": "登录被拒绝（账号已锁定或已停用）",
  "auth.account.locked": "连续 5 次密码错误，账号锁定 15 分钟",
  "auth.logout": "用户退出登录，服务器端会话已结束",
  "auth.session.expired": "会话因长时间无操作而结束（默认 30 分钟）",
  "unit.created": "创建行政单位",
  "unit.updated": "修改行政单位（名称、代码、类型）",
  "unit.activated": "启用行政单位",
  "unit.deactivated": "停用行政单位",
  "department.created": "创建联审部门",
  "department.updated": "修改联审部门",
  "department.activated": "启用联审部门",
  "department.deactivated": "停用联审部门",
  "user.created": "创建用户",
  "user.updated": "修改用户（姓名、角色、单位、部门）",
  "user.enabled": "启用用户",
  "user.disabled": "停用用户，并立即结束其全部会话",
  "user.password.reset": "管理员重置用户密码，并结束其全部会话",
  "rules.saved": "保存省/县规则包（覆盖国家默认值）",
  "campaign.created": "开启换届选举",
  "campaign.updated": "修改换届选举（名称、期间或重新套用规则包）",
  "election.saved": "设置村(社区)选举（选举日、方式、职数、一肩挑安排、登记选民数）",
  "candidate.created": "录入初步候选人",
  "candidate.updated": "修改初步候选人",
  "candidate.deleted": "删除初步候选人",
  "candidates.imported": "从 Excel 导入初步候选人（全部成功才保存）",
  "kinship.created": "登记亲属关系",
  "kinship.deleted": "删除亲属关系",
  "list.submitted": "乡镇提交初步候选人名单至县级联审",
  "list.returned": "县换届办退回初步候选人名单",
  "candidate.idnumber.viewed": "查看候选人完整身份证号码",
  "action.denied": "操作被拒绝（无权限或对象不在管辖范围内）",
  "demo.seeded": "载入示例县数据",
} as const;

export type AuditEventId = keyof typeof AUDIT_EVENTS;

export function isAuditEventId(id: string): id is AuditEventId {
  return Object.hasOwn(AUDIT_EVENTS, id);
}
