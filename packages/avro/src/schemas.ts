import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import avro from 'avsc';
import type { SchemaName } from './records.ts';

const schemaDirectory = fileURLToPath(new URL('../schemas/', import.meta.url));

type AvroJson = Record<string, unknown>;

const primitives = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);

function readSchemaFile(name: string): AvroJson {
  return JSON.parse(readFileSync(`${schemaDirectory}${name}.avsc`, 'utf8')) as AvroJson;
}

/** Every named type (record, enum, fixed) defined anywhere in the schema files, by full name. */
function namedTypesOfAllFiles(): Map<string, AvroJson> {
  const named = new Map<string, AvroJson>();
  const visit = (node: unknown, namespace: string): void => {
    if (Array.isArray(node)) return node.forEach((branch) => visit(branch, namespace));
    if (typeof node !== 'object' || node === null) return;
    const type = node as AvroJson;
    const ownNamespace = typeof type.namespace === 'string' ? type.namespace : namespace;
    if (typeof type.name === 'string' && ['record', 'enum', 'fixed'].includes(type.type as string)) {
      named.set(fullName(type.name, ownNamespace), type);
    }
    for (const field of (type.fields as AvroJson[] | undefined) ?? []) visit(field.type, ownNamespace);
    visit(type.items, ownNamespace);
    visit(type.values, ownNamespace);
  };
  for (const file of readdirSync(schemaDirectory).filter((entry) => entry.endsWith('.avsc'))) {
    visit(readSchemaFile(file.replace(/\.avsc$/, '')), '');
  }
  return named;
}

const fullName = (name: string, namespace: string) => (name.includes('.') || namespace === '' ? name : `${namespace}.${name}`);

/**
 * The schema of `name` as one self-contained document: a named type defined in another file is
 * inlined where it is first used (later uses stay references), so a registry subject needs no
 * schema references.
 */
export function loadSchema(name: SchemaName): AvroJson {
  const named = namedTypesOfAllFiles();
  const defined = new Set<string>();
  const inline = (node: unknown, namespace: string): unknown => {
    if (typeof node === 'string') {
      if (primitives.has(node)) return node;
      const key = named.has(node) ? node : fullName(node, namespace);
      if (defined.has(key) || !named.has(key)) return node;
      return inline(named.get(key), namespace);
    }
    if (Array.isArray(node)) return node.map((branch) => inline(branch, namespace));
    if (typeof node !== 'object' || node === null) return node;
    const type = { ...(node as AvroJson) };
    const ownNamespace = typeof type.namespace === 'string' ? type.namespace : namespace;
    if (typeof type.name === 'string' && ['record', 'enum', 'fixed'].includes(type.type as string)) {
      defined.add(fullName(type.name, ownNamespace));
      type.namespace = ownNamespace;
    }
    if (Array.isArray(type.fields)) {
      type.fields = (type.fields as AvroJson[]).map((field) => ({ ...field, type: inline(field.type, ownNamespace) }));
    }
    if (type.items !== undefined) type.items = inline(type.items, ownNamespace);
    if (type.values !== undefined) type.values = inline(type.values, ownNamespace);
    return type;
  };
  return inline(readSchemaFile(name), '') as AvroJson;
}

const types = new Map<SchemaName, avro.Type>();

/** The avsc type of a schema file, parsed once. */
export function schemaType(name: SchemaName): avro.Type {
  let type = types.get(name);
  if (!type) {
    type = avro.Type.forSchema(loadSchema(name) as avro.Schema);
    types.set(name, type);
  }
  return type;
}
