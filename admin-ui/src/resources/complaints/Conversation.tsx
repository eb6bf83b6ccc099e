import { useEffect, useState } from 'react';
import { Alert, Box, Button, MenuItem, Paper, TextField as MuiTextField, Typography } from '@mui/material';
import { useDataProvider, useGetList, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { useConsoleAction, useEnumLabel, useNow } from '../../components';
import type { ConsoleDataProvider } from '../../dataProvider';
import { useFormat } from '../../format';

interface ThreadMessage {
  id: string;
  direction: 'IN' | 'OUT';
  channel: string;
  body?: string | null;
  mediaType?: string | null;
  mediaUrl?: string | null;
  at: string;
  actorName?: string | null;
}

/**
 * An inbound attachment, fetched from WhatsApp only when the officer asks: an
 * image is shown in place (an <img> runs nothing), any other file is saved as
 * a download, never opened as a page of the console.
 */
function Attachment({ m }: { m: ThreadMessage }) {
  const t = useTranslate();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const [image, setImage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => () => (image ? URL.revokeObjectURL(image) : undefined), [image]);
  if (!m.mediaUrl) return null;
  const open = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const file = await dataProvider.complaintMedia(m.mediaUrl!);
      if (file.type.startsWith('image/')) {
        setImage(URL.createObjectURL(file.blob));
      } else {
        const url = URL.createObjectURL(new Blob([file.blob], { type: 'application/octet-stream' }));
        const a = document.createElement('a');
        a.href = url;
        a.download = file.filename ?? 'lampiran';
        a.click();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      }
    } catch (e: any) {
      setError(e.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box sx={{ my: 0.5 }}>
      {image ? (
        <Box
          component="img"
          src={image}
          alt={t('app.conversation.media_alt')}
          data-testid="media-image"
          sx={{ maxWidth: '100%', maxHeight: 320, display: 'block', borderRadius: 1 }}
        />
      ) : (
        <Button size="small" variant="outlined" onClick={() => void open()} disabled={busy} data-testid="media-open">
          {m.mediaType === 'image' ? t('app.conversation.open_media') : t('app.conversation.download_media')}
        </Button>
      )}
      {error && (
        <Typography variant="body2" color="error" data-testid="media-error" sx={{ mt: 0.5 }}>
          {error}
        </Typography>
      )}
    </Box>
  );
}

/** The reporter's messages on the left, the helpdesk's replies on the right, each with its time (WIB). */
function Thread({ messages }: { messages: ThreadMessage[] }) {
  const t = useTranslate();
  const f = useFormat();
  const word = useEnumLabel();
  if (!messages.length)
    return (
      <Typography variant="body2" color="text.secondary" data-testid="conversation-empty">
        {t('app.conversation.empty')}
      </Typography>
    );
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }} data-testid="conversation-thread">
      {messages.map((m) => {
        const out = m.direction === 'OUT';
        return (
          <Box
            key={m.id}
            data-testid="conversation-message"
            data-direction={m.direction}
            sx={{ display: 'flex', justifyContent: out ? 'flex-end' : 'flex-start' }}
          >
            <Paper
              variant="outlined"
              sx={{
                px: 1.5,
                py: 1,
                maxWidth: '75%',
                bgcolor: out ? 'rgba(25, 118, 210, 0.08)' : 'grey.100',
                borderColor: out ? 'primary.light' : 'grey.300',
              }}
            >
              {m.mediaType && (
                <Typography variant="caption" component="div" color="text.secondary">
                  {t('app.conversation.media', { type: m.mediaType })}
                </Typography>
              )}
              <Attachment m={m} />
              {m.body && (
                <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {m.body}
                </Typography>
              )}
              <Typography variant="caption" component="div" color="text.secondary" sx={{ mt: 0.5, textAlign: 'right' }}>
                {out && m.actorName ? `${m.actorName} · ` : ''}
                {word('ComplaintMessageDirection', m.direction)} · {f.dateTime(m.at)}
              </Typography>
            </Paper>
          </Box>
        );
      })}
    </Box>
  );
}

/**
 * Where a reply can go and for how long: WhatsApp free text only inside 24
 * hours of the reporter's last message (the server refuses it after that as
 * well), an EMAIL complaint by email, other channels not from here.
 */
function useReplyState(channel: string, closesAt: string | null | undefined, now: number) {
  const t = useTranslate();
  const f = useFormat();
  if (channel === 'EMAIL') return { open: true, hint: null };
  if (channel !== 'WHATSAPP') return { open: false, hint: t('app.conversation.no_reply_channel') };
  if (!closesAt) return { open: false, hint: t('app.conversation.never_wrote') };
  const left = Date.parse(closesAt) - now;
  if (left <= 0) return { open: false, hint: t('app.conversation.window_closed_at', { at: f.dateTime(closesAt) }) };
  const minutes = Math.floor(left / 60_000);
  const time = t('app.conversation.hours_minutes', { h: Math.floor(minutes / 60), m: minutes % 60 });
  return { open: true, hint: t('app.conversation.time_left', { time }) };
}

