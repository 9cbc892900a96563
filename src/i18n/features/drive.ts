/** Strings of the participation drive's target (src/domain/voting/target.ts). */
import { defineStrings } from './defineStrings'

export const driveStrings = defineStrings({
  zh: {
    'drive.met': '参与表决已达到面积和人数两个三分之二',
    'drive.target': '还需 {heads} 位业主参与（共 {area} m²），即可同时达到面积和人数两个三分之二',
    'drive.targetWho': '面积从大到小，优先动员：',
    'drive.unreachable': '尚未表决的业主全部参与也达不到三分之二（共 {heads} 位、{area} m²），请先处理冲突选票',
    'drive.owner': '{flats}（{area} m²）',
  },
  en: {
    'drive.met': 'Participation meets both 2/3 lines (area and owners)',
    'drive.target': '{heads} more owners ({area} m² together) would meet both 2/3 lines',
    'drive.targetWho': 'Largest areas first — visit:',
    'drive.unreachable':
      'Even all owners who have not voted ({heads}, {area} m²) would not reach 2/3; resolve the conflicting ballots first',
    'drive.owner': '{flats} ({area} m²)',
  },
})
