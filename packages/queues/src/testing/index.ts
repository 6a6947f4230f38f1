export { startRedisServer, type RedisServer } from "./durable-redis-server.ts";
