export {
  checkRecord,
  mergeRecords,
  parseShapeRecords,
  type ShapeRecord,
} from './record.js';
export {
  createShapeRecorder,
  type ShapeRecorder,
  type ShapeRecorderOptions,
} from './recorder.js';
export {
  checkShape,
  isFieldName,
  type JsonType,
  mergeShapes,
  type Shape,
  shapeOf,
} from './shape.js';
