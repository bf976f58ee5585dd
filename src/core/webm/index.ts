export { WebmNormalizer, type NormalizedFrame, type TrackInfo } from './normalizer.js';
export { EbmlError } from './ebml.js';
