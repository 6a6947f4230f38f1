export * from "./raw-http-connection.ts";
