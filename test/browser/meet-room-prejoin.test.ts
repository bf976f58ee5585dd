import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/all.js';
import type { MeetRoom } from '../../src/index.js';
import type { MeetPrejoin } from '../../src/meet-prejoin/meet-prejoin.component.js';
import { deviceHint } from '../../src/meet-prejoin/device-hint.js';
import { EN } from '../../src/i18n/strings.js';
import { KO } from '../../src/i18n/ko.js';
import { isFirefox } from './browser-env.js';
import { CAMERA_START_MS, sleep, uniqueRoom, until, videoAdvances } from './helpers.js';
import { part, tileFor, tileNames } from './elements-helpers.js';

const STORAGE_KEY = 'meet-elements:devices';

/** The pre-join screen a room shows, once its code has loaded and it rendered. */
async function prejoinOf(room: MeetRoom): Promise<MeetPrejoin> {
  return until(() => {
    const el = room.shadowRoot!.querySelector<MeetPrejoin>('meet-prejoin');
    return el?.shadowRoot && part(el, 'join-button') ? el : undefined;
  }, 'the pre-join screen');
}

const previewVideo = (prejoin: MeetPrejoin) => part<HTMLVideoElement>(prejoin, 'video')!;
const previewTrack = (prejoin: MeetPrejoin) => (previewVideo(prejoin).srcObject as MediaStream | null)?.getVideoTracks()[0];

