import { messagesOf } from './whatsapp-webhook';

const body = (messages: unknown[], contacts: unknown[] = []) => ({
  object: 'whatsapp_business_account',
  entry: [{ changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', contacts, messages } }] }],
});

describe('messagesOf (inbound Cloud API messages)', () => {
  it('takes a text with the sender in E.164 and the profile name', () => {
    const out = messagesOf(
      body(
        [{ from: '6281234567890', id: 'wamid.1', timestamp: '1764806400', type: 'text', text: { body: '  Halo  ' } }],
        [{ wa_id: '6281234567890', profile: { name: 'Siti' } }],
      ),
    );
    expect(out).toEqual([{ id: 'wamid.1', from: '+6281234567890', name: 'Siti', timestamp: 1764806400, text: 'Halo' }]);
  });

  it('keeps only the media id, type, mime type and caption of an image or document', () => {
    const out = messagesOf(
      body([
        {
          from: '6281234567890',
          id: 'wamid.2',
          timestamp: '1',
          type: 'document',
          document: { id: 'm-9', mime_type: 'application/pdf', filename: 'ktp.pdf' },
        },
        {
          from: '6281234567890',
          id: 'wamid.3',
          timestamp: '1',
          type: 'image',
          image: { id: 'm-10', caption: 'layar' },
        },
      ]),
    );
    expect(out).toEqual([
      {
        id: 'wamid.2',
        from: '+6281234567890',
        name: undefined,
        timestamp: 1,
        mediaType: 'document',
        mediaId: 'm-9',
        mimeType: 'application/pdf',
        text: undefined,
      },
      {
        id: 'wamid.3',
        from: '+6281234567890',
        name: undefined,
        timestamp: 1,
        mediaType: 'image',
        mediaId: 'm-10',
        mimeType: undefined,
        text: 'layar',
      },
    ]);
  });

  it('ignores other types, empty texts, media without an id, and malformed senders or ids', () => {
    const ok = { from: '6281234567890', id: 'wamid.x', timestamp: '1' };
    const out = messagesOf(
      body([
        { ...ok, type: 'sticker', sticker: { id: 's' } },
        { ...ok, type: 'text', text: { body: '   ' } },
        { ...ok, type: 'image', image: {} },
        { ...ok, from: '+6281234567890', type: 'text', text: { body: 'plus sign' } },
        { ...ok, from: '0812', type: 'text', text: { body: 'too short' } },
        { ...ok, id: 42, type: 'text', text: { body: 'numeric id' } },
        { ...ok, id: 'w'.repeat(201), type: 'text', text: { body: 'long id' } },
      ]),
    );
    expect(out).toEqual([]);
    expect(messagesOf({})).toEqual([]);
    expect(messagesOf(null)).toEqual([]);
  });

  it('cuts a text at 5000 characters', () => {
    const [m] = messagesOf(
      body([{ from: '6281234567890', id: 'w', timestamp: '1', type: 'text', text: { body: 'a'.repeat(6000) } }]),
    );
    expect(m.text).toHaveLength(5000);
  });
});
