/**
 * A few mediation cases for a demo council (deterministic for a seed): opened over the year,
 * some mediated, some failed, written as the case doc plus its redacted entry in the council's
 * case list — the same two docs a mediator's tablet writes. Parties are invented names.
 */
import * as Y from 'yjs'
import { docName } from '../../src/domain/docTypes'
import { prng } from '../../src/domain/random'
import { unwrap } from '../../src/domain/result'
import { DAY_MS } from '../../src/domain/grid/time'
import { readCase, viewCase } from '../../src/domain/mediation/caseRead'
import { addSession, createCase, markFailed } from '../../src/domain/mediation/caseCommands'
import { summarize, upsertSummary } from '../../src/domain/mediation/caseList'
import { CASE_TYPES, type CaseId } from '../../src/domain/mediation/schema'
import { shanghaiDay } from '../../src/domain/mediation/time'
import type { DocStore } from '../storage/DocStore'

const DESCRIPTIONS: Record<(typeof CASE_TYPES)[number], string> = {
  noise: '楼上夜间噪音，楼下住户多次反映',
  water: '卫生间渗水至楼下天花板',
  parking: '车位被长期占用引发争执',
  stall: '门口摆摊占道，与邻居发生口角',
  family: '赡养老人费用分担纠纷',
  property_fee: '物业费缴纳争议',
  other: '公共区域堆物纠纷',
}

export async function writeDemoCases(
  store: DocStore,
  councilId: string,
  seed: number,
  end: number,
  actor: { userId: string; name: string },
): Promise<number> {
  const rnd = prng(seed * 7 + 1)
  const n = 2 + Math.floor(rnd() * 3)
  const list = new Y.Doc()
  for (let i = 0; i < n; i++) {
    const type = CASE_TYPES[Math.floor(rnd() * CASE_TYPES.length)]!
    const reportedAt = Math.round(end - (5 + rnd() * 300) * DAY_MS)
    const caseId = `k_demo${seed}_${i}` as CaseId
    const doc = new Y.Doc()
    const clock = () => reportedAt
    // fixed, valid input: a refusal here is a bug in this generator, and the demo load stops with its code
    unwrap(
      createCase(
        doc,
        councilId,
        caseId,
        {
          type,
          urgency: rnd() < 0.1 ? 'critical' : 'normal',
          place: { building: String(1 + Math.floor(rnd() * 6)), flat: '', text: '', grid: '' },
          description: DESCRIPTIONS[type],
          reportedAt,
          arrivedAt: reportedAt + 10 * 60_000,
          parties: [
            { id: 'p1', name: '甲方', role: 'applicant', phone: '', idNumber: '', relationship: '', address: '' },
            { id: 'p2', name: '乙方', role: 'respondent', phone: '', idNumber: '', relationship: '', address: '' },
          ],
        },
        actor,
        clock,
      ),
    )
    const r = rnd()
    if (r < 0.75) {
      unwrap(
        addSession(doc, {
          at: reportedAt + DAY_MS,
          place: '社区调解室',
          attendees: ['甲方', '乙方', actor.name],
          said: '双方陈述事实，调解员释法说理。',
          outcome: r < 0.6 ? '双方达成口头谅解' : '分歧较大，择日再调',
          recordedBy: actor.userId,
        }),
      )
      if (r >= 0.6) unwrap(markFailed(doc, '双方未能达成一致，引导诉讼', actor.userId, () => reportedAt + 2 * DAY_MS))
    }
    await store.appendUpdates(docName('case', councilId, caseId), [Y.encodeStateAsUpdate(doc)])
    const summary = summarize(viewCase(readCase(doc), shanghaiDay(end)))
    if (summary) upsertSummary(list, summary)
    doc.destroy()
  }
  await store.appendUpdates(docName('caselist', councilId), [Y.encodeStateAsUpdate(list)])
  list.destroy()
  return n
}
