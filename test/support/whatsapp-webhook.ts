import { createHmac } from 'node:crypto';

/** The app secret test servers get as WHATSAPP_APP_SECRET, and the business number they are configured with. */
export const TEST_APP_SECRET = 'rahasia-aplikasi-meta';
export const TEST_PHONE_NUMBER_ID = '1234567890';

/** The X-Hub-Signature-256 header Meta sends: HMAC-SHA256 of the raw body with the app secret. */
export const signWebhook = (body: string, secret = TEST_APP_SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** A Cloud API webhook body with one `messages` change whose value holds `value` (statuses, messages, contacts). */
export function webhookBody(value: Record<string, unknown>, phoneNumberId = TEST_PHONE_NUMBER_ID): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '6281100000000', phone_number_id: phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  });
}

/** One inbound text from `from` (E.164) sent now, as the webhook carries it. */
export function inboundText(from: string, id: string, body: string, name = 'Rina Wulandari'): string {
  const waId = from.replace(/^\+/, '');
  return webhookBody({
    contacts: [{ wa_id: waId, profile: { name } }],
    messages: [{ from: waId, id, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body } }],
  });
}
