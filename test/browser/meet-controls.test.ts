import { expect, fixture, html } from '@open-wc/testing';
import '../../src/all.js';
import type { MeetControls, MeetRoom } from '../../src/index.js';
import { SimulatedRoom } from '../../src/simulation/index.js';
import { sleep, uniqueRoom, until } from './helpers.js';
import { part, record } from './elements-helpers.js';

/** A joined room (camera and mic off) with its default controls. */
async function joinedRoom() {
  const room = await fixture<MeetRoom>(html`<meet-room style="width: 480px; height: 320px" server="/ws" room=${uniqueRoom('controls')} name="Ada"></meet-room>`);
  await until(() => room.self, 'joined');
  const controls = room.shadowRoot!.querySelector('meet-controls')!;
  await controls.updateComplete;
  return { room, controls };
}

const button = (controls: MeetControls, name: string) => part<HTMLButtonElement>(controls, `${name}-button`)!;

/** Presses a shortcut the way a keyboard would: a cancelable keydown bubbling from the page. */
function press(key: 'e' | 'd', modifier: 'ctrlKey' | 'metaKey' = 'ctrlKey') {
  const e = new KeyboardEvent('keydown', { key, code: `Key${key.toUpperCase()}`, [modifier]: true, bubbles: true, cancelable: true, composed: true });
  document.body.dispatchEvent(e);
  return e;
}

describe('<meet-controls>', () => {
  it('toggles the camera and microphone with aria-pressed, disabled while a change is pending', async () => {
    const { room, controls } = await joinedRoom();
    const camera = button(controls, 'camera');
    const mic = button(controls, 'mic');
    expect(camera.getAttribute('aria-pressed')).to.equal('false');
    expect(camera.getAttribute('aria-label')).to.equal('Camera');
    expect(camera.getAttribute('part')).to.equal('button camera-button');
    expect(mic.getAttribute('aria-pressed')).to.equal('false');
    expect(camera.querySelector('svg')).to.not.equal(null);

    camera.click();
    await controls.updateComplete;
    expect(camera.disabled).to.equal(true, 'disabled while the camera starts');
    await until(() => camera.getAttribute('aria-pressed') === 'true' && !camera.disabled, 'camera on');
    expect(room.self!.camera).to.equal(true);

    mic.click();
    await until(() => mic.getAttribute('aria-pressed') === 'true', 'mic on');
    expect(room.self!.mic).to.equal(true);

    camera.click();
    await until(() => camera.getAttribute('aria-pressed') === 'false', 'camera off');
    expect(room.self!.camera).to.equal(false);
    expect(room.self!.mic).to.equal(true, 'the camera button leaves the mic alone');
    await expect(controls).to.be.accessible();
  });

  it('Ctrl+E and Cmd+D work while joined, and do nothing after leaving', async () => {
    const { room, controls } = await joinedRoom();
    const e = press('e');
    expect(e.defaultPrevented).to.equal(true, 'the browser shortcut is suppressed');
    await until(() => room.self?.camera, 'Ctrl+E turned the camera on');
    await until(() => button(controls, 'camera').getAttribute('aria-pressed') === 'true', 'button shows it');
    press('d', 'metaKey');
    await until(() => room.self?.mic, 'Cmd+D turned the mic on');
    press('e');
    await until(() => room.self && !room.self.camera, 'Ctrl+E turned the camera off');

    const plain = new KeyboardEvent('keydown', { key: 'e', code: 'KeyE', bubbles: true, cancelable: true });
    document.body.dispatchEvent(plain);
    expect(plain.defaultPrevented).to.equal(false, 'E without Ctrl is just a key');

    button(controls, 'leave').click();
    await until(() => !room.self, 'left');
    const after = press('e');
    expect(after.defaultPrevented).to.equal(false);
    await sleep(500);
    expect(room.self).to.equal(undefined);
    expect(room.api.localVideoTrack).to.equal(undefined, 'no camera after leaving');
    await controls.updateComplete;
    expect(button(controls, 'camera').disabled).to.equal(true);
  });

  it('leaves the room with the leave button', async () => {
    const { room, controls } = await joinedRoom();
    const left = record(room, 'meet-left');
    button(controls, 'leave').click();
    expect(left.length).to.equal(1);
    await room.updateComplete;
    expect(room.getAttribute('connection')).to.equal('closed');
    expect(room.self).to.equal(undefined);
  });

  it('controls a room elsewhere on the page with for=, and stops listening when removed', async () => {
    const id = `room-${Math.random().toString(36).slice(2)}`;
    const wrap = await fixture<HTMLDivElement>(html`<div>
      <meet-controls for=${id}></meet-controls>
      <meet-room id=${id} style="width: 480px; height: 320px" server="/ws" room=${uniqueRoom('for')} name="Ada"><span slot="controls"></span></meet-room>
    </div>`);
    const room = wrap.querySelector('meet-room')!;
    const controls = wrap.querySelector('meet-controls')!;
    expect(room.shadowRoot!.querySelector('meet-controls')).to.equal(null, 'the slotted child replaced the default');
    await until(() => room.self, 'joined');
    await until(() => !button(controls, 'mic').disabled, 'controls enabled once joined');
    button(controls, 'mic').click();
    await until(() => room.self?.mic, 'the outside button turned the mic on');

    controls.remove();
    const e = press('d');
    expect(e.defaultPrevented).to.equal(false, 'a removed control has no shortcut');
    await sleep(300);
    expect(room.self!.mic).to.equal(true);
  });

  it('for= follows its target: a source set on the room, then the room element replaced by another with that id', async () => {
    const id = `room-${Math.random().toString(36).slice(2)}`;
    const first = new SimulatedRoom({ self: { name: 'First', mic: false }, deviceDelay: 0 });
    const second = new SimulatedRoom({ self: { name: 'Second', mic: false }, deviceDelay: 0 });
    try {
      const wrap = await fixture<HTMLDivElement>(html`<div>
        <meet-controls for=${id}></meet-controls>
        <meet-room id=${id} style="width: 480px; height: 320px"></meet-room>
      </div>`);
      const controls = wrap.querySelector('meet-controls')!;
      const room = wrap.querySelector('meet-room')!;
      await controls.updateComplete;
      expect(button(controls, 'mic').disabled).to.equal(true, 'a room that joined nothing: nothing to control');

      room.source = first;
      await until(() => !button(controls, 'mic').disabled, 'the controls follow the source set on the room');
      button(controls, 'mic').click();
      await until(() => first.self?.mic, "the button turned the first source's mic on");
      await until(() => button(controls, 'mic').getAttribute('aria-pressed') === 'true', 'the button shows it');

      const replacement = document.createElement('meet-room');
      replacement.id = id;
      replacement.source = second;
      room.replaceWith(replacement);
      await until(() => button(controls, 'mic').getAttribute('aria-pressed') === 'false', "the button shows the new room's mic");
      button(controls, 'mic').click();
      await until(() => second.self?.mic, "the button turned the new room's mic on");
      button(controls, 'mic').click();
      await until(() => !second.self?.mic, 'and off again');
      expect(first.self!.mic).to.equal(true, 'the replaced room was left alone');
    } finally {
      first.dispose();
      second.dispose();
    }
  });

  it('is disabled and accessible outside any room', async () => {
    const controls = await fixture<MeetControls>(html`<meet-controls></meet-controls>`);
    for (const name of ['camera', 'mic', 'leave']) expect(button(controls, name).disabled, name).to.equal(true);
    expect(press('e').defaultPrevented).to.equal(false);
    await expect(controls).to.be.accessible();
  });
});
