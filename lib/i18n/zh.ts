// UI text catalogue (Simplified Chinese). Components take their words from here.
import type { Role } from "@/lib/domain/permissions";

export const t = {
  appName: "村(居)民委员会换届选举管理系统",
  appShort: "换届选举系统",
  nav: {
    home: "工作台",
    campaigns: "换届选举",
    rules: "规则包",
    vetting: "资格联审",
    records: "认定与归档",
    certificates: "当选证书",
    dashboard: "进度看板",
    statistics: "统计分析",
    pastTerms: "往届数据",
    units: "行政区划",
    departments: "联审部门",
    users: "用户管理",
    audit: "审计日志",
    logout: "退出登录",
  },
  login: {
    title: "登录",
    username: "用户名",
    password: "密码",
    submit: "登录",
    submitting: "正在登录…",
    hint: "连续 5 次输错密码，账号将锁定 15 分钟。30 分钟无操作将自动退出。",
    expired: "登录已失效，请重新登录。",
  },
  common: {
    save: "保存",
    saving: "正在保存…",
    saved: "已保存",
    cancel: "取消",
    create: "新建",
    edit: "编辑",
    enable: "启用",
    disable: "停用",
    active: "启用",
    inactive: "已停用",
    actions: "操作",
    back: "返回",
    none: "无",
    notFoundTitle: "未找到",
    notFoundText: "您要访问的页面或对象不存在，或不在您的管辖范围内。",
    errorTitle: "出错了",
    errorText: "系统遇到意外错误，操作未完成。请稍后重试；如果问题持续，请联系系统管理员并提供下面的错误编号。",
    retry: "重试",
  },
  home: {
    yourUnit: "所在单位",
    yourRole: "角色",
    whatYouDo: "您在本系统中的工作",
    comingSoon: "即将开放",
    available: "现在可用",
    waiting: "待办事项",
    nothingWaiting: "目前没有待办事项。",
    work: {
      reviewerPending: (round: string, n: number, deadline: string) => `${round}：${n} 待审，截止 ${deadline}`,
      reviewerDone: (round: string, deadline: string) => `${round}：本部门意见已全部出具（截止 ${deadline}）`,
      countySubmitted: (n: number) => `${n} 个名单已提交，待开启联审`,
      countyToDecide: (round: string, lists: number, people: number, deadline: string) => `${round}：${lists} 个名单 ${people} 名候选人待作出联审决定，截止 ${deadline}`,
      countyToComplete: (round: string, lists: number) => `${round}：${lists} 个名单已全部作出决定，待完成联审、公布正式候选人`,
      countyToCertify: (n: number) => `${n} 个村(社区)选举结果已确认，待认定`,
      countyToSeal: (n: number) => `${n} 个村(社区)已认定，待封存归档`,
      townshipReturned: (n: number) => `${n} 个名单被退回，待修改后重新提交`,
      townshipToFix: (n: number) => `${n} 个名单有错误，待修改`,
      townshipReady: (n: number) => `${n} 个名单已无错误，可提交联审`,
      townshipUnset: (n: number) => `${n} 个村(社区)尚未设置选举`,
      townshipToConfirm: (n: number) => `${n} 个村(社区)选举日已到，待确认选举结果`,
      villageNotFormal: (village: string, day: string) => `${village}正式候选人尚未公布（选举日 ${day}）`,
      villageNoBoxes: (village: string, day: string) => `${village}尚未设置票箱（选举日 ${day}）`,
      villageUpcoming: (village: string, day: string) => `${village}选举日 ${day}：打印选票和空白计票单`,
      villageStartCount: (village: string) => `${village}选举日已到：开始投票计票`,
      villageTallies: (village: string, round: number, n: number) => `${village}第 ${round} 轮：${n} 个票箱的计票单待录入或核对`,
      villageDecide: (village: string, round: number) => `${village}第 ${round} 轮：票箱已全部计入，待判定结果`,
    },
    setupNext: "下一步：录入候选人",
  },
} as const;

