/** Types for scripts/find-browser.mjs (plain JS so `npm test` can run it before anything is compiled). */
export declare const RECORDED_PATH_FILE: string
export declare function systemCandidates(env?: NodeJS.ProcessEnv): string[]
export declare function isExecutable(path: string): boolean
export declare function findChromium(env?: NodeJS.ProcessEnv): Promise<string | null>
export declare function findChromiumSync(env?: NodeJS.ProcessEnv): string
