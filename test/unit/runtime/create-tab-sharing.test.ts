// Events tracked while no other tab was known are held for the next tab that appears; when the page
// is left first, they go out as it leaves (a tab may be open, its answer to our hello still on the way,
// and this page's last write to storage may not complete).
import { describe, expect, it } from 'vitest';
import { createTabSharing, type TabSharingOptions } from '../../../src/runtime/create-tab-sharing.js';

function sharing(peers: { known: boolean }) {
  const posted: unknown[] = [];
  const channel = {
    tab: 'tab-a', hasPeers: () => peers.known, post: (message: unknown) => { posted.push(message); },
    pickPeer: () => null, isLeader: () => true,
  };
  const tabs = createTabSharing({ channel } as unknown as TabSharingOptions);
  return { tabs, posted };
}

const payload = (eid: string) => ({ e: 'se', eid, tna: 'sp', stm: '1' });

describe('createTabSharing: events tracked alone', () => {
  it('are not posted while no other tab is known, and go out, once each, when the page is left', () => {
    const { tabs, posted } = sharing({ known: false });
    tabs.share(payload('e1'), 0);
    tabs.share(payload('e2'), 5);
    expect(posted).toEqual([]);
    tabs.leaving();
    expect(posted).toEqual([
      { t: 'event', tab: 'tab-a', payload: { e: 'se', eid: 'e1', tna: 'sp' }, offset: 0 },
      { t: 'event', tab: 'tab-a', payload: { e: 'se', eid: 'e2', tna: 'sp' }, offset: 5 },
    ]);
    tabs.leaving();
    expect(posted).toHaveLength(2);
  });

  it('with other tabs known, every event is posted as it is tracked, and leaving sends nothing more', () => {
    const { tabs, posted } = sharing({ known: true });
    tabs.share(payload('e1'), 0);
    expect(posted).toHaveLength(1);
    tabs.leaving();
    expect(posted).toHaveLength(1);
  });
});
