/** Masking for every view of personal data (Personal Information Protection Law): phones, ID numbers. */
export function maskPhone(p: string): string {
  const d = p.replace(/\s+/g, '')
  if (!d) return ''
  if (d.length >= 7) return `${d.slice(0, 3)}****${d.slice(-4)}`
  return '****'
}

/** 18-digit resident ID: first 3 and last 2 kept (region prefix + checksum), the birth date hidden. */
export function maskIdNumber(id: string): string {
  const d = id.trim()
  if (!d) return ''
  if (d.length < 6) return '****'
  return `${d.slice(0, 3)}${'*'.repeat(d.length - 5)}${d.slice(-2)}`
}
