/** Strings of the agreement rules (src/domain/mediation/agreement.ts) on the case and its print. */
import { defineStrings } from './defineStrings'

export const agreementStrings = defineStrings({
  zh: {
    'agreement.sealLabel': '人民调解委员会印章',
    'agreement.sealRecord': '记录已盖章',
    'agreement.sealConfirm': '确认已在协议书上加盖人民调解委员会印章？（盖章后协议方可生效）',
    'agreement.sealed': '已盖章（{at}）',
    'agreement.oralMediator': '调解员记录口头协议',
    'agreement.oralNote':
      '口头协议自各方达成之日起生效（《人民调解法》第三十条），由调解员记录即可，当事人签名不是必需的。',
    'agreement.missing': '协议书缺少《人民调解法》第二十九条所列内容：{items}。可以照常保存和签名，建议补充。',
    'agreement.missing.facts': '纠纷的主要事实',
    'agreement.missing.issues': '争议事项',
    'agreement.missing.terms': '协议内容',
    'agreement.missing.how': '履行方式',
    'agreement.confirmUntil': '司法确认申请期限：至 {day}（含当日）',
    'agreement.confirmLeft': '还剩 {n} 天',
    'agreement.confirmPassed': '司法确认申请期限已过（{day}）',
    'agreement.confirmMovedHoliday': '第三十日 {nominal} 是{name}假期，顺延至其后第一个工作日',
    'agreement.confirmMovedRest': '第三十日 {nominal} 是休息日，顺延至其后第一个工作日',
    'agreement.confirmUnknownYear': '该年度节假日安排尚未收录，暂按周末计算，请以国务院通知为准',
    'agreement.confirmRule':
      '依据：《人民调解法》第三十三条，自协议生效之日起三十日内，双方当事人可以共同向人民法院申请司法确认；期间从次日起算，期间届满的最后一日是法定节假日或休息日的，以其后的第一个工作日为届满日（《民事诉讼法》第八十五条），按国家公布的节假日和调休安排计算。',
  },
  en: {
    'agreement.sealLabel': "Mediation committee's seal",
    'agreement.sealRecord': 'Record the seal',
    'agreement.sealConfirm':
      "Confirm the mediation committee's seal has been applied to the agreement? (It takes effect only once sealed.)",
    'agreement.sealed': 'Sealed ({at})',
    'agreement.oralMediator': 'Mediator records the oral agreement',
    'agreement.oralNote':
      'An oral agreement takes effect when the parties reach it (Art. 30); the mediator records it, party signatures are not required.',
    'agreement.missing':
      'The agreement lacks contents listed in Art. 29: {items}. You can still save and sign; consider adding them.',
    'agreement.missing.facts': 'main facts',
    'agreement.missing.issues': 'disputed issues',
    'agreement.missing.terms': 'agreed terms',
    'agreement.missing.how': 'how terms are performed',
    'agreement.confirmUntil': 'Judicial confirmation: apply by {day} (inclusive)',
    'agreement.confirmLeft': '{n} days left',
    'agreement.confirmPassed': 'The judicial confirmation window has passed ({day})',
    'agreement.confirmMovedHoliday': 'day 30, {nominal}, falls in the {name} holiday: moved to the next working day',
    'agreement.confirmMovedRest': 'day 30, {nominal}, is a rest day: moved to the next working day',
    'agreement.confirmUnknownYear':
      "That year's holiday schedule is not yet in the app; weekends only — check the State Council notice",
    'agreement.confirmRule':
      'Rule: the parties may jointly apply to a court for judicial confirmation within 30 days of the agreement taking effect (People’s Mediation Law Art. 33); the period starts the next day, and if its last day is a statutory holiday or rest day it ends on the first working day after it (Civil Procedure Law Art. 85), using the official holiday and make-up working day schedule.',
  },
})
