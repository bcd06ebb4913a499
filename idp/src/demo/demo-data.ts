// The demo directory seeded on first start (issue 2, item 9): Acme Corp's employees with small
// generated SVG photos showing their initials.
import type { NewEmployee } from '../directory/employee.ts';
import type { SqliteDirectory } from '../directory/sqlite-directory.ts';

export const DEFAULT_DEMO_PASSWORD = 'Acme-demo-1';

interface DemoPerson {
  username: string;
  displayName: string;
  title: string;
  department: string;
  e164: string | null;
  role: 'employee' | 'admin';
  colour: string;
}

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { username: 'alice', displayName: 'Alice Avery', title: 'Sales Director', department: 'Sales', e164: '+12025550101', role: 'employee', colour: '#1f5fbf' },
  { username: 'bob', displayName: 'Bob Baker', title: 'Support Engineer', department: 'Customer Support', e164: '+12025550102', role: 'employee', colour: '#2e7d4f' },
  { username: 'carol', displayName: 'Carol Chen', title: 'CFO', department: 'Finance', e164: '+12025550103', role: 'employee', colour: '#8e3b9e' },
  { username: 'it-admin', displayName: 'IT Administrator', title: 'IT Administrator', department: 'IT', e164: null, role: 'admin', colour: '#5b6474' },
];

/** A 96×96 SVG avatar with the person's initials. */
export function initialsAvatar(displayName: string, colour: string): Uint8Array {
  const initials = displayName
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('')
    .replace(/[^A-Z0-9]/g, '');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96"><rect width="96" height="96" rx="48" fill="${colour}"/><text x="48" y="60" text-anchor="middle" font-family="Arial,Helvetica,sans-serif" font-size="36" font-weight="700" fill="#fff">${initials}</text></svg>`;
  return new TextEncoder().encode(svg);
}

/** Seeds the demo employees when the directory is empty; returns true when it did. */
export function seedDemoDirectory(directory: SqliteDirectory, password: string): boolean {
  if (directory.count() > 0) return false;
  for (const person of DEMO_PEOPLE) {
    const input: NewEmployee = {
      username: person.username,
      displayName: person.displayName,
      title: person.title,
      department: person.department,
      e164: person.e164,
      password,
      role: person.role,
      photo: { contentType: 'image/svg+xml', data: initialsAvatar(person.displayName, person.colour) },
    };
    directory.add(input);
  }
  return true;
}
