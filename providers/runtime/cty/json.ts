/**
 * cty values ⇄ JSON, the state-file form (RawState.json, DynamicValue.json), following go-cty's
 * cty/json: objects list every attribute in sorted order, dynamic values are
 * {"value":…,"type":…}, numbers keep their exact decimal value, unknowns cannot be written.
 */
import { jsonNodeToPlain, JsonSyntaxError, parseJsonLossless, type JsonNode } from './json-parse';
import { numberToJsonText, parseCtyNumber, type CtyNumber } from './numbers';
import { getOwn, goJsonString, setOwn, sortedKeys } from './ordering';
import { CtyTypeError, type CtyPathStep } from './path';
import { CtyTypeJsonError, friendlyTypeName, typeFromJson, typeToJsonString, type CtyType } from './types';
import { CtyDynamic, Unknown, conform, dedupeSetElements, type CtyObjectValue, type CtyValue } from './values';

// ---------------------------------------------------------------------------------------------
// Encoding

function writeValue(out: string[], value: CtyValue | undefined, type: CtyType, path: CtyPathStep[]): void {
  if (value instanceof Unknown) throw new CtyTypeError([...path], 'value is not known; JSON cannot represent unknown values');
  if (type.kind === 'dynamic' && value instanceof CtyDynamic) {
    out.push('{"value":');
    writeValue(out, value.value, value.type, path);
    out.push(`,"type":${typeToJsonString(value.type)}}`);
    return;
  }
  if (value === null || value === undefined) {
    out.push('null');
    return;
  }
  const nested = (step: CtyPathStep, v: CtyValue | undefined, t: CtyType): void => {
    path.push(step);
    writeValue(out, v, t, path);
    path.pop();
  };
  switch (type.kind) {
    case 'string':
      out.push(goJsonString((value as string).normalize('NFC')));
      return;
    case 'number': {
      const n = value as CtyNumber;
      if (typeof n === 'number' && !Number.isFinite(n)) throw new CtyTypeError([...path], 'cannot serialize infinity as JSON');
      out.push(numberToJsonText(n));
      return;
    }
    case 'bool':
      out.push(value ? 'true' : 'false');
      return;
    case 'list':
    case 'set':
    case 'tuple': {
      const items = type.kind === 'set' ? dedupeSetElements(value as CtyValue[], type.element) : (value as CtyValue[]);
      out.push('[');
      items.forEach((item, i) => {
        if (i > 0) out.push(',');
        nested({ index: i }, item, type.kind === 'tuple' ? type.elements[i]! : type.element);
      });
      out.push(']');
      return;
    }
    case 'map':
    case 'object': {
      const record = value as CtyObjectValue;
      const keys = sortedKeys(type.kind === 'map' ? record : type.attributes);
      out.push('{');
      keys.forEach((k, i) => {
        out.push(`${i > 0 ? ',' : ''}${goJsonString(k)}:`);
        if (type.kind === 'map') nested({ key: k }, record[k], type.element);
        else nested({ attr: k }, getOwn(record, k), type.attributes[k]!);
      });
      out.push('}');
      return;
    }
    case 'dynamic':
      return; // unreachable: conform() only lets null, Unknown or CtyDynamic through
  }
}

/**
 * JSON text of `value` as `type` (the state-file form). Throws {@link CtyTypeError} if the value
 * does not conform, contains an unknown, or contains ±Infinity (JSON has no way to write either).
 */
export function encodeJson(value: CtyValue, type: CtyType): string {
  conform(value, type);
  const out: string[] = [];
  writeValue(out, value, type, []);
  return out.join('');
}

// ---------------------------------------------------------------------------------------------
// Decoding

function describeNode(node: JsonNode): string {
  switch (node.kind) {
    case 'number':
      return `number ${node.text.length > 40 ? `${node.text.slice(0, 40)}…` : node.text}`;
    case 'string':
      return 'a string';
    case 'bool':
      return 'a bool';
    case 'array':
      return 'an array';
    case 'object':
      return 'an object';
    case 'null':
      return 'null';
  }
}

class Decoder {
  readonly path: CtyPathStep[] = [];

  fail(reason: string): never {
    throw new CtyTypeError([...this.path], reason);
  }

  nested<T>(step: CtyPathStep, run: () => T): T {
    this.path.push(step);
    const result = run();
    this.path.pop();
    return result;
  }

