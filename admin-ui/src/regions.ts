import { useEffect, useState } from 'react';
import { gql } from './api';

/**
 * Province names from the server's region data (the `provinces` query), fetched
 * once per page load and kept: the console shows names where the data holds codes.
 */
export const PROVINCES = '{ provinces { code name } }';
let provinces: Promise<Record<string, string>> | undefined;
function loadProvinces() {
  provinces ??= gql<{ provinces: { code: string; name: string }[] }>(PROVINCES).then(
    (r) => Object.fromEntries(r.provinces.map((p) => [p.code, p.name])),
    (e) => {
      provinces = undefined; // try again next time
      throw e;
    },
  );
  return provinces;
}

export function useProvinceNames(): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  useEffect(() => {
    let live = true;
    loadProvinces().then(
      (n) => live && setNames(n),
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);
  return names;
}

/** "Jawa Timur" for "35"; the code while the names load or when it is unknown. */
export function useProvinceName() {
  const names = useProvinceNames();
  return (code?: string | null) => (code ? (names[code] ?? code) : '–');
}
