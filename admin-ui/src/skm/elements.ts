/**
 * The nine SKM elements (Permenpan-RB 14/2017) with the regulation's wording
 * of answers 1–4, as the questionnaire asks them. Kept equal to the server's
 * list by test/console-skm.test.ts.
 */
export const SKM_ELEMENTS: { code: string; name: string; labels: [string, string, string, string] }[] = [
  { code: 'U1', name: 'Persyaratan', labels: ['Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai'] },
  {
    code: 'U2',
    name: 'Sistem, mekanisme, dan prosedur',
    labels: ['Tidak mudah', 'Kurang mudah', 'Mudah', 'Sangat mudah'],
  },
  { code: 'U3', name: 'Waktu penyelesaian', labels: ['Tidak cepat', 'Kurang cepat', 'Cepat', 'Sangat cepat'] },
  { code: 'U4', name: 'Biaya/tarif', labels: ['Sangat mahal', 'Cukup mahal', 'Murah', 'Gratis'] },
  {
    code: 'U5',
    name: 'Produk spesifikasi jenis pelayanan',
    labels: ['Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai'],
  },
  {
    code: 'U6',
    name: 'Kompetensi pelaksana',
    labels: ['Tidak kompeten', 'Kurang kompeten', 'Kompeten', 'Sangat kompeten'],
  },
  {
    code: 'U7',
    name: 'Perilaku pelaksana',
    labels: ['Tidak sopan dan ramah', 'Kurang sopan dan ramah', 'Sopan dan ramah', 'Sangat sopan dan ramah'],
  },
  {
    code: 'U8',
    name: 'Penanganan pengaduan, saran dan masukan',
    labels: ['Tidak ada', 'Ada tetapi tidak berfungsi', 'Berfungsi kurang maksimal', 'Dikelola dengan baik'],
  },
  { code: 'U9', name: 'Sarana dan prasarana', labels: ['Buruk', 'Cukup', 'Baik', 'Sangat baik'] },
];
