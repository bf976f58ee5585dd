/**
 * A meeting with no server, for demos, Storybook and tests: {@link SimulatedRoom} is a
 * `RoomApi` whose participants' video comes from canvas cameras recorded by a real
 * MediaRecorder and played through the real MSE players. Render it with
 * `<meet-room .source=${room}>`, or give it to tiles and controls through the room context.
 */
export { SimulatedRoom, UNPLAYABLE_VIDEO_MIME, type SimulatedRoomOptions } from './simulated-room.js';
export { CanvasCamera, CanvasCameraErrorEvent, type CameraListener, type CanvasCameraOptions } from './canvas-camera.js';
export { samplePeople, svgAvatar, type SimulatedPerson } from './people.js';
