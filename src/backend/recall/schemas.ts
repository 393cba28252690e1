/** Request fields shared by the Recall routes and sign-in. */
import { Type } from 'typebox';

/** What the device SDK's `requestRecallAccess()` returned (`RecallAccess.getSessionId()`). */
export const RecallSessionId = Type.String({
  minLength: 1,
  maxLength: 1024,
  description: "The device's Recall session ID, from requestRecallAccess() (RecallAccess.getSessionId()).",
});
