// The `screen` track (frame track 2, state flag `sharing`, MIME in `screen`): a shared screen
// is its own track beside the camera, with its own late-joiner cache, refused until signaled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRelay, TestClient, settle } from './helpers.mjs';

let relay;
before(async () => (relay = await startRelay({ resumeGrace: 2000 })));
after(() => relay.close());

const screen = (epoch, seq, flags = {}) => ({ track: 'screen', epoch, seq, init: false, keyframe: false, ...flags });
const SCREEN_MIME = 'video/webm;codecs=vp8';

test('screen frames are refused until sharing is signaled, then fan out beside the camera; state says sharing and its MIME', async () => {
  const pub = await TestClient.connect(relay.url);
  await pub.join('share', 'Pub', { camera: true });
  const sub = await TestClient.connect(relay.url);
  await sub.join('share', 'Sub');
  pub.sendFrame(screen(1, 0, { init: true }), 'too-early');
  await pub.error('bad-frame');

  pub.send({ type: 'state', sharing: true, screen: SCREEN_MIME });
  const state = await sub.waitFor(() => sub.messages.find((m) => m.type === 'state' && m.id === pub.id && m.sharing), 'sharing state');
  assert.equal(state.screen, SCREEN_MIME);
  assert.equal(state.camera, true, 'the camera stays on beside the screen');
  pub.sendFrame(screen(1, 0, { init: true }), 'screen-init');
  pub.sendFrame({ track: 'video', epoch: 4, seq: 0, init: true, keyframe: false }, 'camera-init');
  pub.sendFrame(screen(1, 1, { keyframe: true }), 'screen-kf');
  await sub.waitFor(() => sub.frames.length === 3, 'three frames');
  assert.deepEqual(sub.frames.map((f) => [f.track, f.payload, f.sender]), [
    ['screen', 'screen-init', pub.id],
    ['video', 'camera-init', pub.id],
    ['screen', 'screen-kf', pub.id],
  ]);
  assert.ok(!sub.frames.some((f) => f.payload === 'too-early'), 'the refused frame was not forwarded');

  // Sharing stopped: the state says so (no MIME), and screen frames are refused again.
  pub.send({ type: 'state', sharing: false, screen: null });
  const states = () => sub.messages.filter((m) => m.type === 'state' && m.id === pub.id);
  await sub.waitFor(() => states().length === 2, 'the stopped state');
  assert.equal(states()[1].sharing, undefined, 'not sharing');
  assert.equal(states()[1].screen, undefined, 'no screen MIME');
  pub.sendFrame(screen(2, 0, { init: true }), 'after-stop');
  await pub.waitFor(() => pub.messages.filter((m) => m.code === 'bad-frame').length === 2, 'a second bad-frame');
  await settle();
  assert.ok(!sub.frames.some((f) => f.payload === 'after-stop'));
  await Promise.all([pub.close(), sub.close()]);
});

test('a late joiner gets the screen\'s init and frames since its keyframe, apart from the camera\'s; stopping clears only the screen', async () => {
  const pub = await TestClient.connect(relay.url);
  await pub.join('share-late', 'Pub', { camera: true });
  pub.send({ type: 'state', sharing: true, screen: SCREEN_MIME });
  pub.sendFrame({ track: 'video', epoch: 1, seq: 0, init: true, keyframe: false }, 'cam-init');
  pub.sendFrame({ track: 'video', epoch: 1, seq: 1, init: false, keyframe: true }, 'cam-kf');
  pub.sendFrame(screen(3, 0, { init: true }), 'scr-init');
  pub.sendFrame(screen(3, 1, { keyframe: true }), 'scr-kf-old');
  pub.sendFrame(screen(3, 2), 'scr-delta-old');
  pub.sendFrame(screen(3, 3, { keyframe: true }), 'scr-kf');
  pub.sendFrame(screen(3, 4), 'scr-delta');
  await settle(100);
  const late = await TestClient.connect(relay.url);
  const welcome = await late.join('share-late', 'Late');
  const listed = welcome.participants.find((p) => p.id === pub.id);
  assert.equal(listed.sharing, true, 'the welcome lists who shares');
  assert.equal(listed.screen, SCREEN_MIME);
  await late.waitFor(() => late.frames.length === 5, 'five cached frames');
  assert.deepEqual(late.frames.filter((f) => f.track === 'screen').map((f) => f.payload), ['scr-init', 'scr-kf', 'scr-delta']);
  assert.deepEqual(late.frames.filter((f) => f.track === 'video').map((f) => f.payload), ['cam-init', 'cam-kf']);

  pub.send({ type: 'state', sharing: false, screen: null });
  await late.message('state');
  const later = await TestClient.connect(relay.url);
  await later.join('share-late', 'Later');
  await later.waitFor(() => later.frames.length === 2, 'the camera cache');
  await settle();
  assert.deepEqual(later.frames.map((f) => [f.track, f.payload]), [['video', 'cam-init'], ['video', 'cam-kf']]);
  await Promise.all([pub.close(), late.close(), later.close()]);
});

