/**
 * The demo district (`npm run demo`): one district, three streets, seven communities and 32
 * councils (小区), 邮政小区 among them under 七一路街道 · 邮政社区. Fixed ids for the org nodes
 * so loading it again finds the same nodes; councils are matched by name.
 * `eventsPerYear` gives each council a plausible load (a district of ~800 councils reports ~9,000
 * events a year; a demo of 32 councils needs more per council to make the charts readable).
 */
export interface DemoOrgNode {
  id: string
  kind: 'district' | 'street' | 'community'
  name: string
  parentId: string | null
}

export interface DemoCouncil {
  name: string
  address: string
  communityId: string
  eventsPerYear: number
}

export const DEMO_DISTRICT_ID = 'demo-d'

const STREETS: Array<[id: string, name: string, communities: Array<[id: string, name: string, councils: string[]]>]> = [
  [
    'demo-s1',
    '七一路街道',
    [
      ['demo-c11', '邮政社区', ['邮政小区', '电业局家属院', '七一花园', '金秋小区', '粮食局家属院']],
      ['demo-c12', '交通路社区', ['交通局家属院', '建设小区', '紫荆苑', '华耀城一期']],
      ['demo-c13', '七一东路社区', ['东方明珠小区', '百货大楼家属院', '文化苑', '新华小区']],
    ],
  ],
  [
    'demo-s2',
    '人民路街道',
    [
      ['demo-c21', '大庆路社区', ['大庆路小区', '人民医院家属院', '银行家属院', '书香苑', '翰林府']],
      ['demo-c22', '八一路社区', ['八一小区', '财政局家属院', '和谐家园', '阳光小区']],
    ],
  ],
  [
    'demo-s3',
    '陈州街道',
    [
      ['demo-c31', '北关社区', ['北关小区', '陈州花园', '水利局家属院', '幸福里', '锦绣华庭']],
      ['demo-c32', '南关社区', ['南关小区', '沙河明珠', '教师公寓', '龙湖小区', '育新小区']],
    ],
  ],
]

export const DEMO_ORG_NODES: DemoOrgNode[] = [
  { id: DEMO_DISTRICT_ID, kind: 'district', name: '川汇区', parentId: null },
  ...STREETS.flatMap(([sid, sname, communities]) => [
    { id: sid, kind: 'street' as const, name: sname, parentId: DEMO_DISTRICT_ID },
    ...communities.map(([cid, cname]) => ({ id: cid, kind: 'community' as const, name: cname, parentId: sid })),
  ]),
]

/** Loads vary by council size: 60–180 events a year, 邮政小区 (276 flats) a busy one. */
export const DEMO_COUNCILS: DemoCouncil[] = STREETS.flatMap(([, sname, communities]) =>
  communities.flatMap(([cid, cname, councils]) =>
    councils.map((name, i) => ({
      name,
      address: `河南省周口市川汇区${sname}${cname}${name}`,
      communityId: cid,
      eventsPerYear: name === '邮政小区' ? 180 : 60 + ((name.length * 37 + i * 23) % 120),
    })),
  ),
)

export const DEMO_SEED = 2025
const YOUZHENG_BUILDINGS = ['1', '2', '3', '4', '5', '6', '7', '8', '9']

/** How council `i` of DEMO_COUNCILS gets its year: the same plan for the loader and for tests. */
export function demoYearPlan(i: number): { seed: number; count: number; idPrefix: string; buildings?: string[] } {
  const c = DEMO_COUNCILS[i]!
  return {
    seed: DEMO_SEED + i,
    count: c.eventsPerYear,
    idPrefix: `e_demo${i}_`,
    ...(c.name === '邮政小区' ? { buildings: YOUZHENG_BUILDINGS } : {}),
  }
}
