import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import { MigrationAdapterFactory } from "./migration-adapter.ts";

// @types/node 20 declares no WebAssembly types; these are the few members we use.
type WasmExports = Record<string, unknown>;
interface WasmApi {
  Module: { new (bytes: Uint8Array): object; imports(module: object): { module: string; name: string }[] };
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: WasmExports };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

type BindgenModule = typeof import("@prisma/schema-engine-wasm/schema_engine_bg") & {
  __wbg_set_wasm(exports: WasmExports): void;
};

let bindgen: Promise<BindgenModule> | undefined;

/**
 * Loads Prisma's schema engine compiled to WebAssembly. The package's main entry imports the .wasm file as an ES
 * module, which Node 20 refuses, so we instantiate the .wasm by path and hand its exports to the JS bindings.
 */
function loadBindgen(): Promise<BindgenModule> {
  bindgen ??= (async () => {
    const require = createRequire(import.meta.url);
    // The package exports no ./package.json; resolve its bindings file and take that directory.
    const packageDir = dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
    const glue = (await import(join(packageDir, "schema_engine_bg.js"))) as BindgenModule;
    const module = new wasmApi.Module(readFileSync(join(packageDir, "schema_engine_bg.wasm")));
    const imports: Record<string, Record<string, unknown>> = {};
    for (const entry of wasmApi.Module.imports(module)) {
      const namespace = (imports[entry.module] ??= {});
      namespace[entry.name] = (glue as unknown as Record<string, unknown>)[entry.name];
    }
    const instance = new wasmApi.Instance(module, imports);
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return bindgen;
}

export interface EngineSession {
  engine: SchemaEngine;
  close(): Promise<void>;
}

/** The engine reports Rust panics through this global; we keep the message so the thrown error can say it. */
const panicRegistry = {
  lastMessage: "",
  set_message(message: string) {
    this.lastMessage = message;
  },
};
(globalThis as { PRISMA_WASM_PANIC_REGISTRY?: typeof panicRegistry }).PRISMA_WASM_PANIC_REGISTRY = panicRegistry;

export function lastEnginePanic(): string {
  return panicRegistry.lastMessage;
}

/** A schema engine bound to one database; always `close()` it so its pools end and the process can exit. */
export async function openSchemaEngine(
  databaseUrl: string,
  schemaPath: string,
  log: (line: string) => void = () => undefined,
): Promise<EngineSession> {
  const { SchemaEngine } = await loadBindgen();
  const adapterFactory = new MigrationAdapterFactory(databaseUrl);
  const factory = bindMigrationAwareSqlAdapterFactory(adapterFactory);
  const engine = await SchemaEngine.new({ datamodels: [[schemaPath, readFileSync(schemaPath, "utf8")]] }, log, factory);
  return {
    // SchemaEngine.new is the bindings' factory (the constructor is private), so the instance is genuine.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    engine,
    close: async () => {
      engine.free();
      await adapterFactory.closeAll();
    },
  };
}
