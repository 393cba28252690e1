/**
 * Google's wire shape of the Games API v1 `revisions.check` answer (discovery games-v1.json rev
 * 20240529): whether a client of `clientRevision` (`ANDROID:…`, `IOS:…`, `WEB_APP:…`) is current.
 */

export const CLIENT_PLATFORMS = ['ANDROID', 'IOS', 'WEB_APP'] as const;
export type ClientPlatform = (typeof CLIENT_PLATFORMS)[number];

export const REVISION_STATUSES = ['OK', 'DEPRECATED', 'INVALID'] as const;
/** `OK`: current; `DEPRECATED`: a newer one exists, this one still works; `INVALID`: not supported. */
export type RevisionStatus = (typeof REVISION_STATUSES)[number];

export interface RevisionCheckResponse {
  kind: 'games#revisionCheckResponse';
  apiVersion: string;
  revisionStatus: RevisionStatus;
}
