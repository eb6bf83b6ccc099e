import { useEffect } from 'react';
import { Card, CardContent, CardHeader, List, ListItem, ListItemButton, ListItemText } from '@mui/material';
import { Link, useGetMany, useTranslate } from 'react-admin';

/**
 * "Recently viewed accounts": the last accounts this browser opened, kept in
 * localStorage as ids only (never names or personal data: those are read
 * again, masked, when the list is shown).
 */
const KEY = 'hakAkses.recentAccounts';
const MAX = 8;
const UUID = /^[0-9a-f-]{36}$/i;

export const recentAccounts = {
  get(): string[] {
    try {
      const v = JSON.parse(localStorage.getItem(KEY) ?? '[]');
      return Array.isArray(v) ? v.filter((x) => typeof x === 'string' && UUID.test(x)).slice(0, MAX) : [];
    } catch {
      return [];
    }
  },
  push(id: string) {
    if (!UUID.test(id)) return;
    localStorage.setItem(KEY, JSON.stringify([id, ...recentAccounts.get().filter((x) => x !== id)].slice(0, MAX)));
  },
};

/** Remembers an opened account (for the account page). */
export function useRememberAccount(id?: string | number) {
  useEffect(() => {
    if (id) recentAccounts.push(String(id));
  }, [id]);
}

/** The card on the dashboard: names as the list shows them, each a link to the account. */
export function RecentAccounts() {
  const t = useTranslate();
  const ids = recentAccounts.get();
  const { data } = useGetMany('accounts', { ids }, { enabled: ids.length > 0 });
  if (!ids.length) return null;
  const byId = new Map((data ?? []).map((a: any) => [a.id, a]));
  return (
    <Card sx={{ mt: 2 }} data-testid="recent-accounts">
      <CardHeader title={t('lists.recent')} titleTypographyProps={{ variant: 'h6' }} />
      <CardContent sx={{ pt: 0 }}>
        <List dense disablePadding>
          {ids
            .filter((id) => byId.has(id))
            .map((id) => {
              const a = byId.get(id);
              return (
                <ListItem key={id} disablePadding>
                  <ListItemButton component={Link} to={`/accounts/${id}/show`}>
                    <ListItemText primary={a.fullName ?? a.companyName ?? a.username} secondary={a.username} />
                  </ListItemButton>
                </ListItem>
              );
            })}
        </List>
      </CardContent>
    </Card>
  );
}