  value(node: JsonNode, type: CtyType): CtyValue {
    if (node.kind === 'null') return null;
    switch (type.kind) {
      case 'dynamic':
        return this.dynamic(node);
      case 'string':
        // go-cty converts JSON numbers and bools to strings (the number keeps its source text).
        if (node.kind === 'string') return node.value.normalize('NFC');
        if (node.kind === 'number') return node.text;
        if (node.kind === 'bool') return node.value ? 'true' : 'false';
        return this.fail(`string is required (got ${describeNode(node)})`);
      case 'number': {
        const text = node.kind === 'number' ? node.text : node.kind === 'string' ? node.value : undefined;
        if (text === undefined) return this.fail(`number is required (got ${describeNode(node)})`);
        return parseCtyNumber(text) ?? this.fail(`a number is required (got the string ${JSON.stringify(text.slice(0, 40))})`);
      }
      case 'bool':
        if (node.kind === 'bool') return node.value;
        if (node.kind === 'string') {
          // go-cty's string→bool conversion.
          if (node.value === 'true' || node.value === '1') return true;
          if (node.value === 'false' || node.value === '0') return false;
          const lower = node.value.toLowerCase();
          if (lower === 'true' || lower === 'false') return this.fail(`a bool is required; to convert from string, use lowercase "${lower}"`);
        }
        return this.fail(`bool is required (got ${describeNode(node)})`);
      case 'list':
      case 'set': {
        if (node.kind !== 'array') return this.fail(`${friendlyTypeName(type)} required (got ${describeNode(node)})`);
        const items = node.items.map((item, i) => this.nested({ index: i }, () => this.value(item, type.element)));
        return type.kind === 'set' ? dedupeSetElements(items, type.element) : items;
      }
      case 'tuple': {
        if (node.kind !== 'array') return this.fail(`tuple required (got ${describeNode(node)})`);
        const want = type.elements.length;
        if (node.items.length > want) return this.fail(`too many tuple elements (need ${want})`);
        if (node.items.length < want) return this.fail(`not enough tuple elements (need ${want})`);
        return node.items.map((item, i) => this.nested({ index: i }, () => this.value(item, type.elements[i]!)));
      }
      case 'map': {
        if (node.kind !== 'object') return this.fail(`${friendlyTypeName(type)} required (got ${describeNode(node)})`);
        const out: CtyObjectValue = {};
        for (const [key, item] of node.members)
          setOwn(
            out,
            key,
            this.nested({ key }, () => this.value(item, type.element)),
          );
        return out;
      }
      case 'object': {
        if (node.kind !== 'object') return this.fail(`object required (got ${describeNode(node)})`);
        const found: CtyObjectValue = {};
        for (const [name, item] of node.members) {
          const attrType = getOwn(type.attributes, name);
          if (attrType === undefined) return this.fail(`unsupported attribute ${JSON.stringify(name)}`);
          setOwn(
            found,
            name,
            this.nested({ attr: name }, () => this.value(item, attrType)),
          );
        }
        // Attributes missing from state JSON are null (older schema versions, hand-edited states).
        const out: CtyObjectValue = {};
        for (const name of Object.keys(type.attributes)) setOwn(out, name, getOwn(found, name) ?? null);
        return out;
      }
    }
  }

  dynamic(node: JsonNode): CtyValue {
    if (node.kind !== 'object') return this.fail(`a dynamic value must be an object {"value":…,"type":…} (got ${describeNode(node)})`);
    let typeNode: JsonNode | undefined;
    let valueNode: JsonNode | undefined;
    for (const [key, member] of node.members) {
      if (key === 'type') typeNode = member;
      else if (key === 'value') valueNode = member;
      else return this.fail(`invalid key ${JSON.stringify(key)} in dynamically-typed value`);
    }
    if (typeNode === undefined) return this.fail('missing type in dynamically-typed value');
    if (valueNode === undefined) return this.fail('missing value in dynamically-typed value');
    let type: CtyType;
    try {
      type = typeFromJson(jsonNodeToPlain(typeNode));
    } catch (err) {
      if (err instanceof CtyTypeJsonError) return this.fail(`failed to decode type for dynamic value: ${err.message}`);
      throw err;
    }
    const inner = this.value(valueNode, type);
    return type.kind === 'dynamic' ? inner : new CtyDynamic(type, inner);
  }
}

/**
 * Decodes state-file JSON as `type` with go-cty's rules: missing object attributes become null,
 * unknown ones are errors, numbers keep full precision (big values become CtyBigNumber), and
 * strings/numbers/bools convert where go-cty converts them. Throws {@link CtyTypeError}.
 */
export function decodeJson(text: string | Uint8Array, type: CtyType): CtyValue {
  let source: string;
  if (typeof text === 'string') {
    source = text;
  } else {
    try {
      source = new TextDecoder('utf-8', { fatal: true }).decode(text);
    } catch {
      throw new CtyTypeError([], 'JSON input is not valid UTF-8');
    }
  }
  let node: JsonNode;
  try {
    node = parseJsonLossless(source);
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new CtyTypeError([], err.message);
    throw err;
  }
  return new Decoder().value(node, type);
}
