import type { Logger } from '@snowplow/tracker-core';
import { describe, expect, it } from 'vitest';
import { createRuntimeSession } from '../../../src/runtime/runtime-session.js';

function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = { warn: (message: string) => void lines.push(message) } as unknown as Logger;
  return { logger, lines };
}

describe('RuntimeSession warnings', () => {
  it('warnOnce says each topic once, and stops after 100 distinct topics (topics can carry server text)', () => {
    const { logger, lines } = recordingLogger();
    const session = createRuntimeSession(false, logger);
    session.warnOnce('a', 'first');
    session.warnOnce('a', 'again');
    for (let i = 0; i < 150; i++) session.warnOnce(`sse:${i}`, `frame ${i}`);
    expect(lines[0]).toBe('signals-edge: first');
    expect(lines).not.toContain('signals-edge: again');
    expect(lines).toHaveLength(100);
  });

  it('warn says every message, each time (a handler failing twice is told twice)', () => {
    const { logger, lines } = recordingLogger();
    const session = createRuntimeSession(false, logger);
    session.warn('handler h failed');
    session.warn('handler h failed');
    expect(lines).toEqual(['signals-edge: handler h failed', 'signals-edge: handler h failed']);
  });

  it('guard keeps what a part throws from the caller and warns once per topic', () => {
    const { logger, lines } = recordingLogger();
    const session = createRuntimeSession(false, logger);
    const boom = () => {
      throw new Error('boom');
    };
    expect(() => session.guard('tab message', boom)).not.toThrow();
    session.guard('tab message', boom);
    expect(lines).toEqual(['signals-edge: tab message failed; the page and the tracker are not affected']);
  });
});
