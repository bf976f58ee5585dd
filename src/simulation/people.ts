/** A simulated participant's name, look and starting state. */
export interface SimulatedPerson {
  /** Display name. */
  name: string;
  /** Avatar image URL (a data: URL keeps demos offline). */
  avatar?: string;
  /** Camera on (default true). */
  camera?: boolean;
  /** Microphone on (default true). */
  mic?: boolean;
  /** Speaking (shown only while the microphone is on; default false). */
  speaking?: boolean;
  /** Video announced in a format the player cannot play, so the tile shows the error (default false). */
  error?: boolean;
  /** No video arrives although the camera is on, so the tile keeps loading (default false). */
  stalled?: boolean;
}

const NAMES = [
  'Ada Lovelace',
  'Alan Turing',
  'Grace Hopper',
  'Katherine Johnson',
  'Linus Torvalds',
  'Margaret Hamilton',
  'Tim Berners-Lee',
  'Radia Perlman',
  'Dennis Ritchie',
  'Barbara Liskov',
  'Ken Thompson',
  'Frances Allen',
  'Donald Knuth',
  'Hedy Lamarr',
  'John McCarthy',
  'Sophie Wilson',
];

/**
 * A round avatar picture as a `data:image/svg+xml` URL: a face-like shape on a colored
 * background, different for every `hue`.
 */
export function svgAvatar(hue: number): string {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">` +
    `<rect width="64" height="64" fill="hsl(${hue} 55% 42%)"/>` +
    `<circle cx="32" cy="25" r="12" fill="hsl(${hue} 70% 85%)"/>` +
    `<path d="M10 62c2-14 11-20 22-20s20 6 22 20z" fill="hsl(${hue} 70% 85%)"/>` +
    `</svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/**
 * `count` people with distinct names (cycling through a list of 16), cameras and
 * microphones on; every third has an avatar picture, the rest get initials.
 */
export function samplePeople(count: number): SimulatedPerson[] {
  return Array.from({ length: count }, (_, i) => {
    const round = Math.floor(i / NAMES.length);
    const name = NAMES[i % NAMES.length]! + (round ? ` ${round + 1}` : '');
    return { name, ...(i % 3 === 1 && { avatar: svgAvatar((i * 47) % 360) }) };
  });
}
