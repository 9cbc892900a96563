/** Whether the profile dialog is open; shared by the header button and pages that need a name. */
import { createSignal } from 'solid-js'

const [profileOpen, setProfileOpen] = createSignal(false)
export { profileOpen, setProfileOpen }
export const openProfileDialog = (): void => {
  setProfileOpen(true)
}
