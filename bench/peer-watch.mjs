// For restart benchmarks, run in a page with `page.evaluate(watchPeer, name)`: the page's
// <meet-room> records on `window` the wall-clock times of the frames presented of `name`'s
// video (whichever <video> plays it, across reconnects; found by name, since a relay that forgot
// everyone would give them a new id), the names of those seen leaving, and when its connection
// was open again.
export function watchPeer(name) {
  const meeting = document.querySelector('meet-room');
  Object.assign(window, { presented: [], leaves: [], opened: [] });
  meeting.addEventListener('meet-participant-leave', (e) => window.leaves.push(e.participant.name));
  meeting.addEventListener('meet-connection-change', (e) => e.connection === 'open' && window.opened.push(Date.now()));
  let watched;
  const poll = () => {
    const id = meeting.participants.find((p) => p.name === name && p.id !== meeting.self?.id)?.id;
    const video = id !== undefined ? meeting.api?.media(id)?.video : undefined;
    if (video && video !== watched && video.requestVideoFrameCallback) {
      watched = video;
      const onFrame = () => {
        if (watched !== video) return;
        window.presented.push(Date.now());
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    }
    requestAnimationFrame(poll);
  };
  poll();
}
