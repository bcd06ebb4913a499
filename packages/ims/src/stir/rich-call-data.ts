// Rich Call Data for an employee's call (RFC 9795 §5, seed 6.X.2.5): `nam` and an inline jCard
// (RFC 7095) with the organisation and department (`org`, RFC 6350 §6.6.4), title, number and the
// photo as a data URI. A carrier subscriber gets no RCD: the carrier knows no name card for him.
import type { Rcd } from '@eims/stir';
import type { If2User } from '../eds/if2-api.ts';

type JCardProperty = [string, Record<string, string>, string, string | string[]];

/**
 * @example richCallData(user, '+12025550101', 'data:image/svg+xml;base64,...')
 * // { nam: 'Alice Avery', jcd: ['vcard', [['version', {}, 'text', '4.0'], ['fn', {}, 'text', 'Alice Avery'], ...]] }
 */
export function richCallData(user: If2User, e164: string, photo: string | undefined): Rcd | undefined {
  if (user.kind !== 'employee' || user.displayName === null || user.displayName === '') return undefined;
  const props: JCardProperty[] = [
    ['version', {}, 'text', '4.0'],
    ['fn', {}, 'text', user.displayName],
  ];
  const organization = user.organization ?? user.enterprise?.name ?? null;
  if (organization !== null) props.push(['org', {}, 'text', user.department === null ? [organization] : [organization, user.department]]);
  if (user.title !== null) props.push(['title', {}, 'text', user.title]);
  props.push(['tel', { type: 'work' }, 'uri', `tel:${e164}`]);
  if (photo !== undefined) props.push(['photo', {}, 'uri', photo]);
  return { nam: user.displayName, jcd: ['vcard', props] };
}
