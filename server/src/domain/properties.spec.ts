import fc from 'fast-check';
import { loadRegions } from '../modules/region/region.service';
import { checkApplicantKind } from './applicant';
import { normalizeEmail } from './email';
import { validateEntityProfile } from './entity-profile';
import { checkScores, ikm, ikmGrade } from './ikm';
import { maskEmail, maskNik, maskPhone, maskText } from './mask';
import { normalizeNik, parseNik } from './nik';
import { luhnCheckDigit, normalizeNpwp } from './npwp';
import { validatePassport } from './passport';
import { checkPassword } from './password';
import { looksLikePhone, normalizePhone } from './phone';
import { checkAddress, checkBirthDate, checkFullName, validateIndividualProfile } from './profile';
import { checkReason } from './reason';
import { classifySearch, searchText } from './search';
import { addWorkingDays, isWorkingDay } from './working-days';

/**
 * Properties every domain rule keeps for any input at all: it never throws,
 * accepted values come back in their stored form (and are accepted again),
 * and messages are never empty.
 */
const regions = loadRegions();
const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('\u0000', '\ud800', "'; drop table account; --", '<script>alert(1)</script>', ''),
);
const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));
const today = new Date('2026-11-25T00:00:00Z');

describe('domain rules under generated input', () => {
  it('NIK: never throws; a parsed NIK is 16 digits, within the official provinces, with a real birth date', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, digits(16)), (s) => {
        const r = parseNik(s, regions, today);
        if (r.ok) {
          expect(r.info.nik).toMatch(/^\d{16}$/);
          expect(regions.provinces.some((p) => p.code === r.info.provinceCode)).toBe(true);
          expect(Number.isNaN(Date.parse(r.info.birthDate))).toBe(false);
          expect(parseNik(r.info.nik, regions, today).ok).toBe(true);
        } else expect(r.error.length).toBeGreaterThan(0);
        expect(normalizeNik(s)).not.toMatch(/[\s.-]/);
      }),
    );
  });

  it('NPWP: a normalised NPWP is 15 or 16 digits, and a 15-digit one carries its Luhn digit', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, digits(15), digits(16)), (s) => {
        const r = normalizeNpwp(s);
        if (r.ok) {
          expect(r.npwp).toMatch(/^\d{15,16}$/);
          if (r.npwp.length === 15) expect(Number(r.npwp[8])).toBe(luhnCheckDigit(r.npwp.slice(0, 8)));
          expect(normalizeNpwp(r.npwp).ok).toBe(true);
        } else expect(r.error.length).toBeGreaterThan(0);
      }),
    );
  });

  it('phone: any accepted form becomes E.164 +62…, stable when parsed again', () => {
    const indonesian = fc
      .tuple(fc.constantFrom('08', '8', '62', '+62', '+62 ', '0'), fc.stringMatching(/^[1-9]\d{8,11}$/))
      .map(([p, n]) => p + n);
    fc.assert(
      fc.property(fc.oneof(anyText, indonesian), fc.boolean(), (s, landline) => {
        const r = normalizePhone(s, { allowLandline: landline });
        if (r.ok) {
          expect(r.e164).toMatch(/^\+62\d{8,13}$/);
          expect(normalizePhone(r.e164, { allowLandline: landline })).toEqual(r);
        } else expect(r.error.length).toBeGreaterThan(0);
        looksLikePhone(s);
      }),
    );
  });

  it('email: accepted addresses are lower case, trimmed, and accepted again', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.emailAddress()), (s) => {
        const r = normalizeEmail(s);
        if (r.ok) {
          expect(r.email).toBe(r.email.toLowerCase().trim());
          expect(normalizeEmail(r.email)).toEqual(r);
        } else expect(r.error.length).toBeGreaterThan(0);
      }),
    );
  });

  it('password: never throws; whatever passes has 8+ characters, a letter, a digit and a symbol', () => {
    fc.assert(
      fc.property(anyText, anyText, (pw, name) => {
        const e = checkPassword(pw, { name, nik: '3171011705900001', birthDate: '1990-05-17', username: name });
        if (e === undefined) {
          expect(pw.length).toBeGreaterThanOrEqual(8);
          expect(pw).toMatch(/\p{L}/u);
          expect(pw).toMatch(/\d/);
          expect(pw).toMatch(/[!@#$%^&*_-]/);
          expect(pw).not.toContain('3171011705900001');
        }
      }),
    );
  });

  it('profiles, addresses, names, birth dates, passports, entities: never throw, always explain', () => {
    fc.assert(
      fc.property(anyText, anyText, anyText, anyText, (a, b, c, d) => {
        for (const msg of [checkAddress(a), checkFullName(b), checkBirthDate(c, today)]) {
          if (msg !== undefined) expect(msg.length).toBeGreaterThan(0);
        }
        const p = validateIndividualProfile(
          { fullName: a, birthDate: c, gender: 'MALE', address: b, villageCode: d },
          regions,
          today,
        );
        if (p.ok) expect(p.profile.provinceCode).toBe(p.profile.villageCode.slice(0, 2));
        else expect(Object.values(p.fields).every((m) => m.length > 0)).toBe(true);
        const pp = validatePassport({
          number: a,
          issuingCountry: b,
          issueDate: c,
          expiryDate: d,
          issuingOffice: a,
          gender: 'FEMALE',
          nationality: b,
          placeOfBirth: c,
          birthDate: d,
        } as never);
        expect(typeof pp.ok).toBe('boolean');
        const e = validateEntityProfile(
          'PT',
          { name: a, npwp: b, phone: c, legalizationNumber: d },
          { nik: a, fullName: b, position: c, gender: 'MALE', birthDate: d, address: a, villageCode: b },
          regions,
          today,
        );
        if (!e.ok) expect(Object.keys(e.fields).length).toBeGreaterThan(0);
        expect(
          checkApplicantKind({
            scale: 'UMK',
            actorType: 'INDIVIDUAL',
            nik: a,
            hasPassport: false,
            channel: 'EMAIL',
            entityType: b,
            nonUmkKind: c,
          }),
        ).toBeDefined();
        expect(checkReason(a)).toBeDefined();
      }),
    );
  });

  it('masks never show the whole value, and search classification never throws', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.emailAddress(), digits(16)), (s) => {
        for (const masked of [maskEmail(s), maskText(s), maskNik(s), maskPhone(s)]) {
          if (s.length >= 8) expect(masked).not.toBe(s);
        }
        const t = classifySearch(s);
        if (t.kind === 'name') expect(t.value).toBe(searchText(t.value));
        if (t.kind === 'invalid') expect(t.error.length).toBeGreaterThan(0);
      }),
    );
  });

  it('IKM stays within 25-100 and its grade follows the bands; working days land on working days', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 9, maxLength: 9 }), (scores) => {
        expect(checkScores(scores)).toBeUndefined();
        const v = ikm(scores);
        expect(v).toBeGreaterThanOrEqual(25);
        expect(v).toBeLessThanOrEqual(100);
        expect(['A', 'B', 'C', 'D']).toContain(ikmGrade(v));
      }),
    );
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 10 }),
        (start, days) => {
          const due = addWorkingDays(start, days, new Set());
          expect(isWorkingDay(due, new Set())).toBe(true);
          expect(due.getTime() - start.getTime()).toBeGreaterThanOrEqual(days * 86400_000);
        },
      ),
    );
  });
});
