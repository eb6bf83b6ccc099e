import { GraphQLError } from 'graphql';
import { AppError, describeForLog, formatError, ValidationError } from './errors';
import { setLogLevel } from './logger';

const formatted = (message: string, code?: string) => ({
  message,
  path: ['op'],
  locations: [{ line: 1, column: 2 }],
  extensions: code ? { code } : undefined,
});
const wrap = (original: Error) => new GraphQLError(original.message, { originalError: original });

describe('describeForLog: what the log keeps of a database error', () => {
  it('keeps the statement shape and the constraint, never the row values of the detail', () => {
    const err = Object.assign(
      new Error(
        `update "email_change_request" set "status" = 'CANCELLED' where "id" = '1bcf' - new row violates check ` +
          'constraint "x_check" - detail: Failing row contains (1bcf, batal.989316255@example.co.id, 3171010101900001).',
      ),
      { name: 'CheckConstraintViolationException', sqlState: '23514', constraint: 'x_check' },
    );
    const logged = JSON.stringify(describeForLog(err));
    expect(logged).toContain('update \\"email_change_request\\" set \\"status\\" = ? where \\"id\\" = ?');
    expect(logged).toContain('x_check');
    expect(logged).not.toMatch(/batal|989316255|example\.co\.id|3171010101900001|Failing row/);
  });
});

describe('formatError: the one place errors become what clients see', () => {
  beforeAll(() => setLogLevel('silent'));
  afterAll(() => setLogLevel('info'));

  it('keeps an AppError code, message and extensions', () => {
    const e = new AppError('RATE_LIMITED', 'Tunggu.', { retryAfterSeconds: 30 });
    expect(formatError(formatted('x'), wrap(e))).toEqual({
      message: 'Tunggu.',
      path: ['op'],
      locations: [{ line: 1, column: 2 }],
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 30 },
    });
  });

  it('keeps field messages of a ValidationError', () => {
    const out = formatError(formatted('x'), wrap(new ValidationError({ nik: 'NIK salah.' })));
    expect(out.extensions).toEqual({ code: 'VALIDATION_FAILED', fields: { nik: 'NIK salah.' } });
  });

  it('turns class-validator results (nested too) into VALIDATION_FAILED fields', () => {
    const err = Object.assign(new Error('Argument Validation Error'), {
      extensions: {
        validationErrors: [
          {
            property: 'input',
            children: [{ property: 'email', constraints: { maxLength: 'Maksimal 254 karakter.' } }],
          },
        ],
      },
    });
    expect(formatError(formatted('x'), wrap(err)).extensions).toEqual({
      code: 'VALIDATION_FAILED',
      fields: { 'input.email': 'Maksimal 254 karakter.' },
    });
  });

  it('maps GraphQL-level input problems to VALIDATION_FAILED with an Indonesian message', () => {
    const out = formatError(formatted('Cannot query field "x"', 'GRAPHQL_VALIDATION_FAILED'), new GraphQLError('x'));
    expect(out.extensions).toEqual({ code: 'VALIDATION_FAILED', fields: {} });
    expect(out.message).toMatch(/^Format permintaan tidak sesuai skema GraphQL/);
  });

  it('hides anything unexpected behind an incident id', () => {
    const out = formatError(formatted('relation "x" does not exist at /srv/app.js:1'), wrap(new Error('secret path')));
    expect(out.extensions).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      errorId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(out.message).not.toMatch(/relation|secret|\/srv/);
    expect(out.message).toContain(String(out.extensions!.errorId));
  });

  it('gives UNAUTHENTICATED and FORBIDDEN their Indonesian messages', () => {
    expect(formatError(formatted('no', 'UNAUTHENTICATED'), new GraphQLError('no')).message).toMatch(/sesi Anda/);
    expect(formatError(formatted('no', 'UNAUTHORIZED'), new GraphQLError('no')).extensions).toEqual({
      code: 'FORBIDDEN',
    });
  });
});
