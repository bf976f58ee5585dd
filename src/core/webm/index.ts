export { WebmNormalizer, type NormalizedFrame, type TrackInfo } from './normalizer.js';
export { EbmlError, sameBytes } from './ebml.js';
