// Type-level test (never run): what TypeScript users get from meet-elements' declarations.
// `npm run typecheck` compiles it; a wrong or missing type (or one that became `any`, which
// would make the @ts-expect-error lines unused) fails the typecheck.
import type { MeetCameraChangeEvent, MeetErrorCode, MeetRoom, MeetTile, MeetingSession, MsePlayer, Participant, Publisher } from '../../src/index.js';
import '../../src/all.js';

// HTMLElementTagNameMap: the tag gives the element class.
const room = document.querySelector('meet-room')!;
const asRoom: MeetRoom = room;
const tile: MeetTile = document.createElement('meet-tile');
const latency: number | undefined = room.latency;
// @ts-expect-error latency is a number, not a string
room.latency = '0.3';

// GlobalEventHandlersEventMap: the event name gives the event class and its fields.
room.addEventListener('meet-camera-change', (e) => {
  const event: MeetCameraChangeEvent = e;
  const camera: boolean = e.camera;
  const local: boolean = e.local;
  const who: Participant = e.participant;
  // @ts-expect-error there is no `on` field: it is `camera`
  void e.on;
  void [event, camera, local, who];
});
document.querySelector('meet-room')!.addEventListener('meet-camera-change', (e) => e.camera);
room.addEventListener('meet-mic-change', (e) => {
  const mic: boolean = e.mic;
  // @ts-expect-error a mic change has no `camera`
  void e.camera;
  void mic;
});
room.addEventListener('meet-participant-join', (e) => void (e.participant.name satisfies string));
room.addEventListener('meet-participant-leave', (e) => void (e.participant.id satisfies number));
room.addEventListener('meet-joined', (e) => void (e.self satisfies Participant));
room.addEventListener('meet-speaking-change', (e) => void (e.speaking satisfies boolean));
room.addEventListener('meet-connection-change', (e) => void (e.connection satisfies 'connecting' | 'open' | 'reconnecting' | 'closed'));
room.addEventListener('meet-error', (e) => {
  const code: MeetErrorCode = e.code;
  // @ts-expect-error not a code meet-error ever has
  const wrong: typeof e.code = 'camera-broken';
  void [code, wrong];
});
// Listening on any element or the document works too: the events bubble and are composed.
document.addEventListener('meet-participant-join', (e) => void (e.participant satisfies Participant));

// Core event targets: the event name gives the event class, with no cast.
declare const session: MeetingSession;
declare const player: MsePlayer;
declare const publisher: Publisher;
session.addEventListener('error', (e) => void (e.code satisfies string));
session.addEventListener('change', (e) => void (e.kind satisfies 'join' | 'leave' | 'state' | 'media' | 'local' | 'connection'));
player.addEventListener('error', (e) => void (e.reason satisfies 'unsupported' | 'decode'));
player.addEventListener('firstframe', (e) => void (e.epoch satisfies number));
publisher.addEventListener('error', (e) => void (e.track satisfies 'video' | 'audio' | 'screen' | 'screenAudio'));
session.addEventListener('deviceerror', (e) => void [e.device satisfies 'camera' | 'mic' | 'sharing', e.cause.name satisfies string]);
// @ts-expect-error a player fires no `change`
player.addEventListener('change', () => undefined);
// @ts-expect-error a session error has no `reason`
session.addEventListener('error', (e) => e.reason);

void [asRoom, tile, latency];
