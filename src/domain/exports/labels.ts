/**
 * Chinese words for the codes stored in docs, for exports (which are in Chinese whatever the UI
 * language: they go to the street office and get printed). A code without a label is shown as
 * 未知 rather than leaking the code.
 */
export const LABELS = {
  eventCategory: {
    environment: '环境卫生',
    facility: '设施维修',
    safety: '安全隐患',
    dispute: '矛盾纠纷',
    parking: '停车秩序',
    greening: '绿化养护',
    service: '便民服务',
    other: '其他',
  },
  eventStatus: { reported: '已上报', assigned: '已派单', escalated: '已上报上级', handled: '已办结', rated: '已评价' },
  eventSource: { worker: '网格员发现', resident: '居民上报' },
  gridLevel: { district: '区', street: '街道', community: '社区', compound: '小区', building: '楼栋', micro: '微网格' },
  resourceKind: { person: '个人', body: '单位', volunteer: '志愿者', merchant: '商家联盟' },
  needStatus: { open: '待解决', linked: '已立项', met: '已解决' },
  projectStatus: { planned: '计划中', active: '进行中', closed: '已结项' },
  orderStatus: {
    requested: '待派单',
    dispatched: '已派单',
    accepted: '已接单',
    declined: '已拒单',
    done: '已完成',
    rated: '已评单',
  },
  voteChoice: { agree: '同意', oppose: '反对', abstain: '弃权' },
  voteChannel: { tablet: '平板签名', paper: '纸质选票', self: '本人线上' },
  voteEvent: { create: '创建表决', open: '开始表决', close: '结束表决', ballot: '选票', resolution: '冲突处理' },
} as const

export type LabelGroup = keyof typeof LABELS

export function label(group: LabelGroup, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return ''
  const table = LABELS[group] as Record<string, string>
  return table[code] ?? '未知'
}
