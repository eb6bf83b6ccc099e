import express from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { SKM_WEIGHT } from '../../domain/ikm';
import { PUBLIC_MIN_RESPONDENTS, SkmSemester, SkmService } from './skm.service';

/** Finished semesters never change (an answer is dated when given), so one read serves for a while. */
const CACHE_MS = 10 * 60_000;

/**
 * The published IKM, no login: `/ikm` (HTML) and `/ikm.json` for the office's
 * website. Per finished semester, aggregates only; a semester with fewer than
 * PUBLIC_MIN_RESPONDENTS respondents shows no figures.
 */
/** The semesters of every unit together (unit null), then of each regional unit with answers. */
export interface UnitSemesters {
  unit: { name: string; regionCode: string } | null;
  semesters: SkmSemester[];
}

async function readAll(skm: SkmService, orm: MikroORM): Promise<UnitSemesters[]> {
  const em = orm.em.fork();
  const out: UnitSemesters[] = [{ unit: null, semesters: await skm.semesters(em) }];
  for (const u of await skm.unitsWithSurveys(em)) {
    const semesters = await skm.semesters(em, u.id);
    if (semesters.length) out.push({ unit: { name: u.name, regionCode: u.regionCode! }, semesters });
  }
  return out;
}

export function ikmPages(skm: SkmService, orm: MikroORM): express.Router {
  let cached: { at: number; semesters: Promise<UnitSemesters[]> } | undefined;
  const semesters = () => {
    if (!cached || Date.now() - cached.at > CACHE_MS) {
      const read = readAll(skm, orm);
      cached = { at: Date.now(), semesters: read };
      read.catch(() => (cached = undefined));
    }
    return cached.semesters;
  };
  const router = express.Router();
  router.get('/ikm.json', async (_req, res, next) => {
    try {
      // Public aggregates: any website may fetch them from the browser.
      res
        .set({ 'cache-control': 'public, max-age=600', 'access-control-allow-origin': '*' })
        .json(publicJson(await semesters()));
    } catch (err) {
      next(err);
    }
  });
  router.get('/ikm', async (_req, res, next) => {
    try {
      res
        .set('cache-control', 'public, max-age=600')
        .type('html')
        .send(publicHtml(await semesters()));
    } catch (err) {
      next(err);
    }
  });
  return router;
}

/**
 * Per unit and semester: `unit` null is every unit together (the whole
 * helpdesk); then each regional unit (`{ name, regionCode }`) with answers.
 */
export function publicJson(units: UnitSemesters[]) {
  return {
    weight: SKM_WEIGHT,
    minimumRespondents: PUBLIC_MIN_RESPONDENTS,
    periods: units.flatMap(({ unit, semesters }) =>
      semesters.map((s) => ({
        unit,
        label: s.label,
        from: s.from.toISOString(),
        to: s.to.toISOString(),
        published: s.published,
        respondents: s.respondents,
        ikm: s.ikm,
        grade: s.grade,
        gradeLabel: s.gradeLabel,
        elements: s.elements.map(({ code, name, nrr, weightedNrr }) => ({ code, name, nrr, weightedNrr })),
      })),
    ),
  };
}

const esc = (v: string) =>
  v.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** Indonesian decimals: 80,00. */
const num = (v: number, digits: number) => v.toFixed(digits).replace('.', ',');

function semesterHtml(s: SkmSemester, h = 'h2'): string {
  if (!s.published) {
    return `<section><${h}>${esc(s.label)}</${h}>
<p>Belum dipublikasikan: responden kurang dari ${PUBLIC_MIN_RESPONDENTS}, sehingga jawaban perorangan dapat dikenali.</p></section>`;
  }
  const rows = s.elements
    .map(
      (e) =>
        `<tr><td>${esc(e.code)}</td><td>${esc(e.name)}</td><td class="n">${num(e.nrr, 2)}</td>` +
        `<td class="n">${num(e.weightedNrr, 3)}</td></tr>`,
    )
    .join('\n');
  return `<section><${h}>${esc(s.label)}</${h}>
<p class="ikm"><strong>IKM ${num(s.ikm!, 2)}</strong> · mutu ${esc(s.grade!)} (${esc(s.gradeLabel!)}) ·
${s.respondents} responden</p>
<table><thead><tr><th>Unsur</th><th>Nama</th><th class="n">NRR</th><th class="n">NRR tertimbang</th></tr></thead>
<tbody>
${rows}
</tbody></table></section>`;
}

export function publicHtml(units: UnitSemesters[]): string {
  const [all, ...regional] = units;
  const body = all.semesters.length
    ? all.semesters.map((s) => semesterHtml(s)).join('\n')
    : '<p>Belum ada semester yang selesai dengan hasil survei.</p>';
  const perUnit = regional
    .map(
      ({ unit, semesters }) =>
        `<section class="unit"><h2>${esc(unit!.name)}</h2>\n${semesters.map((s) => semesterHtml(s, 'h3')).join('\n')}</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Indeks Kepuasan Masyarakat – Layanan Pengaduan OSS</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f4f6f8; margin: 0; color: #1d2329; }
  main { max-width: 760px; margin: 4vh auto; background: #fff; padding: 1.5rem 2rem; border-radius: 8px;
    box-shadow: 0 1px 4px #0002; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #e3e6ea; }
  .n { text-align: right; font-variant-numeric: tabular-nums; }
  .ikm { font-size: 1.15rem; }
  section { margin-top: 1.5rem; }
  footer { margin-top: 2rem; font-size: .85rem; color: #5a6570; }
</style>
</head>
<body>
<main>
<h1>Indeks Kepuasan Masyarakat</h1>
<p>Hasil Survei Kepuasan Masyarakat atas layanan pengaduan OSS menurut Peraturan Menteri PANRB Nomor 14 Tahun 2017,
per semester (WIB): seluruh unit layanan bersama, lalu setiap unit daerah. Yang ditampilkan hanya angka gabungan,
tidak pernah jawaban perorangan.</p>
${body}
${perUnit ? `<h2 class="units">Per unit layanan</h2>\n${perUnit}` : ''}
<footer>NRR = jumlah nilai per unsur ÷ jumlah responden; NRR tertimbang = NRR × 1/9; IKM = Σ NRR tertimbang × 25.
Mutu: A 88,31–100 (sangat baik), B 76,61–88,30 (baik), C 65,00–76,60 (kurang baik), D 25,00–64,99 (tidak baik).
Semester berjalan tampil setelah semester berakhir. Data juga tersedia sebagai <a href="/ikm.json">JSON</a>.</footer>
</main>
</body>
</html>
`;
}
