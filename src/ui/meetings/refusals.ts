/** Refusal codes of the meeting and minutes commands → what the secretary reads. */
import type { MeetingRefusal } from '../../domain/meetings/commands'
import { createRefusal, refusalText, type RefusalTexts } from '../refusalText'
import type { Fail } from '../../domain/result'

type Code = MeetingRefusal | 'minutes.sealed'

const MEETING_REFUSALS: RefusalTexts<Code> = {
  'meeting.invalid': 'meetings.refusal.invalid',
  'minutes.sealed': 'meetings.refusal.sealed',
}

export const meetingRefusalText = (f: Fail<Code>): string => refusalText(MEETING_REFUSALS, f)
/** The refusal shown in one meeting section (see createRefusal). */
export const createMeetingRefusal = () => createRefusal(meetingRefusalText)
