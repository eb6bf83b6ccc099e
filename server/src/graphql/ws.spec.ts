import { WebSocket } from 'ws';
import { MAX_UNSENT_BYTES, TOO_SLOW, writeFrame } from './ws';

/** A socket that records what the fan-out did with it. */
function socket(bufferedAmount: number, readyState: number = WebSocket.OPEN) {
  const sent: string[] = [];
  const closed: [number?, string?][] = [];
  return {
    sent,
    closed,
    readyState,
    bufferedAmount,
    send: (frame: string) => void sent.push(frame),
    close: (code?: number, reason?: string) => void closed.push([code, reason]),
  } as unknown as WebSocket & { sent: string[]; closed: [number?, string?][] };
}

describe('writeFrame (the fan-out writing to one subscriber)', () => {
  const frame = '{"id":"1","type":"next","payload":{}}';

  it('sends while the unsent bytes stay within the limit, up to exactly the limit', () => {
    const s = socket(MAX_UNSENT_BYTES - frame.length);
    writeFrame(s, frame);
    expect(s.sent).toEqual([frame]);
    expect(s.closed).toEqual([]);
  });

  it('closes a subscriber one byte over the limit with 1013 instead of buffering more', () => {
    const s = socket(MAX_UNSENT_BYTES - frame.length + 1);
    writeFrame(s, frame);
    expect(s.sent).toEqual([]);
    expect(s.closed).toEqual([[TOO_SLOW, expect.stringMatching(/lambat/)]]);
  });

  it('writes nothing to a socket that is no longer open', () => {
    const s = socket(0, WebSocket.CLOSING);
    writeFrame(s, frame);
    expect(s.sent).toEqual([]);
    expect(s.closed).toEqual([]);
  });
});