/** A canned response with {nama} and {nomor} filled in, as the server fills them. */
const fillCanned = (text: string, name: string, number: string) =>
  text.replace(/\{(nama|nomor)\}/g, (_m, key: string) => (key === 'nama' ? name : number));

/** The complaint's conversation with its reporter and, where the channel allows it now, a reply box. */
export function Conversation(_: { label?: string }) {
  const r = useRecordContext();
  const t = useTranslate();
  const word = useEnumLabel();
  const notify = useNotify();
  const refresh = useRefresh();
  const reply = useConsoleAction('replyToComplaint');
  const sendTemplate = useConsoleAction('sendComplaintTemplate');
  const now = useNow();
  const [body, setBody] = useState('');
  const [templateId, setTemplateId] = useState('');
  const { data: templates = [] } = useGetList('responseTemplates');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const state = useReplyState(r?.channel ?? '', r?.replyWindowClosesAt, now);
  // A complaint logged from a call or a counter visit has no conversation to show or answer here.
  if (!r || (!['WHATSAPP', 'EMAIL'].includes(r.channel) && !r.messages?.length)) return null;
  const windowClosed = r.channel === 'WHATSAPP' && !state.open;
  const send = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await reply({ id: r.id, body, templateId: templateId || undefined });
      setBody('');
      setTemplateId('');
      notify(t('app.conversation.sent'), { type: 'success' });
      refresh();
    } catch (err: any) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box data-testid="conversation" sx={{ width: '100%', maxWidth: 760 }}>
      <Typography variant="subtitle1" sx={{ mb: 1 }}>
        {t('app.conversation.title')}
      </Typography>
      <Thread messages={(r.messages ?? []) as ThreadMessage[]} />
      {r.status !== 'CLOSED' && (
        <Box component="form" onSubmit={send} sx={{ mt: 2 }} data-testid="reply-box">
          {state.hint && (
            <Alert
              severity={state.open ? 'info' : 'warning'}
              sx={{ mb: 1 }}
              data-testid="reply-window"
              data-open={state.open ? 'true' : 'false'}
            >
              {windowClosed && r.replyWindowClosesAt ? (
                <>
                  <strong>{t('app.conversation.window_closed')}</strong> — {state.hint}
                </>
              ) : (
                state.hint
              )}
            </Alert>
          )}
          {r.channel === 'WHATSAPP' && !state.open && (
            <Box data-testid="template-offer" sx={{ mb: 1 }}>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                {t('app.conversation.template_hint')}
              </Typography>
              {error && (
                <Typography variant="body2" color="error" sx={{ mb: 1 }} data-testid="reply-error">
                  {error}
                </Typography>
              )}
              <Button
                variant="contained"
                size="small"
                disabled={busy}
                data-testid="send-template"
                onClick={async () => {
                  setBusy(true);
                  setError(undefined);
                  try {
                    await sendTemplate({ id: r.id });
                    notify(t('app.conversation.template_sent'), { type: 'success' });
                    refresh();
                  } catch (err: any) {
                    setError(err.message);
                  } finally {
                    setBusy(false);
                  }
                }}
              >
                {t('app.conversation.send_template')}
              </Button>
            </Box>
          )}
          {state.open && (
            <>
              {templates.length > 0 && (
                <MuiTextField
                  select
                  size="small"
                  label={t('app.conversation.canned')}
                  value={templateId}
                  onChange={(ev) => {
                    const tpl = templates.find((x) => x.id === ev.target.value);
                    setTemplateId(ev.target.value);
                    // Inserted filled in; the officer may still edit it before sending.
                    if (tpl) setBody(fillCanned(tpl.body, r.reporterName, r.number));
                  }}
                  sx={{ mb: 1, minWidth: 260, maxWidth: '100%' }}
                  slotProps={{ htmlInput: { 'data-testid': 'canned-select' } }}
                >
                  {templates.map((x) => (
                    <MenuItem key={x.id} value={x.id}>
                      {x.title}
                    </MenuItem>
                  ))}
                </MuiTextField>
              )}
              <MuiTextField
                name="body"
                label={t('app.conversation.reply_label', { channel: word('ComplaintChannel', r.channel) })}
                value={body}
                onChange={(e) => setBody(e.target.value)}
                multiline
                minRows={2}
                fullWidth
                required
                slotProps={{ htmlInput: { maxLength: 4000, 'data-testid': 'reply-body' } }}
                helperText={t('app.conversation.internal_hint')}
              />
              {error && (
                <Typography variant="body2" color="error" sx={{ mt: 1 }} data-testid="reply-error">
                  {error}
                </Typography>
              )}
              <Button
                type="submit"
                variant="contained"
                size="small"
                sx={{ mt: 1 }}
                disabled={busy || body.trim().length < 2}
                data-testid="reply-send"
              >
                {t('app.conversation.send')}
              </Button>
            </>
          )}
        </Box>
      )}
    </Box>
  );
}