describe('<meet-room prejoin>: the pre-join screen', function () {
  this.timeout(60000);
  beforeEach(() => localStorage.removeItem(STORAGE_KEY));

  it('previews the camera and the microphone level, sends nothing before Join, then joins with the same tracks; it shows again after leaving', async () => {
    const room = uniqueRoom('prejoin');
    const wrap = await fixture<HTMLDivElement>(html`<div style="display: flex; gap: 8px">
      <meet-room style="flex: none; width: 560px; height: 420px" server="/ws" room=${room} name="Ada" camera mic prejoin></meet-room>
      <meet-room style="flex: none; width: 480px; height: 360px" server="/ws" room=${room} name="Bob"></meet-room>
    </div>`);
    const [a, b] = [...wrap.querySelectorAll('meet-room')] as [MeetRoom, MeetRoom];
    const prejoin = await prejoinOf(a);
    await until(() => previewTrack(prejoin), 'the camera preview');
    await videoAdvances(previewVideo(prejoin));
    expect(part(prejoin, 'camera-button')!.getAttribute('aria-pressed')).to.equal('true');
    expect(part(prejoin, 'mic-button')!.getAttribute('aria-pressed')).to.equal('true');
    if (!isFirefox) {
      // Headless Firefox keeps audio contexts suspended: the meter is checked in Chromium.
      const meter = part(prejoin, 'meter')!;
      expect(meter.getAttribute('role')).to.equal('meter');
      await until(() => Number(meter.getAttribute('aria-valuenow')) > 0, 'the meter moves with the fake microphone');
    }
    // Named devices to choose from, once the preview may use them.
    await until(() => a.devices.cameras.some((d) => d.label), 'devices named');
    expect(prejoin.shadowRoot!.querySelectorAll('[part~="device-select"]').length).to.be.at.least(2);
    await expect(prejoin).to.be.accessible();

    // Nothing reaches the room before Join.
    await until(() => b.self, 'B joined');
    await sleep(300);
    expect(a.self, 'A is not in the room').to.equal(undefined);
    expect(tileNames(b)).to.deep.equal(['Bob']);

    // The name: empty, Join is off; typed, it is on.
    const input = part<HTMLInputElement>(prejoin, 'name-input')!;
    const join = part<HTMLButtonElement>(prejoin, 'join-button')!;
    input.value = '  ';
    input.dispatchEvent(new Event('input'));
    await prejoin.updateComplete;
    expect(join.disabled, 'no name, no Join').to.equal(true);
    input.value = 'Ada L';
    input.dispatchEvent(new Event('input'));
    await prejoin.updateComplete;
    expect(join.disabled).to.equal(false);

    const shown = previewTrack(prejoin)!;
    // Enter in the name field joins.
    input.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => a.self?.camera, 'A joined with the camera on');
    expect(a.self!.name).to.equal('Ada L');
    expect(a.self!.mic).to.equal(true);
    expect(a.api.localVideoTrack, 'the preview track is sent, not a second one').to.equal(shown);
    expect(shown.readyState).to.equal('live');
    const tile = await until(() => tileFor(b, a.self!.id), "B shows Ada's tile");
    await until(() => tile.state === 'video', "Ada's video at B", CAMERA_START_MS);
    await videoAdvances(part<HTMLVideoElement>(tile, 'video')!);

    await a.leave();
    const again = await prejoinOf(a);
    expect(part(again, 'message')!.textContent).to.equal('You left the meeting.');
    expect(shown.readyState, 'the camera sent was released').to.equal('ended');
    await until(() => !tileFor(b, a.self?.id ?? -1) && tileNames(b).length === 1, 'Ada left B');
  });

  it('turning the camera off before joining joins without it and releases it', async () => {
    const a = await fixture<MeetRoom>(html`<meet-room style="width: 560px; height: 420px" server="/ws" room=${uniqueRoom('prejoin-off')} name="Ada" camera prejoin></meet-room>`);
    const prejoin = await prejoinOf(a);
    const track = await until(() => previewTrack(prejoin), 'the camera preview');
    part<HTMLButtonElement>(prejoin, 'camera-button')!.click();
    await until(() => track.readyState === 'ended', 'the camera released');
    expect(part(prejoin, 'camera-button')!.getAttribute('aria-pressed')).to.equal('false');
    expect(previewVideo(prejoin).hidden, 'no preview').to.equal(true);
    part<HTMLButtonElement>(prejoin, 'join-button')!.click();
    await until(() => a.self, 'joined');
    expect(a.self!.camera).to.equal(false);
    expect(a.api.localVideoTrack).to.equal(undefined);
  });

  it('a camera that cannot be opened says why and what to do, and Try again opens it once it can', async () => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ camera: 'a-camera-that-is-gone' }));
    const a = await fixture<MeetRoom>(html`<meet-room style="width: 560px; height: 420px" server="/ws" room=${uniqueRoom('prejoin-error')} name="Ada" camera prejoin></meet-room>`);
    const prejoin = await prejoinOf(a);
    const error = await until(() => part(prejoin, 'error'), 'the error');
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.contain('No camera found.');
    expect(error.textContent).to.contain('plug one in or pick another below');
    // Picking a camera that exists, then Try again, opens it.
    await a.useCamera('');
    part<HTMLButtonElement>(prejoin, 'retry-button')!.click();
    await until(() => previewTrack(prejoin), 'the camera preview');
    expect(part(prejoin, 'error')).to.equal(null);
  });

  it('join() skips the pre-join screen', async () => {
    const a = await fixture<MeetRoom>(html`<meet-room style="width: 560px; height: 420px" server="/ws" room=${uniqueRoom('prejoin-skip')} name="Ada" prejoin></meet-room>`);
    await prejoinOf(a);
    await a.join();
    expect(a.self?.name).to.equal('Ada');
    expect(a.shadowRoot!.querySelector('meet-prejoin')).to.equal(null);
  });

  it("says where to allow a blocked camera in each browser's own words", () => {
    const chrome = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
    const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
    const safari = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
    expect(deviceHint('camera-denied', 'Camera', EN, chrome)).to.match(/^Click the camera icon .* in the address bar/);
    expect(deviceHint('camera-denied', 'Camera', EN, firefox)).to.match(/^Click the crossed-out camera or microphone icon/);
    expect(deviceHint('microphone-denied', 'Microphone', EN, safari)).to.match(/^Open Safari › Settings for This Website/);
    expect(deviceHint('microphone-denied', 'Microphone', EN, safari)).to.contain('Privacy & Security › Microphone');
    expect(deviceHint('camera-in-use', 'Camera', EN, chrome)).to.contain('Another app or tab is using the camera');
    expect(deviceHint('camera-in-use', '카메라', KO, chrome), 'in Korean').to.contain('다른 앱이나 탭이 카메라를 사용하고 있습니다');
  });
});
