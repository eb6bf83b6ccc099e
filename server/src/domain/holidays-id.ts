/**
 * Indonesian days off that the `date-holidays` package does not know, kept by
 * hand from each year's joint decree of the Minister of Religious Affairs, the
 * Minister of Manpower and the Minister of State Apparatus (SKB 3 Menteri on
 * libur nasional and cuti bersama). The operator adds next year's entry when
 * the decree is signed (usually September-November) and corrects a lunar
 * holiday when the government's date differs from the computed one.
 *
 * Dates are calendar days in Asia/Jakarta (YYYY-MM-DD).
 */
export interface DecreeYear {
  /** The decree the dates come from, for whoever checks them. */
  decree: string;
  /** Cuti bersama: collective leave, the offices (and the helpdesk's clock) stop. */
  cutiBersama: Record<string, string>;
  /** National holidays of the decree that date-holidays lacks or puts on another day. */
  liburNasional?: Record<string, string>;
  /** Days date-holidays computes as holidays that the decree moved to another day (they are working days). */
  notHolidays?: string[];
}

export const ID_DECREES: Readonly<Record<number, DecreeYear>> = {
  2026: {
    decree:
      'SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB No. 1497, 2 dan 5 Tahun 2025 (19 September 2025)',
    cutiBersama: {
      '2026-02-16': 'Cuti bersama Tahun Baru Imlek 2577 Kongzili',
      '2026-03-18': 'Cuti bersama Hari Suci Nyepi (Tahun Baru Saka 1948)',
      '2026-03-20': 'Cuti bersama Idul Fitri 1447 H',
      '2026-03-23': 'Cuti bersama Idul Fitri 1447 H',
      '2026-03-24': 'Cuti bersama Idul Fitri 1447 H',
      '2026-05-15': 'Cuti bersama Kenaikan Yesus Kristus',
      '2026-05-28': 'Cuti bersama Idul Adha 1447 H',
      '2026-12-24': 'Cuti bersama Kelahiran Yesus Kristus',
    },
    // The decree sets Idul Fitri on 21-22 March; date-holidays computes 20-21 March (20 March is cuti bersama anyway).
    liburNasional: { '2026-03-22': 'Idul Fitri 1447 H (hari kedua)' },
  },
  // 2027: add the entry when the SKB 3 Menteri for 2027 is at hand; until then only date-holidays,
  // Easter Sunday and COMPLAINT_HOLIDAYS count in 2027.
};
