/** cty values and types for the provider runtime: model, msgpack and JSON codecs. */
export {
  t,
  typeEquals,
  typeToString,
  typeToJson,
  typeToJsonString,
  typeFromJson,
  typeFromJsonText,
  friendlyTypeName,
  CtyTypeJsonError,
  type CtyType,
  type CtyTypeKind,
  type CtyStringType,
  type CtyNumberType,
  type CtyBoolType,
  type CtyDynamicType,
  type CtyListType,
  type CtySetType,
  type CtyMapType,
  type CtyObjectType,
  type CtyTupleType,
} from './types';
export { CtyBigNumber, numberEquals, parseCtyNumber, type CtyNumber } from './numbers';
export { CtyTypeError, formatPath, type CtyPath, type CtyPathStep } from './path';
export { Unknown, CtyDynamic, unknown, isUnknown, isWhollyKnown, isPlainObject, conform, valueEquals, type CtyValue, type CtyObjectValue, type CtyRefinements, type CtyNumberBound } from './values';
export { encodeMsgpack, decodeMsgpack } from './msgpack';
export { encodeJson, decodeJson } from './json';
