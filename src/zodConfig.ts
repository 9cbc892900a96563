/**
 * Imported first by main.tsx. Zod compiles fast object parsers with `new Function` unless told not
 * to; the CSP (server/http/securityHeaders.ts) forbids eval, and even zod's probe for it is reported
 * as a violation. Schemas read this flag when they are created, so it must be set before any
 * module that defines one is evaluated.
 */
import { z } from 'zod'

z.config({ jitless: true })
