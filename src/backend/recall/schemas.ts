/** Request fields shared by the Recall routes and sign-in. */
import { printableIdSchema } from '../http/id-schemas.js';

/** What the device SDK's `requestRecallAccess()` returned (`RecallAccess.getSessionId()`). */
export const RecallSessionId = printableIdSchema(
  'a Recall session ID',
  1024,
  "The device's Recall session ID, from requestRecallAccess() (RecallAccess.getSessionId()).",
);
