import { fold, hasPhrase } from './fold';
import type { NluService } from './types';

// Words that name no service on their own ("a call", "a session").
const GENERIC = new Set([
  'call',
  'session',
  'service',
  'meeting',
  'appointment',
  'the',
  'and',
  'with',
  'for',
  'goi',
  'buoi',
  'lich',
  'dich',
  'vu',
]);

/**
 * The one service a message names: by its full name or a synonym (folded, so accent- and
 * case-insensitive), else by a distinctive word of its name that no other service has ("intro"
 * for "Intro call", "workshop" for "Strategy workshop"). The longest match wins; undefined when
 * nothing matched or two services tie.
 */
export function matchService(text: string, services: readonly NluService[]): string | undefined {
  // "tư vấn viên" is a consultant (a person), not the "tư vấn" service.
  const folded = text.replace(/\btu van vien\b/g, ' ');
  const words = new Map<string, Set<string>>();
  for (const s of services)
    for (const w of fold(s.name).split(/[\s-]+/))
      if (w.length >= 4 && !GENERIC.has(w)) words.set(w, (words.get(w) ?? new Set()).add(s.id));
  let best: { id: string; length: number; tie: boolean } | undefined;
  const consider = (id: string, length: number) => {
    if (!best || length > best.length) best = { id, length, tie: false };
    else if (length === best.length && id !== best.id) best.tie = true;
  };
  for (const s of services) {
    const phrases = [s.name, ...(s.synonyms ?? [])].map(fold).filter(Boolean);
    for (const p of phrases) {
      if (hasPhrase(folded, p) || hasPhrase(folded.replace(/-/g, ' '), p.replace(/-/g, ' ')))
        consider(s.id, p.length);
    }
    for (const w of fold(s.name).split(/[\s-]+/))
      if (words.get(w)?.size === 1 && hasPhrase(folded, w)) consider(s.id, w.length);
  }
  const found = best as { id: string; length: number; tie: boolean } | undefined;
  return found && !found.tie ? found.id : undefined;
}
