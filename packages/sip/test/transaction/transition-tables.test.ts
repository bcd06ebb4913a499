import { describe, expect, it } from 'vitest';
import { inviteClientTable, inviteClientTable6026 } from '../../src/transaction/invite-client-transaction.ts';
import { inviteServerTable, inviteServerTable6026 } from '../../src/transaction/invite-server-transaction.ts';
import { nonInviteClientTable } from '../../src/transaction/non-invite-client-transaction.ts';
import { nonInviteServerTable } from '../../src/transaction/non-invite-server-transaction.ts';
import type { TransitionRow } from '../../src/transaction/transaction-action.ts';

function states(rows: readonly TransitionRow<string, string>[]): string[] {
  return [...new Set(rows.flatMap((r) => [r.state, r.next]))].sort();
}

function timers(rows: readonly TransitionRow<string, string>[]): string[] {
  return [...new Set(rows.flatMap((r) => r.actions.flatMap((a) => (a.do === 'start' ? [a.timer] : []))))].sort();
}

describe('the transition tables are RFC 3261 figures 5–8 (and RFC 6026 §7)', () => {
  it('have every state and timer of their figure, and each row cites a section', () => {
    expect(states(inviteClientTable)).toEqual(['Calling', 'Completed', 'Proceeding', 'Terminated']);
    expect(timers(inviteClientTable)).toEqual(['A', 'B', 'D']);
    expect(states(nonInviteClientTable)).toEqual(['Completed', 'Proceeding', 'Terminated', 'Trying']);
    expect(timers(nonInviteClientTable)).toEqual(['E', 'F', 'K']);
    expect(states(inviteServerTable)).toEqual(['Completed', 'Confirmed', 'Proceeding', 'Terminated']);
    expect(timers(inviteServerTable)).toEqual(['G', 'H', 'I']);
    expect(states(nonInviteServerTable)).toEqual(['Completed', 'Proceeding', 'Terminated', 'Trying']);
    expect(timers(nonInviteServerTable)).toEqual(['J']);
    expect(states(inviteClientTable6026)).toContain('Accepted');
    expect(timers(inviteClientTable6026)).toContain('M');
    expect(states(inviteServerTable6026)).toContain('Accepted');
    expect(timers(inviteServerTable6026)).toContain('L');
    for (const table of [inviteClientTable, nonInviteClientTable, inviteServerTable, nonInviteServerTable, inviteClientTable6026, inviteServerTable6026]) {
      for (const row of table as readonly TransitionRow<string, string>[]) expect(row.rfc).toMatch(/^(RFC 6026 )?§\d+(\.\d+)+$/);
    }
  });

  it('have no Terminated row: a terminated transaction ignores everything', () => {
    for (const table of [inviteClientTable, nonInviteClientTable, inviteServerTable, nonInviteServerTable] as readonly (readonly TransitionRow<string, string>[])[]) {
      expect(table.filter((r) => r.state === 'Terminated')).toEqual([]);
    }
  });
});
