import { Badge } from '../common/components.js';

/** A grant state as a badge: active, needs consent (the player must sign in again), none. */
export function GrantBadge(props: { state: 'active' | 'needs_consent' | 'none' }) {
  if (props.state === 'active') return <Badge tone="ok">active</Badge>;
  if (props.state === 'needs_consent') return <Badge tone="bad">needs consent</Badge>;
  return <Badge tone="muted">no grant</Badge>;
}
