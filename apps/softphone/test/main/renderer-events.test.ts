import { describe, expect, it } from 'vitest';
import { RendererEvents } from '../../src/main/renderer-events.ts';

describe('main → renderer events wait until the page listens', () => {
  it('a tel: link that launched the app reaches the page once it says app:ready, in order', () => {
    const sent: [string, unknown][] = [];
    const events = new RendererEvents((channel, payload) => sent.push([channel, payload]));
    events.emit('call:dial', { kind: 'e164', number: '+12025550102', display: '+1 202 555 0102' });
    events.emit('call:show-incoming', { callId: 'c1' });
    expect(sent).toEqual([]);
    events.ready();
    expect(sent.map(([c]) => c)).toEqual(['call:dial', 'call:show-incoming']);
    events.emit('session:signed-out', { code: 'user', message: 'You signed out.' });
    expect(sent).toHaveLength(3);
  });

  it('a reload holds events again until the next app:ready', () => {
    const sent: string[] = [];
    const events = new RendererEvents((channel) => sent.push(channel));
    events.ready();
    events.notReady();
    events.emit('call:show-incoming', { callId: 'c2' });
    expect(sent).toEqual([]);
    events.ready();
    expect(sent).toEqual(['call:show-incoming']);
  });

  it('holds a bounded number of events, dropping the oldest', () => {
    const sent: unknown[] = [];
    const events = new RendererEvents((_c, payload) => sent.push(payload), 3);
    for (let i = 0; i < 10; i++) events.emit('call:show-incoming', { callId: `c${i}` });
    events.ready();
    expect(sent).toEqual([{ callId: 'c7' }, { callId: 'c8' }, { callId: 'c9' }]);
  });
});