test('keyframe-request for the screen reaches its publisher; a screen MIME must be video; sharing must be a boolean', async () => {
  const pub = await TestClient.connect(relay.url);
  await pub.join('share-kf', 'Pub');
  const sub = await TestClient.connect(relay.url);
  await sub.join('share-kf', 'Sub');
  sub.send({ type: 'keyframe-request', to: pub.id, track: 'screen' });
  const request = await pub.message('keyframe-request');
  assert.deepEqual(request, { type: 'keyframe-request', from: sub.id, track: 'screen' });

  pub.send({ type: 'state', sharing: true, screen: 'audio/webm;codecs=opus' });
  await pub.error('bad-message');
  pub.send({ type: 'state', sharing: 'yes' });
  await pub.waitFor(() => pub.messages.filter((m) => m.code === 'bad-message').length === 2, 'a second bad-message');
  await settle();
  assert.ok(!sub.messages.some((m) => m.type === 'state' && m.id === pub.id), 'nothing refused was broadcast');
  await Promise.all([pub.close(), sub.close()]);
});

test('a participant that resumes shares no screen until it says so again, and the room is told', async () => {
  const pub = await TestClient.connect(relay.url);
  const welcome = await pub.join('share-resume', 'Pub', { camera: true });
  const sub = await TestClient.connect(relay.url);
  await sub.join('share-resume', 'Sub');
  pub.send({ type: 'state', sharing: true, screen: SCREEN_MIME });
  await sub.waitFor(() => sub.messages.some((m) => m.type === 'state' && m.sharing), 'sharing');
  pub.ws.terminate();
  const back = await TestClient.connect(relay.url);
  const again = await back.join('share-resume', 'Pub', { camera: true, resume: welcome.resume });
  assert.equal(again.resumed, true);
  assert.equal(again.self.id, pub.id);
  assert.equal(again.self.sharing, undefined);
  const states = () => sub.messages.filter((m) => m.type === 'state' && m.id === pub.id);
  await sub.waitFor(() => states().length === 3, 'the drop\'s and the resume\'s states');
  assert.equal(states()[1].reconnecting, true, 'reconnecting while the relay waits for it');
  assert.equal(states()[2].sharing, undefined, 'not sharing after the resume');
  assert.equal(states()[2].reconnecting, undefined, 'back');
  assert.ok(!sub.messages.some((m) => m.type === 'left'), 'nobody saw it leave');
  await Promise.all([back.close(), sub.close()]);
});

test("a shared screen's sound (track 3, screenAudio) goes with the screen: signaled, cached for late joiners, unwatched with it, gone when sharing stops", async () => {
  const pub = await TestClient.connect(relay.url);
  await pub.join('share-sound', 'Pub');
  const sub = await TestClient.connect(relay.url);
  await sub.join('share-sound', 'Sub');
  const sound = (epoch, seq, flags = {}) => ({ track: 'screenAudio', epoch, seq, init: false, keyframe: false, ...flags });
  pub.sendFrame(sound(1, 0, { init: true }), 'too-early');
  await pub.error('bad-frame');
  pub.send({ type: 'state', sharing: true, screen: SCREEN_MIME, screenAudio: 'video/webm' });
  await pub.error('bad-message');
  pub.send({ type: 'state', sharing: true, screen: SCREEN_MIME, screenAudio: 'audio/webm;codecs=opus' });
  const state = await sub.waitFor(() => sub.messages.find((m) => m.type === 'state' && m.screenAudio), 'the sound announced');
  assert.equal(state.screenAudio, 'audio/webm;codecs=opus');
  pub.sendFrame(screen(1, 0, { init: true }), 'scr-init');
  pub.sendFrame(screen(1, 1, { keyframe: true }), 'scr-kf');
  pub.sendFrame(sound(1, 0, { init: true }), 'snd-init');
  pub.sendFrame(sound(1, 1, { keyframe: true }), 'snd-kf');
  await sub.waitFor(() => sub.frames.length === 4, 'four frames');
  assert.deepEqual(sub.frames.map((f) => [f.track, f.payload]), [['screen', 'scr-init'], ['screen', 'scr-kf'], ['screenAudio', 'snd-init'], ['screenAudio', 'snd-kf']]);

  const late = await TestClient.connect(relay.url);
  const welcome = await late.join('share-sound', 'Late');
  assert.equal(welcome.participants.find((p) => p.id === pub.id).screenAudio, 'audio/webm;codecs=opus');
  await late.waitFor(() => late.frames.length === 4, 'the cached screen and sound');
  late.send({ type: 'subscribe', from: pub.id, track: 'screenAudio', on: false });
  await settle();
  pub.sendFrame(sound(1, 2), 'snd-d');
  await sub.waitFor(() => sub.frames.some((f) => f.payload === 'snd-d'), 'the sound goes on to Sub');
  await settle();
  assert.ok(!late.frames.some((f) => f.payload === 'snd-d'), 'not to who unwatched it');

  pub.send({ type: 'state', sharing: false, screen: null });
  const stopped = await sub.waitFor(() => sub.messages.filter((m) => m.type === 'state').at(-1)?.sharing === undefined && sub.messages.filter((m) => m.type === 'state').length >= 2 && sub.messages.filter((m) => m.type === 'state').at(-1), 'sharing stopped');
  assert.equal(stopped.screenAudio, undefined, 'its sound went with it');
  pub.sendFrame(sound(1, 3), 'after');
  await pub.waitFor(() => pub.messages.filter((m) => m.code === 'bad-frame').length === 2, 'refused again');
  await Promise.all([pub.close(), sub.close(), late.close()]);
});
