// Counts the frames a <video> presents (requestVideoFrameCallback), for meeting benchmarks:
// presented fps, the longest gap between two frames and the share of time spent in gaps over
// 200 ms ("frozen", shared/MEASURING.md). `live()` says whether the video is meant to be
// showing (a meet-tile in state="video"); gaps while it is not are not counted.

const FROZEN_GAP = 200;

/** Starts watching `video`; `now` is the page's wall clock in ms. */
export function watchPresented(video, now, live = () => true) {
  const frames = [];
  let stopped = false;
  const onFrame = () => {
    if (stopped) return;
    if (live()) frames.push(now());
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
  return {
    /** Stats of the window [from, to] (ms, wall clock). */
    stats(from, to) {
      const inWindow = frames.filter((t) => t >= from && t <= to);
      const points = [from, ...inWindow, to];
      let longest = 0;
      let frozen = 0;
      const gaps = [];
      for (let i = 1; i < points.length; i++) {
        const gap = points[i] - points[i - 1];
        longest = Math.max(longest, gap);
        if (gap > FROZEN_GAP) {
          frozen += gap;
          gaps.push([Math.round(points[i - 1] - from), Math.round(gap)]);
        }
      }
      // gaps: [ms into the window, length] of each frozen gap, for finding their cause.
      return { fps: inWindow.length / ((to - from) / 1000), longest, frozen: frozen / (to - from), gaps };
    },
    /** The first frame presented at or after `t`, if any. */
    firstAfter: (t) => frames.find((f) => f >= t),
    stop() {
      stopped = true;
    },
  };
}