/** What each role does, shown on its home page. `ready` items link to pages that exist now. */
export const ROLE_HOME: Record<Role, { title: string; intro: string; tasks: { label: string; href?: string; ready: boolean }[] }> = {
  SYSTEM_ADMIN: {
    title: "系统管理",
    intro: "维护省、市、县各级单位和各县管理员账号，确保每个县独立开展换届工作。",
    tasks: [
      { label: "维护行政区划（省、市、县及以下单位）", href: "/admin/units", ready: true },
      { label: "设定省级规则包（覆盖国家默认值）", href: "/rules", ready: true },
      { label: "创建和管理各县换届办管理员账号", href: "/admin/users", ready: true },
      { label: "查看审计日志并校验完整性", href: "/admin/audit", ready: true },
    ],
  },
  COUNTY_ADMIN: {
    title: "县换届办工作台",
    intro: "统筹全县村(社区)换届：维护乡镇和村(社区)、联审部门和用户，组织资格联审，认证选举结果并归档。",
    tasks: [
      { label: "维护本县乡镇(街道)和村(社区)及其统计用区划代码", href: "/admin/units", ready: true },
      { label: "维护联审部门（纪委监委、组织部、公安、法院等）", href: "/admin/departments", ready: true },
      { label: "管理本县用户：创建、停用、重置密码、分配角色", href: "/admin/users", ready: true },
      { label: "查看本县审计日志", href: "/admin/audit", ready: true },
      { label: "开启换届选举", href: "/campaigns", ready: true },
      { label: "设定本县规则包（差额、公告天数、不满意率等）", href: "/rules", ready: true },
      { label: "查看乡镇提交的初步候选人名单", href: "/campaigns", ready: true },
      { label: "维护负面清单，组织资格联审并作出决定、公布正式候选人", href: "/vetting", ready: true },
      { label: "认定选举结果（重新验证密码）、颁发当选证书、封存归档并下载档案包", href: "/records", ready: true },
      { label: "查看进度看板：各村(社区)阶段、逾期事项、红黄绿风险，导出 Excel", href: "/dashboard", ready: true },
      { label: "统计分析：全县及分乡镇的成员结构、一肩挑、参选率、联审情况，与上届对比，可打印", href: "/statistics", ready: true },
    ],
  },
  VETTING_REVIEWER: {
    title: "联审部门工作台",
    intro: "在联审轮次开放期间，对提交联审的每一名候选人按负面清单提出本部门意见。",
    tasks: [
      { label: "查看本部门待审队列", href: "/vetting", ready: true },
      { label: "逐人或批量出具“无异议”“存在不能/不宜情形”“需核实”意见", href: "/vetting", ready: true },
    ],
  },
  TOWNSHIP_OFFICER: {
    title: "乡镇(街道)换届办工作台",
    intro: "指导本乡镇(街道)各村(社区)换届：设置选举、录入初步候选人并提交县级联审、确认选举结果。",
    tasks: [
      { label: "查看本乡镇(街道)所辖村(社区)", href: "/admin/units", ready: true },
      { label: "设置各村(社区)选举（选举日、职数、方式）", href: "/campaigns", ready: true },
      { label: "录入或导入初步候选人，检查并提交联审", href: "/campaigns", ready: true },
      { label: "审核各村计票结果（对照计票单照片）并确认，打印选举结果报告单", href: "/campaigns", ready: true },
      { label: "查看进度看板，设定各村(社区)风险等级（红黄绿）及处置说明", href: "/dashboard", ready: true },
    ],
  },
  VILLAGE_CLERK: {
    title: "村(社区)选委会工作台",
    intro: "负责本村(社区)选举日的投票站、票箱和计票单录入。",
    tasks: [
      { label: "查看本村(社区)信息", href: "/admin/units", ready: true },
      { label: "查看本村(社区)初步候选人名单", href: "/campaigns", ready: true },
      { label: "设置投票站、票箱、委托投票和工作人员", href: "/campaigns", ready: true },
      { label: "打印选票和空白计票单", href: "/campaigns", ready: true },
      { label: "录入计票单（双人录入核对），判定结果，另行选举", href: "/campaigns", ready: true },
    ],
  },
  SUPERVISOR: {
    title: "督导工作台",
    intro: "只读查看管辖范围内各村(社区)换届进展、统计数据和审计日志。",
    tasks: [
      { label: "查看管辖范围内的单位", href: "/admin/units", ready: true },
      { label: "查看换届选举和初步候选人名单", href: "/campaigns", ready: true },
      { label: "查看联审部门", href: "/admin/departments", ready: true },
      { label: "查看审计日志", href: "/admin/audit", ready: true },
      { label: "查看进度看板和统计", href: "/dashboard", ready: true },
    ],
  },
};

export const LIST_STATUS_LABEL = { DRAFT: "录入中", SUBMITTED: "已提交联审", RETURNED: "已退回修改", IN_VETTING: "联审中", FORMAL: "正式候选人已公布" } as const;
/** The township can change a list only in these states. */
export const EDITABLE_LIST_STATUSES: readonly string[] = ["DRAFT", "RETURNED"];
export const METHOD_LABEL = { CONTESTED: "有候选人的差额选举", SELF_NOMINATION: "无候选人的自荐直选" } as const;
export const DUAL_ROLE_LABEL = { PLANNED: "计划“一肩挑”", DEFERRED: "暂缓“一肩挑”", NOT_PLANNED: "不实行“一肩挑”" } as const;

export const ROLLUP_STYLE: Record<string, string> = {
  PENDING: "bg-slate-100 text-slate-700",
  NEEDS_VERIFICATION: "bg-blue-100 text-blue-800",
  CONFLICT: "bg-purple-100 text-purple-800",
  DISQUALIFIED: "bg-red-100 text-red-800",
  NEEDS_DECISION: "bg-amber-100 text-amber-800",
  ELIGIBLE: "bg-green-100 text-green-800",
};
