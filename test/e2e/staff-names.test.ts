import { seedAccount, staffSession } from '../support/flows';
import { gqlOk } from '../support/graphql';
import { useStack } from '../support/stack';

/**
 * Staff users by name where the data holds their ids: the audit actor, the
 * complaint history's actor and assignee, staff ids inside audit details. One
 * batched staff lookup per request, however many rows name staff users.
 */
describe('staff names instead of staff ids', () => {
  const stack = useStack({ smtp: false });

  it('names the actor and the assignee in a complaint history and in the audit log', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app);
    const other = await staffSession(app);
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const a = await seedAccount(app);
    const complaints: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { createComplaint } = await gqlOk(
        app.url,
        'mutation($i: ComplaintInput!) { createComplaint(input: $i) { id } }',
        {
          i: {
            channel: 'PHONE',
            category: 'OTHER',
            description: `Pengaduan nomor ${i} untuk uji nama`,
            reporterName: 'Rani',
            accountId: a.id,
          },
        },
        (i % 2 ? other : helpdesk).token,
      );
      complaints.push(createComplaint.id);
      await gqlOk(
        app.url,
        'mutation($id: ID!, $s: ID!) { assignComplaint(id: $id, staffId: $s) { id } }',
        { id: createComplaint.id, s: other.id },
        helpdesk.token,
      );
    }

    const { complaint } = await gqlOk(
      app.url,
      'query($id: ID!) { complaint(id: $id) { history { kind actorId actorName assigneeName note } } }',
      { id: complaints[0] },
      helpdesk.token,
    );
    expect(complaint.history).toEqual([
      { kind: 'CREATED', actorId: helpdesk.id, actorName: helpdesk.username, assigneeName: null, note: null },
      {
        kind: 'ASSIGNED',
        actorId: helpdesk.id,
        actorName: helpdesk.username,
        assigneeName: other.username,
        note: other.id,
      },
    ]);

    // Three rows naming two staff users (actor and assignee): one staff lookup for the page.
    const byIds = jest.spyOn(app.services.staff, 'byIds');
    const { auditEvents } = await gqlOk(
      app.url,
      `{ auditEvents(first: 50, filter: { action: "COMPLAINT_ASSIGNED" }) {
          edges { node { action actorType actorId actorName details staffNames } } } }`,
      {},
      supervisor.token,
    );
    expect(byIds).toHaveBeenCalledTimes(1);
    byIds.mockRestore();
    const rows = auditEvents.edges.map((e: any) => e.node);
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r).toMatchObject({ actorType: 'STAFF', actorId: helpdesk.id, actorName: helpdesk.username });
      expect(r.details.note).toBe(other.id);
      expect(r.staffNames).toEqual({ [other.id]: other.username });
    }

    // Not a staff actor: no name, and an account id in details is not a staff name.
    const created = await gqlOk(
      app.url,
      `query($id: ID!) { auditEvents(first: 5, filter: { accountId: $id }) {
          edges { node { action actorType actorName staffNames } } } }`,
      { id: a.id },
      supervisor.token,
    );
    const accountCreated = created.auditEvents.edges
      .map((e: any) => e.node)
      .find((n: any) => n.action === 'ACCOUNT_CREATED');
    expect(accountCreated).toEqual({ action: 'ACCOUNT_CREATED', actorType: 'SYSTEM', actorName: null, staffNames: {} });
  });
});
