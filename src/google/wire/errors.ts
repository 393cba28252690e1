/**
 * Google's error envelope, as every Google REST API answers errors.
 */
/** One entry of the legacy `errors[]` array of Google's error envelope. */
export interface GoogleErrorItem {
  message: string;
  domain: string;
  reason: string;
  location?: string;
  locationType?: string;
}

/** The `{error: {...}}` envelope every Google REST API answers errors with. */
export interface GoogleErrorEnvelope {
  error: {
    code: number;
    message: string;
    errors: GoogleErrorItem[];
    status: string;
    details?: Array<Record<string, unknown>>;
  };
}
