/** Stable id of this install (tablet/phone), stamped on every ballot, log entry and canvass visit. */
export function deviceId(): string {
  const key = 'yishi:device'
  let id = localStorage.getItem(key)
  if (!id) {
    const b = new Uint8Array(6)
    crypto.getRandomValues(b)
    id = `dev-${[...b].map((x) => x.toString(16).padStart(2, '0')).join('')}`
    localStorage.setItem(key, id)
  }
  return id
}
